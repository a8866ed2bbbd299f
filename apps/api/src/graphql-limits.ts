import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';

/**
 * Validation rules that refuse abusive queries before they run: nesting deeper than `maxDepth`
 * (Team → runs → dataset → team → … can recurse), and more than `maxFields` field selections in
 * total after expanding fragments (a crude but predictable cost bound).
 */
export function queryLimits(maxDepth: number, maxFields: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

    const measure = (set: SelectionSetNode, depth: number, seen: Set<string>): { depth: number; fields: number } => {
      let deepest = depth;
      let fields = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          fields++;
          if (sel.selectionSet) {
            const inner = measure(sel.selectionSet, depth + 1, seen);
            deepest = Math.max(deepest, inner.depth);
            fields += inner.fields;
          }
        } else {
          const inner =
            sel.kind === Kind.INLINE_FRAGMENT
              ? measure(sel.selectionSet, depth, seen)
              : fragments.has(sel.name.value) && !seen.has(sel.name.value)
                ? measure(fragments.get(sel.name.value)!.selectionSet, depth, new Set([...seen, sel.name.value]))
                : { depth, fields: 0 };
          deepest = Math.max(deepest, inner.depth);
          fields += inner.fields;
        }
      }
      return { depth: deepest, fields };
    };

    return {
      OperationDefinition(node) {
        const { depth, fields } = measure(node.selectionSet, 1, new Set());
        if (depth > maxDepth) context.reportError(new GraphQLError(`Query is nested ${depth} levels deep; the limit is ${maxDepth}.`, { nodes: [node], extensions: { code: 'QUERY_TOO_DEEP' } }));
        if (fields > maxFields) context.reportError(new GraphQLError(`Query selects ${fields} fields; the limit is ${maxFields}.`, { nodes: [node], extensions: { code: 'QUERY_TOO_COMPLEX' } }));
      },
    };
  };
}
