// The one place the testing helpers read configuration.
const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A PostgreSQL URL whose user may CREATE DATABASE; the database in it is only used to create and drop
 * the per-test databases. Override with TEST_DATABASE_URL.
 */
export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}
