import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createDatabase } from './client';
import { createTestDatabase } from './testing';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));

/** Runs `pnpm migrate`'s entry point with exactly the given environment. */
function runMigrateCli(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/migrate-cli.ts'],
      { cwd: packageDir, env: { PATH: process.env.PATH ?? '', ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('the migrate CLI', () => {
  it('exits non-zero and names the variables when neither is set', async () => {
    const result = await runMigrateCli({});
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/DATABASE_URL.*TRANSFERLAB_DATA_DIR/);
  });

  it('exits non-zero when the database cannot be reached', async () => {
    const result = await runMigrateCli({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Migration failed: Cannot connect/);
  });

  it('migrates the PGlite database under TRANSFERLAB_DATA_DIR', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tl-migrate-'));
    try {
      const result = await runMigrateCli({ TRANSFERLAB_DATA_DIR: root });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const database = await createDatabase({ dataDir: join(root, 'db') });
      const tables = await database.db.execute(sql`select 1 from information_schema.tables where table_name = 'runs'`);
      await database.close();
      expect(tables.rows).toHaveLength(1);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('migrates the PostgreSQL database at DATABASE_URL', async () => {
    const target = await createTestDatabase('postgres');
    try {
      await target.db.execute(sql`drop schema public cascade`);
      await target.db.execute(sql`drop schema drizzle cascade`);
      await target.db.execute(sql`create schema public`);
      const result = await runMigrateCli({ DATABASE_URL: target.url ?? '' });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Migrated PostgreSQL/);
      const tables = await target.db.execute(sql`select 1 from information_schema.tables where table_name = 'runs'`);
      expect(tables.rows).toHaveLength(1);
    } finally {
      await target.dispose();
    }
  });
});
