import { readdirSync, readFileSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { typeDefs } from '@transferlab/graphql';
import { getIntrospectionQuery, graphqlSync, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readEnv } from '../env';
import { operationCost } from './operation-cost';

const schema = makeExecutableSchema({ typeDefs });

function price(source: string, variables: Record<string, unknown> = {}): number {
  const document = parse(source);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return operationCost({ schema, operation, fragments, variables, budget: 1e9 });
}

/** Fields in an execution result: every key of every object, as a client receives them. */
const fieldsIn = (value: unknown): number =>
  Array.isArray(value) ? value.reduce((sum: number, item) => sum + fieldsIn(item), 0)
  : value && typeof value === 'object' ? Object.values(value).reduce((sum: number, item) => sum + 1 + fieldsIn(item), 0)
  : 0;

describe('operationCost', () => {
  it('counts a list by its `first` argument, its default, or the variable sent', () => {
    expect(price('{ team(id: "t") { runs(first: 10) { id name } } }')).toBe(1 + 1 + 10 * 2);
    expect(price('{ team(id: "t") { runs { id } } }')).toBe(1 + 1 + 50 * 1);
    expect(price('query ($n: Int) { team(id: "t") { runs(first: $n) { id } } }', { n: 7 })).toBe(1 + 1 + 7);
  });

  it('prices nested pages as what they return', () => {
    // team, runs, and per run: dataset, images, and per image page item: items, id.
    expect(price('{ team(id: "t") { runs(first: 500) { dataset { images(first: 500) { items { id } } } } } }')).toBe(2 + 500 * (2 + 500 * 2));
  });

  it('counts the ids asked for in Query.runs, and the newest page without them', () => {
    expect(price('{ runs(teamId: "t", ids: ["a", "b", "c"]) { id } }')).toBe(1 + 3);
    expect(price('{ runs(teamId: "t") { id } }')).toBe(1 + 500);
  });

  it('prices a fragment spread many times once per spread (expanding 2^60 spreads would never finish)', () => {
    const chain = ['query { me { ...F0 } }', ...Array.from({ length: 60 }, (_, i) => `fragment F${i} on User { ...F${i + 1} ...F${i + 1} }`), 'fragment F60 on User { id }'].join('\n');
    expect(price(chain)).toBe(1 + 2 ** 60);
  });

  it('prices introspection exactly: the full standard query costs the fields it returns', () => {
    const query = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true });
    const result = graphqlSync({ schema, source: query });
    expect(result.errors).toBeUndefined();
    expect(price(query)).toBe(fieldsIn(result.data));
    expect(price('{ __type(name: "Run") { name fields { name } } }')).toBe(fieldsIn(graphqlSync({ schema, source: '{ __type(name: "Run") { name fields { name } } }' }).data));
  });

  it("keeps every operation of the web app and the trainer within the default budget", () => {
    const budget = readEnv({}).graphqlMaxCost;
    const webDir = new URL('../../../web/src/graphql/', import.meta.url);
    const sources = readdirSync(webDir).filter((f) => f.endsWith('.ts')).flatMap((f) => [...readFileSync(new URL(f, webDir), 'utf8').matchAll(/graphql\(`([\s\S]*?)`\)/g)].map((m) => m[1]!));
    sources.push(...readFileSync(new URL('../../../trainer/src/worker/operations.graphql', import.meta.url), 'utf8').split(/\n(?=query|mutation|subscription)/));
    const fragments = sources.filter((s) => s.trim().startsWith('fragment')).join('\n');
    const operations = sources.filter((s) => !s.trim().startsWith('fragment'));
    expect(operations.length).toBeGreaterThan(25);
    // The largest pages the web app asks for: the compare page's 8 runs, 48 thumbnails.
    const variables = { first: 48, offset: 0, ids: Array.from({ length: 8 }, (_, i) => `run-${i}`) };
    for (const operation of operations) {
      const name = operation.match(/(?:query|mutation|subscription)\s+(\w+)/)?.[1];
      const cost = price(`${operation}\n${fragments}`, variables);
      expect(cost, name).toBeLessThanOrEqual(budget / 2);
    }
  });
});
