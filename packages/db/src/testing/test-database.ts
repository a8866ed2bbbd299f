import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../client';
import type { Database, DatabaseKind } from '../types';
import { testDatabaseUrl } from './env';

export interface TestDatabase extends Database {
  /** The URL of the fresh PostgreSQL database (undefined on PGlite), to open a second connection. */
  url: string | undefined;
  /** Closes it and, on PostgreSQL, drops the database. */
  dispose(): Promise<void>;
}

/** A brand-new, migrated database: PGlite in memory, or a new `tl_test_<random>` database on PostgreSQL. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openDatabase({ memory: true });
    // Extended in place: migrateDatabase() recognizes the object createDatabase() made.
    return Object.assign(database, { url: undefined, dispose: () => database.close() });
  }

  const adminUrl = testDatabaseUrl();
  const name = `tl_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(adminUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let database: Database;
  try {
    database = await openDatabase({ url: url.toString() });
  } catch (error) {
    await dropDatabase(adminUrl, name);
    throw error;
  }
  let disposed = false;
  const opened = database;
  return Object.assign(opened, {
    url: url.toString(),
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      try {
        await opened.close();
      } finally {
        await dropDatabase(adminUrl, name);
      }
    },
  });
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  // FORCE: a test that failed half-way may have left a connection open.
  await withAdminClient(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function withAdminClient<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
