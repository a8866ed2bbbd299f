import { join } from 'node:path';
import type { DatabaseOptions } from './types';

/**
 * Which database `pnpm migrate` migrates: PostgreSQL at DATABASE_URL, else the embedded PGlite
 * database under TRANSFERLAB_DATA_DIR (at `<dir>/db`, where the API opens it). No silent default.
 */
export function resolveMigrateTarget(env: Readonly<Record<string, string | undefined>>): DatabaseOptions {
  const url = env.DATABASE_URL?.trim();
  if (url) return { url };
  const dataDir = env.TRANSFERLAB_DATA_DIR?.trim();
  if (dataDir) return { dataDir: join(dataDir, 'db') };
  throw new Error(
    'Set DATABASE_URL (postgres://… for PostgreSQL) or TRANSFERLAB_DATA_DIR (the embedded database lives in its db/ folder).',
  );
}

/** The target as a log line, without a password. */
export function describeMigrateTarget(target: DatabaseOptions): string {
  if (target.url) {
    try {
      const url = new URL(target.url);
      if (url.password) url.password = '***';
      return `PostgreSQL ${url.toString()}`;
    } catch {
      return 'PostgreSQL (unparseable URL)';
    }
  }
  return `PGlite ${target.dataDir ?? '(in memory)'}`;
}
