// Internal: the driver-specific drizzle instance behind each Database, for the matching migrator.
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Pool } from 'pg';
import type { Database, Schema } from './types';

export type DriverDb =
  | { kind: 'pglite'; db: PgliteDatabase<Schema> }
  | { kind: 'postgres'; db: NodePgDatabase<Schema>; pool: Pool };

const drivers = new WeakMap<Database, DriverDb>();

export function registerDriver(database: Database, driver: DriverDb): void {
  drivers.set(database, driver);
}

export function driverOf(database: Database): DriverDb {
  const driver = drivers.get(database);
  if (!driver) throw new Error('Not a Database made by createDatabase().');
  return driver;
}
