import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  valueFromAST,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { isIntrospectionField } from './document-shape';
import { createIntrospectionCost } from './introspection-cost';
import { DEFAULT_LIST_SIZE, ID_LIST_ARGUMENT, LIST_SIZES, PAGE_SIZE_ARGUMENTS } from './list-sizes';

export interface OperationCostOptions {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** Coerced variable values: `first: $n` is priced at what $n asks for. */
  variables: Record<string, unknown>;
  /** Pricing may stop early once the cost is known to be above this. */
  budget: number;
}

/**
 * An estimate of how many fields an operation resolves: every field counts 1, and a list field
 * multiplies what it selects by the number of items it returns: its `first`/`limit` argument (or
 * that argument's default), the length of its `ids`, else an assumed size (list-sizes.ts).
 * `team { runs(first: 500) { dataset { images(first: 500) { items { id } } } } }` costs about
 * 500 x 500. Each named fragment is priced once and reused at every spread (a fragment's cost does
 * not depend on where it is spread), so pricing takes time linear in the document's size.
 * Introspection is priced exactly by introspection-cost.ts.
 */
export function operationCost({ schema, operation, fragments, variables, budget }: OperationCostOptions): number {
  const introspection = createIntrospectionCost({ schema, fragments, budget });
  const fragmentCosts = new Map<string, number>();
  const expanding = new Set<string>();

  const fragmentCost = (name: string): number => {
    const known = fragmentCosts.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    const type = fragment && schema.getType(fragment.typeCondition.name.value);
    if (!fragment || !type || expanding.has(name)) return 0;
    expanding.add(name);
    const total = selectionCost(fragment.selectionSet, type);
    expanding.delete(name);
    fragmentCosts.set(name, total);
    return total;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLNamedType): number => {
    const name = node.name.value;
    if (name === '__schema' && node.selectionSet) return 1 + introspection.schemaCost(node.selectionSet);
    if (name === '__type' && node.selectionSet) return 1 + introspection.typeCost(node.selectionSet, typeNameArgument(node, variables));
    if (isIntrospectionField(name) || !(isObjectType(parent) || isInterfaceType(parent))) return 1;
    const field = parent.getFields()[name];
    if (!field || !node.selectionSet) return 1;
    return 1 + itemsReturned(parent, field, node, variables) * selectionCost(node.selectionSet, getNamedType(field.type));
  };

  const selectionCost = (set: SelectionSetNode, parent: GraphQLNamedType): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) total += fieldCost(selection, parent);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) total += fragmentCost(selection.name.value);
      else {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type) total += selectionCost(selection.selectionSet, type);
      }
    }
    return total;
  };

  const root = schema.getRootType(operation.operation);
  return root ? selectionCost(operation.selectionSet, root) : 0;
}

/** How many items the field returns: 1 for a single object. */
function itemsReturned(parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Record<string, unknown>): number {
  for (const name of PAGE_SIZE_ARGUMENTS) {
    const size = argumentValue(field, node, name, variables);
    if (typeof size === 'number') return Math.max(0, size);
  }
  const ids = argumentValue(field, node, ID_LIST_ARGUMENT, variables);
  if (Array.isArray(ids)) return ids.length;
  if (!isListType(getNullableType(field.type))) return 1;
  return LIST_SIZES[`${parent.name}.${field.name}`] ?? DEFAULT_LIST_SIZE;
}

/** One argument's value as execution would see it (the default when absent); undefined when invalid. */
function argumentValue(field: GraphQLField<unknown, unknown>, node: FieldNode, name: string, variables: Record<string, unknown>): unknown {
  const definition = field.args.find((a) => a.name === name);
  if (!definition) return undefined;
  const value = node.arguments?.find((a) => a.name.value === name)?.value;
  const unset = !value || (value.kind === Kind.VARIABLE && !(value.name.value in variables));
  return unset ? definition.defaultValue : valueFromAST(value, definition.type, variables);
}

function typeNameArgument(node: FieldNode, variables: Record<string, unknown>): string | undefined {
  const arg = node.arguments?.find((a) => a.name.value === 'name');
  const value = arg && valueFromASTUntyped(arg.value, variables);
  return typeof value === 'string' ? value : undefined;
}
