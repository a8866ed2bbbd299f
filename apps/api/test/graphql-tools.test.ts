import { readFile } from 'node:fs/promises';
import { generate } from '@graphql-codegen/cli';
import { buildClientSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema, type IntrospectionQuery } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { typeDefs } from '@transferlab/graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import codegenConfig from '../codegen';
import { resolvers } from '../src/resolvers';
import { DB_KINDS, startTestApi, type TestApi } from './harness';

const FULL_INTROSPECTION = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true });
// The served schema: the SDL files plus the scalars' implementations (their descriptions, @specifiedBy).
const sdlSchema = () => printSchema(lexicographicSortSchema(makeExecutableSchema({ typeDefs, resolvers: resolvers as never })));
const openInBrowser = (url: string) => fetch(url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'accept-encoding': 'gzip' } });

describe.each(DB_KINDS)('standard GraphQL tools (%s)', (kind) => {
  let api: TestApi;
  let withoutIde: TestApi;
  beforeAll(async () => {
    [api, withoutIde] = await Promise.all([startTestApi(kind), startTestApi(kind, { graphqlIde: false })]);
  });
  afterAll(() => Promise.all([api.close(), withoutIde.close()]));

  it("answers graphql-js's full introspection query, every option on, with the schema of the SDL files", async () => {
    const result = await api.gql<IntrospectionQuery>(FULL_INTROSPECTION);
    expect(result.errors).toBeUndefined();
    expect(printSchema(lexicographicSortSchema(buildClientSchema(result.data!)))).toBe(sdlSchema());
  });

  it('lets GraphQL Code Generator pointed at the live URL produce the same types as from the SDL files', async () => {
    const generated = async (schema: string) => {
      const [file] = await generate({ ...codegenConfig, schema, silent: true }, false);
      return file!.content;
    };
    const fromUrl = await generated(api.server.url);
    expect(fromUrl).toContain('export type Run = {');
    expect(fromUrl).toBe(await generated(String(codegenConfig.schema)));
    // And the types committed in src/generated, which the API compiles against.
    expect(fromUrl).toBe(await readFile(new URL('../src/generated/graphql.ts', import.meta.url), 'utf8'));
  });

  it('serves GraphiQL at GET /graphql to a browser, with nothing loaded from another host', async () => {
    const res = await openInBrowser(api.server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const html = await res.text();
    expect(html).toContain('renderYogaGraphiQL');
    expect(html).toContain('"endpoint":"/graphql"');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']?(https?:)?\/\//i);
    const again = await fetch(api.server.url, { headers: { accept: 'text/html', 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('still answers GET queries and POSTs on the same path', async () => {
    const res = await fetch(`${api.server.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('serves no IDE when it is turned off', async () => {
    const res = await openInBrowser(withoutIde.server.url);
    expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await res.text()).not.toContain('GraphiQL');
    expect((await withoutIde.gql(FULL_INTROSPECTION)).errors).toBeUndefined();
  });
});
