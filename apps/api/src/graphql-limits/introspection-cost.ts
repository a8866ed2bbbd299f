import {
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isWrappingType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type GraphQLType,
  type SelectionSetNode,
} from 'graphql';

/** One object of the introspection graph (a type, field, argument, …) and its __-type name. */
interface Entity {
  typeName: string;
  value: unknown;
}

const many = (typeName: string, values: readonly unknown[]): Entity[] => values.map((value) => ({ typeName, value }));

/** The introspection objects a field of `parent` returns, read from the schema itself. */
function childrenOf(schema: GraphQLSchema, parent: Entity, field: string): Entity[] {
  const { typeName, value } = parent;
  if (typeName === '__Schema') {
    if (field === 'types') return many('__Type', Object.values(schema.getTypeMap()));
    if (field === 'directives') return many('__Directive', schema.getDirectives());
    const root = { queryType: schema.getQueryType(), mutationType: schema.getMutationType(), subscriptionType: schema.getSubscriptionType() }[field];
    return root ? many('__Type', [root]) : [];
  }
  if (typeName === '__Type') {
    const type = value as GraphQLType;
    if (field === 'ofType') return isWrappingType(type) ? many('__Type', [type.ofType]) : [];
    if (field === 'fields') return isObjectType(type) || isInterfaceType(type) ? many('__Field', Object.values(type.getFields())) : [];
    if (field === 'interfaces') return isObjectType(type) || isInterfaceType(type) ? many('__Type', type.getInterfaces()) : [];
    if (field === 'possibleTypes') return isAbstractType(type) ? many('__Type', schema.getPossibleTypes(type)) : [];
    if (field === 'enumValues') return isEnumType(type) ? many('__EnumValue', type.getValues()) : [];
    if (field === 'inputFields') return isInputObjectType(type) ? many('__InputValue', Object.values(type.getFields())) : [];
    return [];
  }
  if (typeName === '__Field' || typeName === '__Directive' || typeName === '__InputValue') {
    const item = value as { args?: readonly unknown[]; type?: GraphQLType };
    if (field === 'args') return many('__InputValue', item.args ?? []);
    if (field === 'type' && item.type) return many('__Type', [item.type]);
  }
  return [];
}

export interface IntrospectionCostOptions {
  schema: GraphQLSchema;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** Stop counting past this: the caller only needs to know that it is over. */
  budget: number;
}

/**
 * The exact number of fields a selection under `__schema`/`__type` resolves, found by walking the
 * schema's own types, fields and arguments as introspection would. Each (selection set, schema
 * object) pair is priced once and reused, so fragments spread many times cost nothing extra to
 * price; and since every pair priced adds at least one field to the total, the walk stops as soon
 * as it has done more work than the budget allows.
 */
export function createIntrospectionCost({ schema, fragments, budget }: IntrospectionCostOptions) {
  const memo = new Map<SelectionSetNode, Map<unknown, number>>();
  // Fragment cycles are invalid (NoFragmentCyclesRule), but pricing may run before that is known.
  const expanding = new Set<string>();
  let pairsPriced = 0;

  const cost = (set: SelectionSetNode, entity: Entity): number => {
    let bySet = memo.get(set);
    const known = bySet?.get(entity.value);
    if (known !== undefined) return known;
    if (++pairsPriced > budget) return Infinity;
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        total += 1;
        if (selection.selectionSet) for (const child of childrenOf(schema, entity, selection.name.value)) total += cost(selection.selectionSet, child);
      } else {
        // A type condition is taken to hold: that can only widen the estimate.
        if (selection.kind === Kind.INLINE_FRAGMENT) {
          total += cost(selection.selectionSet, entity);
          continue;
        }
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || expanding.has(name)) continue;
        expanding.add(name);
        total += cost(fragment.selectionSet, entity);
        expanding.delete(name);
      }
    }
    if (!bySet) memo.set(set, (bySet = new Map()));
    bySet.set(entity.value, total);
    return total;
  };

  return {
    /** `__schema { … }` */
    schemaCost: (set: SelectionSetNode) => cost(set, { typeName: '__Schema', value: schema }),
    /** `__type(name:) { … }`: nothing when no type has that name. */
    typeCost: (set: SelectionSetNode, typeName: string | undefined) => {
      const type = typeName === undefined ? undefined : schema.getType(typeName);
      return type ? cost(set, { typeName: '__Type', value: type }) : 0;
    },
  };
}
