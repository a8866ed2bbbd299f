import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../client';
import { runs } from '../schema';
import { createDataset, createRun, createTestDatabase, type TestDatabase } from '../testing';
import type { Database } from '../types';
import { claimNextRun } from './claim-next-run';
import { failExhaustedRuns } from './fail-exhausted-runs';

const lease = { workerName: 'gpu-1', leaseMs: 60_000 };

/** Makes the run's lease a second old, as if its worker stopped heartbeating. */
async function expireLease(database: Database, runId: string): Promise<void> {
  await database.db
    .update(runs)
    .set({ leaseExpiresAt: sql`now() - interval '1 second'` })
    .where(eq(runs.id, runId));
}

describe.each(['pglite', 'postgres'] as const)('the run queue on %s', (kind) => {
  let database: TestDatabase;
  beforeEach(async () => {
    // A fresh database per test: the queue is the whole runs table.
    database = await createTestDatabase(kind);
  });
  afterEach(async () => {
    await database?.dispose();
  });

  it('hands out the oldest queued run with a lease, and nothing when the queue is empty', async () => {
    expect(await claimNextRun(database.db, lease)).toBeNull();
    const dataset = await createDataset(database.db);
    const first = await createRun(database.db, { datasetId: dataset.id, createdAt: new Date(Date.now() - 2000) });
    const second = await createRun(database.db, { datasetId: dataset.id, createdAt: new Date(Date.now() - 1000) });

    const before = Date.now();
    const claimed = await claimNextRun(database.db, { ...lease, worker: { name: 'gpu-1', backend: 'tensorflow' } });
    expect(claimed?.id).toBe(first.id);
    expect(claimed?.status).toBe('RUNNING');
    expect(claimed?.attempts).toBe(1);
    expect(claimed?.leaseOwner).toBe('gpu-1');
    expect(claimed?.worker).toEqual({ name: 'gpu-1', backend: 'tensorflow' });
    expect(claimed?.startedAt).toBeInstanceOf(Date);
    const expiresIn = (claimed?.leaseExpiresAt?.getTime() ?? 0) - before;
    expect(expiresIn).toBeGreaterThan(55_000);
    expect(expiresIn).toBeLessThan(65_000);

    expect((await claimNextRun(database.db, lease))?.id).toBe(second.id);
    expect(await claimNextRun(database.db, lease)).toBeNull();
  });

  it('hands a run out again once its lease expires, keeping its first start time', async () => {
    const run = await createRun(database.db);
    const first = await claimNextRun(database.db, { workerName: 'crashed', leaseMs: 50 });
    expect(first?.id).toBe(run.id);
    expect(await claimNextRun(database.db, lease)).toBeNull();

    await new Promise((resolve) => setTimeout(resolve, 150));
    const second = await claimNextRun(database.db, { workerName: 'gpu-2', leaseMs: 60_000 });
    expect(second?.id).toBe(run.id);
    expect(second?.attempts).toBe(2);
    expect(second?.leaseOwner).toBe('gpu-2');
    expect(second?.worker).toEqual({ name: 'gpu-2' });
    expect(second?.startedAt?.getTime()).toBe(first?.startedAt?.getTime());
    // A new lease id, even for the same lease owner: the earlier claim's holder is told apart.
    expect(first?.leaseId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.leaseId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.leaseId).not.toBe(first?.leaseId);
  });

  it('does not hand out a run again after its last attempt; failExhaustedRuns fails it', async () => {
    const exhausted = await createRun(database.db, { maxAttempts: 2 });
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect((await claimNextRun(database.db, lease))?.id).toBe(exhausted.id);
      await expireLease(database, exhausted.id);
    }
    expect(await claimNextRun(database.db, lease)).toBeNull();

    // Still within its lease: left alone.
    const healthy = await createRun(database.db, { maxAttempts: 1 });
    expect((await claimNextRun(database.db, lease))?.id).toBe(healthy.id);

    const failed = await failExhaustedRuns(database.db);
    expect(failed.map((run) => run.id)).toEqual([exhausted.id]);
    const [row] = await database.db.select().from(runs).where(eq(runs.id, exhausted.id));
    expect(row?.status).toBe('FAILED');
    expect(row?.finishedAt).toBeInstanceOf(Date);
    expect(row?.failure).toEqual({
      code: 'INTERNAL',
      kind: 'system',
      message: expect.stringContaining('lost its worker 2 times'),
    });
    expect(row?.error).toBe(row?.failure?.message);
    expect(await failExhaustedRuns(database.db)).toEqual([]);
    const [still] = await database.db.select().from(runs).where(eq(runs.id, healthy.id));
    expect(still?.status).toBe('RUNNING');
  });

  it('skips finished runs and runs whose cancellation was requested', async () => {
    await createRun(database.db, { status: 'SUCCEEDED' });
    await createRun(database.db, { status: 'FAILED' });
    await createRun(database.db, { status: 'CANCELED' });
    await createRun(database.db, { cancelRequested: true });
    const abandoned = await createRun(database.db);
    await claimNextRun(database.db, lease);
    await database.db.update(runs).set({ cancelRequested: true }).where(eq(runs.id, abandoned.id));
    await expireLease(database, abandoned.id);
    expect(await claimNextRun(database.db, lease)).toBeNull();
  });

  it('runs inside a transaction', async () => {
    const run = await createRun(database.db);
    const claimed = await database.db.transaction((tx) => claimNextRun(tx, lease));
    expect(claimed?.id).toBe(run.id);
  });

  it('refuses a lease that is not a positive duration', async () => {
    await expect(claimNextRun(database.db, { workerName: 'w', leaseMs: 0 })).rejects.toThrow(/leaseMs/);
  });

  it('never hands one run to two claimers racing for it', async () => {
    const total = 20;
    const dataset = await createDataset(database.db);
    for (let i = 0; i < total; i++) await createRun(database.db, { datasetId: dataset.id });

    // On PostgreSQL each claimer has its own pool, like two trainer processes; PGlite is one process's database.
    const second = kind === 'postgres' ? await createDatabase({ url: database.url ?? '' }) : database;
    try {
      const claimer = async (claimerDb: Database, workerName: string) => {
        const ids: string[] = [];
        for (;;) {
          const run = await claimNextRun(claimerDb.db, { workerName, leaseMs: 60_000 });
          if (!run) return ids;
          ids.push(run.id);
        }
      };
      // Three loops per pool, so that claims really contend for the same rows at the same moment.
      const results = await Promise.all(
        ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'].map((name) => claimer(name.startsWith('a') ? database : second, name)),
      );
      const a = results.slice(0, 3).flat();
      const b = results.slice(3).flat();
      const all = [...a, ...b];
      expect(all).toHaveLength(total);
      expect(new Set(all).size).toBe(total);
      if (kind === 'postgres') {
        // Both really raced: each got some.
        expect(a.length).toBeGreaterThan(0);
        expect(b.length).toBeGreaterThan(0);
      }
      const rows = await database.db.select().from(runs);
      expect(rows.every((row) => row.status === 'RUNNING' && row.attempts === 1)).toBe(true);
    } finally {
      if (second !== database) await second.close();
    }
  });
});
