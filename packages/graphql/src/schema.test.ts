import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildASTSchema, isObjectType, isInputObjectType, isEnumType, isUnionType, parse, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { typeDefs } from './index';

const schema = buildASTSchema(parse(typeDefs.join('\n')));

/** Every type, field, argument, enum value and union member of `reference` must exist in `actual`. */
function missingNames(reference: GraphQLSchema, actual: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(reference.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const mine = actual.getType(type.name);
    if (!mine) {
      missing.push(type.name);
      continue;
    }
    if ((isObjectType(type) && isObjectType(mine)) || (isInputObjectType(type) && isInputObjectType(mine))) {
      const fields = mine.getFields() as Record<string, { args?: readonly { name: string }[] }>;
      for (const [name, field] of Object.entries(type.getFields())) {
        if (!fields[name]) missing.push(`${type.name}.${name}`);
        else for (const arg of (field as { args?: readonly { name: string }[] }).args ?? []) {
          if (!fields[name]!.args?.some((a) => a.name === arg.name)) missing.push(`${type.name}.${name}(${arg.name})`);
        }
      }
    }
    if (isEnumType(type) && isEnumType(mine)) {
      for (const v of type.getValues()) if (!mine.getValue(v.name)) missing.push(`${type.name}.${v.name}`);
    }
    if (isUnionType(type) && isUnionType(mine)) {
      for (const t of type.getTypes()) if (!mine.getTypes().some((m) => m.name === t.name)) missing.push(`${type.name} | ${t.name}`);
    }
  }
  return missing;
}

describe('schema', () => {
  it('builds into a valid schema with the contract\'s root operations', () => {
    expect(schema.getQueryType()?.getFields().run).toBeDefined();
    expect(schema.getMutationType()?.getFields().startRun).toBeDefined();
    expect(schema.getSubscriptionType()?.getFields().runEvents).toBeDefined();
  });

  // The shared contract is read where it is (never copied): when present, nothing in it may be missing here.
  const shared = fileURLToPath(new URL('../../../../shared/contract.graphql', import.meta.url));
  it.skipIf(!existsSync(shared))('keeps every name of ../shared/contract.graphql', () => {
    const contract = buildASTSchema(parse(readFileSync(shared, 'utf8')));
    expect(missingNames(contract, schema)).toEqual([]);
  });
});
