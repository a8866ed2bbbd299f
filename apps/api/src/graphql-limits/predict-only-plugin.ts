import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { graphqlBodyBytes } from '../http/graphql-body';
import { fragmentsOf } from './document-limits';

/** The root fields an operation selects, through fragments. */
function rootFields(set: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  return set.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, fragments, seen);
    const fragment = fragments.get(selection.name.value);
    if (!fragment || seen.has(fragment.name.value)) return [];
    seen.add(fragment.name.value);
    return rootFields(fragment.selectionSet, fragments, seen);
  });
}

/**
 * A body over `maxBodyBytes` (which only a caller who may predict can send) must be a predict:
 * anything else is refused with 413 before it runs, as if the body limit had applied to it.
 */
export function predictOnlyPlugin(maxBodyBytes: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation, document }) {
          const bytes = graphqlBodyBytes(request.http?.body);
          if (!operation || bytes === undefined || bytes <= maxBodyBytes) return;
          const fields = rootFields(operation.selectionSet, fragmentsOf(document));
          if (operation.operation === 'mutation' && fields.length > 0 && fields.every((f) => f === 'predict')) return;
          throw new GraphQLError(`The request body is ${Math.ceil(bytes / 1024)} KB; the limit is ${Math.round(maxBodyBytes / 1024)} KB for anything but predict. Send less at once.`, {
            extensions: { code: 'PAYLOAD_TOO_LARGE', limit: maxBodyBytes, http: { status: 413 } },
          });
        },
      };
    },
  };
}
