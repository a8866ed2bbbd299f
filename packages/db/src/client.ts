import { mkdir } from 'node:fs/promises';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { registerDriver } from './driver';
import { migrateDatabase } from './migrate';
import { ChannelRegistry, quoteChannel, sendNotification } from './notifications';
import { PostgresListener } from './postgres-listener';
import * as schema from './schema';
import type { AppDb, Database, DatabaseOptions } from './types';

/**
 * Opens a database without migrating it: PostgreSQL when `url` is given, else PGlite on disk
 * (`dataDir`) or in memory (`memory: true`). Exactly one of the three must be chosen.
 */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  const chosen = [options.url !== undefined, options.dataDir !== undefined, options.memory === true].filter(Boolean);
  if (chosen.length !== 1) {
    throw new Error(
      'createDatabase needs exactly one of `url` (PostgreSQL), `dataDir` (PGlite on disk) or `memory: true` (PGlite in memory).',
    );
  }
  if (options.url !== undefined) return createPostgresDatabase(options.url);
  return createPgliteDatabase(options.dataDir);
}

/** createDatabase, then the committed migrations: what an app does at start-up. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const database = await createDatabase(options);
  try {
    await migrateDatabase(database);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
  return database;
}

async function createPostgresDatabase(url: string): Promise<Database> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(`The database URL must start with postgres:// or postgresql:// (got "${redact(url)}").`);
  }
  const pool = new pg.Pool({ connectionString: url });
  // An idle pooled connection that the server closes emits here; without a handler Node would crash.
  pool.on('error', (error) => console.warn(`A pooled database connection failed: ${error.message}`));
  try {
    // Fail here, with the URL in the message, rather than at the first query.
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot connect to PostgreSQL at ${redact(url)}: ${message}`, { cause: error });
  }
  const db = drizzleNodePg({ client: pool, schema });
  const listener = new PostgresListener(url);
  const appDb = db as unknown as AppDb;
  let closed = false;
  const database: Database = {
    db: appDb,
    kind: 'postgres',
    listen: (channel, onPayload) => listener.listen(channel, onPayload),
    notify: (channel, payload, executor = appDb) => sendNotification(executor, channel, payload),
    close: async () => {
      if (closed) return;
      closed = true;
      await listener.close();
      await pool.end();
    },
  };
  registerDriver(database, { kind: 'postgres', db, pool });
  return database;
}

// PGlite runs PostgreSQL inside this process, and its default 128 MB of shared buffers were
// resident from the start (an idle PGlite measured 294 MB resident, 166 MB with 16 MB). Pages
// not in them are read through the operating system's file cache, which keeps them warm anyway;
// durability is unchanged. Given as a start parameter: PGlite's `postgresqlconf` option would
// overwrite the data folder's postgresql.conf. Going lower saves nothing measurable (4 MB: 168 MB
// resident): what remains is PGlite's WebAssembly memory, which cannot start below 128 MB.
const PGLITE_SHARED_BUFFERS = '16MB';

async function createPgliteDatabase(dataDir: string | undefined): Promise<Database> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  // Imported here, not at the top: a server on PostgreSQL never loads PGlite (idle 292 -> 280 MB resident).
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')]);
  const startParams = [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`];
  const client = await PGlite.create({ ...(dataDir === undefined ? {} : { dataDir }), startParams });
  const db = drizzlePglite({ client, schema });
  // LISTEN/UNLISTEN through our own quoting rather than PGlite's listen(), which lower-cases names.
  const registry = new ChannelRegistry({
    listen: async (channel) => {
      await client.exec(`LISTEN ${quoteChannel(channel)}`);
    },
    unlisten: async (channel) => {
      if (!client.closed) await client.exec(`UNLISTEN ${quoteChannel(channel)}`);
    },
  });
  const stopDispatch = client.onNotification((channel, payload) => registry.dispatch(channel, payload));
  const appDb = db as unknown as AppDb;
  let closed = false;
  const database: Database = {
    db: appDb,
    kind: 'pglite',
    listen: (channel, onPayload) => {
      if (closed) return Promise.reject(new Error('The database is closed.'));
      return registry.add(channel, onPayload);
    },
    notify: (channel, payload, executor = appDb) => sendNotification(executor, channel, payload),
    close: async () => {
      if (closed) return;
      closed = true;
      stopDispatch();
      registry.clear();
      await client.close();
    },
  };
  registerDriver(database, { kind: 'pglite', db });
  return database;
}

/** The URL without its password, for error messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}
