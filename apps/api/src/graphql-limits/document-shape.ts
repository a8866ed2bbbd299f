import { Kind, type DirectiveNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** How a selection set is shaped once its fragments are expanded. */
export interface SelectionShape {
  /** Levels of data fields below this point. */
  depth: number;
  /** Levels of the deepest path that enters `__schema` or `__type`, from this point. */
  introspectionDepth: number;
  aliases: number;
  directives: number;
}

const EMPTY: SelectionShape = { depth: 0, introspectionDepth: 0, aliases: 0, directives: 0 };

/** `__schema` and `__type` open the schema's own description; `__typename` is an ordinary leaf. */
export const isIntrospectionField = (name: string) => name === '__schema' || name === '__type';

/**
 * Measures a selection set with each named fragment measured once and reused at every spread, so
 * a document of fragments that each spread the next twice costs linear time, not exponential.
 * A fragment's shape does not depend on where it is spread (depths are relative), which is what
 * makes the memo sound.
 */
export function createShapeMeasure(fragments: ReadonlyMap<string, FragmentDefinitionNode>): (set: SelectionSetNode) => SelectionShape {
  const memo = new Map<string, SelectionShape>();
  // Fragment cycles are invalid (NoFragmentCyclesRule reports them); rules run side by side, so
  // this one must still terminate on them.
  const inProgress = new Set<string>();

  const fragmentShape = (name: string): SelectionShape => {
    const known = memo.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment || inProgress.has(name)) return EMPTY;
    inProgress.add(name);
    const shape = measure(fragment.selectionSet);
    inProgress.delete(name);
    memo.set(name, shape);
    return shape;
  };

  const measure = (set: SelectionSetNode): SelectionShape => {
    const total: SelectionShape = { ...EMPTY };
    for (const selection of set.selections) {
      total.directives += countDirectives(selection.directives);
      if (selection.kind === Kind.FIELD) {
        const inner = selection.selectionSet ? measure(selection.selectionSet) : EMPTY;
        if (selection.alias) total.aliases += 1;
        total.aliases += inner.aliases;
        total.directives += inner.directives;
        if (isIntrospectionField(selection.name.value)) {
          total.introspectionDepth = Math.max(total.introspectionDepth, 1 + Math.max(inner.depth, inner.introspectionDepth));
        } else {
          total.depth = Math.max(total.depth, 1 + inner.depth);
          if (inner.introspectionDepth > 0) total.introspectionDepth = Math.max(total.introspectionDepth, 1 + inner.introspectionDepth);
        }
        continue;
      }
      const inner = selection.kind === Kind.INLINE_FRAGMENT ? measure(selection.selectionSet) : fragmentShape(selection.name.value);
      total.depth = Math.max(total.depth, inner.depth);
      total.introspectionDepth = Math.max(total.introspectionDepth, inner.introspectionDepth);
      total.aliases += inner.aliases;
      total.directives += inner.directives;
    }
    return total;
  };

  return measure;
}

const countDirectives = (directives: readonly DirectiveNode[] | undefined) => directives?.length ?? 0;
