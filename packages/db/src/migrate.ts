import { fileURLToPath } from 'node:url';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { driverOf } from './driver';
import type { Database } from './types';

/** The committed SQL migrations, wherever the package is installed. */
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

// Any constant: it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_KEY = 7_346_291_503;

/**
 * Applies the committed migrations that this database has not seen yet; a no-op when it is up to date.
 * On PostgreSQL an advisory lock serializes API replicas that start together.
 */
export async function migrateDatabase(database: Database): Promise<void> {
  const driver = driverOf(database);
  if (driver.kind === 'pglite') {
    await migratePglite(driver.db, { migrationsFolder });
    return;
  }
  const lockClient = await driver.pool.connect();
  try {
    await lockClient.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrateNodePg(driver.db, { migrationsFolder });
  } finally {
    await lockClient.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    lockClient.release();
  }
}
