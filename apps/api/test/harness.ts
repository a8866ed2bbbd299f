import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@transferlab/db/testing';
import { workerTokens } from '@transferlab/db/schema';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { hashToken, newToken } from '../src/auth/tokens';
import { createLogger } from '../src/logger';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../src/server';

export type DbKind = 'pglite' | 'postgres';
export const DB_KINDS: DbKind[] = ['pglite', 'postgres'];

export interface GqlResult<T = Record<string, unknown>> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

/** A real API server on a fresh database and data folder, with real HTTP and WebSocket clients. */
export interface TestApi {
  server: ApiServer;
  database: TestDatabase;
  dataDir: string;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  /** Like gql, but throws on errors and returns data. */
  must<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  ws(token?: string): Client;
  signUp(email?: string): Promise<{ token: string; userId: string; email: string }>;
  workerToken(name?: string): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;

export async function startTestApi(kind: DbKind, options: Partial<ApiServerOptions> = {}): Promise<TestApi> {
  const database = await createTestDatabase(kind);
  const dataDir = await mkdtemp(join(tmpdir(), 'transferlab-api-'));
  // No prediction thread per claim: most tests claim runs and predict nothing, and a thread costs
  // seconds of CPU to start (prediction-while-training.test.ts turns it on).
  const server = await startApiServer({ database, dataDir, logger: createLogger('silent'), predictThreads: 1, predictWhileTraining: false, ...options });
  const clients: Client[] = [];

  const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>> => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GqlResult<T>;
  };

  const api: TestApi = {
    server,
    database,
    dataDir,
    gql,
    async must<T>(query: string, variables?: Record<string, unknown>, token?: string) {
      const result = await gql<T>(query, variables, token);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data as T;
    },
    ws(token?: string) {
      const client = createClient({
        url: server.wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
        lazy: true,
      });
      clients.push(client);
      return client;
    },
    async signUp(email = `user${++counter}-${Date.now()}@example.com`) {
      const data = await api.must<{ signUp: { token: string; user: { id: string } } }>(
        'mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password, name: "Test") { token user { id } } }',
        { email, password: 'correct horse battery staple' },
      );
      return { token: data.signUp.token, userId: data.signUp.user.id, email };
    },
    async workerToken(name = 'test-worker') {
      const token = newToken('worker');
      await database.db.insert(workerTokens).values({ name, tokenHash: hashToken(token) });
      return token;
    },
    async close() {
      await Promise.all(clients.map((c) => c.dispose()));
      await server.close();
      await database.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return api;
}

/** The first error's code of a GraphQL result, or undefined when it succeeded. */
export const codeOf = (result: GqlResult) => result.errors?.[0]?.extensions?.code;

/** Runs one operation over the socket: its result, or `closed:<code>` when the server refuses the connection. */
export function overSocket(client: Client, query: string): Promise<GqlResult | string> {
  return new Promise((resolve) => {
    let result: GqlResult | undefined;
    client.subscribe(
      { query },
      {
        next: (value) => (result = value as GqlResult),
        error: (e) => resolve(`closed:${(e as { code?: number }).code ?? String(e)}`),
        complete: () => resolve(result ?? 'no result'),
      },
    );
  });
}
