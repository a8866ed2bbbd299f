import { Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLError, type OperationDefinitionNode } from 'graphql';
import { createShapeMeasure } from './document-shape';
import { limitExceeded, type GraphqlLimits } from './limits';

export type ShapeLimits = Pick<GraphqlLimits, 'maxDepth' | 'maxIntrospectionDepth' | 'maxAliases' | 'maxDirectives'>;

/** The named fragments of a document, by name. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  return fragments;
}

/**
 * What the operation's shape alone can tell: data depth, introspection depth (its own, more
 * generous bound: tools' standard introspection query nests 14 levels), aliases and directives.
 */
export function documentLimitErrors(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, limits: ShapeLimits): GraphQLError[] {
  const shape = createShapeMeasure(fragments)(operation.selectionSet);
  const directives = shape.directives + (operation.directives?.length ?? 0);
  const errors: GraphQLError[] = [];
  if (shape.depth > limits.maxDepth) {
    errors.push(limitExceeded('QUERY_TOO_DEEP', `Query is nested ${shape.depth} levels deep; the limit is ${limits.maxDepth}. Ask for less at once, or follow ids in a second query.`, { name: 'maxDepth', max: limits.maxDepth, actual: shape.depth }, operation));
  }
  if (shape.introspectionDepth > limits.maxIntrospectionDepth) {
    errors.push(limitExceeded('QUERY_TOO_DEEP', `Introspection is nested ${shape.introspectionDepth} levels deep; the limit is ${limits.maxIntrospectionDepth} (graphql-js's standard introspection query needs 14).`, { name: 'maxIntrospectionDepth', max: limits.maxIntrospectionDepth, actual: shape.introspectionDepth }, operation));
  }
  if (shape.aliases > limits.maxAliases) {
    errors.push(limitExceeded('TOO_MANY_ALIASES', `Query uses ${shape.aliases} aliases (fragments expanded); the limit is ${limits.maxAliases}. Send several requests instead.`, { name: 'maxAliases', max: limits.maxAliases, actual: shape.aliases }, operation));
  }
  if (directives > limits.maxDirectives) {
    errors.push(limitExceeded('TOO_MANY_DIRECTIVES', `Query uses ${directives} directives (fragments expanded); the limit is ${limits.maxDirectives}.`, { name: 'maxDirectives', max: limits.maxDirectives, actual: directives }, operation));
  }
  return errors;
}
