import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

export type Schema = typeof schema;

/**
 * What both drivers' raw results have in common: PGlite's `Results` and node-postgres's `QueryResult`
 * both carry `rows`. With it `db.execute<Row>(sql)` is typed the same whichever driver is behind.
 */
export interface AppQueryResultHKT extends PgQueryResultHKT {
  type: QueryRows<this['row']>;
}

export interface QueryRows<TRow> {
  rows: TRow[];
}

/** The drizzle database, the same type over PGlite and node-postgres. */
export type AppDb = PgDatabase<AppQueryResultHKT, Schema>;

/** The `tx` of `db.transaction(async (tx) => …)`. */
export type AppTransaction = PgTransaction<AppQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** Anything that runs statements: the database itself or an open transaction. */
export type DbExecutor = AppDb | AppTransaction;

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseOptions {
  /** `postgres://…`: a real PostgreSQL server through a node-postgres pool. */
  url?: string;
  /** A folder for an on-disk PGlite database; created (with its parents) if missing. */
  dataDir?: string;
  /** An in-memory PGlite database, gone when closed. */
  memory?: boolean;
}

/** Stops listening; resolves once the server has been told (a no-op when called twice). */
export type Unlisten = () => Promise<void>;

export interface Database {
  db: AppDb;
  kind: DatabaseKind;
  /**
   * Calls `onPayload` with every notification on `channel`, from this process or any other connected
   * to the same database. Resolves once the server is listening, so a notification sent after it
   * resolves is delivered. On PostgreSQL, notifications sent while the listening connection is down
   * (it reconnects by itself) are lost: treat a notification as a hint to re-read, not as the data.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<Unlisten>;
  /**
   * `pg_notify(channel, payload)`. Pass the open transaction as `executor` to send it at commit (and
   * not at all on rollback); on PGlite this is required inside a transaction, since PGlite runs one
   * statement at a time and a statement from outside waits for the transaction to end.
   * Payloads must stay under 8000 bytes (a PostgreSQL limit): send ids, not documents.
   */
  notify(channel: string, payload: string, executor?: DbExecutor): Promise<void>;
  /** Closes the listener and every connection (or the PGlite instance). */
  close(): Promise<void>;
}
