import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { createDatabase, openDatabase } from './client';
import { migrateDatabase } from './migrate';
import { createTestDatabase } from './testing';

describe('createDatabase', () => {
  it('wants exactly one of url, dataDir and memory', async () => {
    await expect(createDatabase({})).rejects.toThrow(/exactly one of/);
    await expect(createDatabase({ memory: true, dataDir: '/tmp/x' })).rejects.toThrow(/exactly one of/);
  });

  it('refuses a URL that is not PostgreSQL, and says where it could not connect', async () => {
    await expect(createDatabase({ url: 'mysql://localhost/db' })).rejects.toThrow(/postgres:\/\//);
    // Port 1 on the loopback: nothing listens there.
    await expect(createDatabase({ url: 'postgres://u:secret@127.0.0.1:1/db' })).rejects.toThrow(
      /Cannot connect to PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db/,
    );
  });

  it('does not migrate by itself; openDatabase does', async () => {
    const bare = await createDatabase({ memory: true });
    try {
      const tables = await bare.db.execute(sql`select 1 from information_schema.tables where table_name = 'runs'`);
      expect(tables.rows).toHaveLength(0);
      await migrateDatabase(bare);
      const after = await bare.db.execute(sql`select 1 from information_schema.tables where table_name = 'runs'`);
      expect(after.rows).toHaveLength(1);
    } finally {
      await bare.close();
    }
  });

  it('puts PGlite on disk, creating missing parent folders, and keeps its data across reopening', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tl-db-'));
    const dataDir = join(root, 'nested', 'deeper', 'db');
    try {
      const first = await openDatabase({ dataDir });
      expect(first.kind).toBe('pglite');
      await first.db.execute(sql`insert into teams (name) values ('persisted')`);
      await first.close();
      await first.close();
      const conf = await readFile(join(dataDir, 'postgresql.conf'), 'utf8');
      const second = await openDatabase({ dataDir });
      const result = await second.db.execute<{ name: string }>(sql`select name from teams`);
      // The small buffer pool is a start parameter, not written into the folder's postgresql.conf.
      const buffers = await second.db.execute<{ shared_buffers: string }>(sql`show shared_buffers`);
      await second.close();
      expect(result.rows.map((row) => row.name)).toEqual(['persisted']);
      expect(buffers.rows[0]?.shared_buffers).toBe('16MB');
      expect(await readFile(join(dataDir, 'postgresql.conf'), 'utf8')).toBe(conf);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('refuses to listen once closed', async () => {
    const database = await createDatabase({ memory: true });
    await database.close();
    await expect(database.listen('c', () => undefined)).rejects.toThrow(/closed/);
  });
});

describe('createTestDatabase on postgres', () => {
  it('makes a new tl_test_ database and drops it on dispose', async () => {
    const database = await createTestDatabase('postgres');
    expect(database.kind).toBe('postgres');
    const name = new URL(database.url ?? '').pathname.slice(1);
    expect(name).toMatch(/^tl_test_[0-9a-f]{12}$/);
    const observer = await createDatabase({ url: database.url ?? '' });
    const current = await observer.db.execute<{ name: string }>(sql`select current_database() as name`);
    expect(current.rows[0]?.name).toBe(name);
    // dispose() drops it even with another connection still open (WITH (FORCE)); that pool then warns.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await database.dispose();
    await observer.close().catch(() => undefined);
    warn.mockRestore();
    const admin = await createTestDatabase('postgres');
    try {
      const left = await admin.db.execute(sql`select 1 from pg_database where datname = ${name}`);
      expect(left.rows).toHaveLength(0);
    } finally {
      await admin.dispose();
    }
  });
});
