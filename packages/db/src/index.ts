export { createDatabase, openDatabase } from './client';
export { migrateDatabase, migrationsFolder } from './migrate';
export { MAX_NOTIFY_PAYLOAD_BYTES } from './notifications';
export type {
  AppDb,
  AppQueryResultHKT,
  AppTransaction,
  Database,
  DatabaseKind,
  DatabaseOptions,
  DbExecutor,
  QueryRows,
  Schema,
  Unlisten,
} from './types';
