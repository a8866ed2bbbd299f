import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../client';
import { runs } from '../schema';
import { createDataset, createRun, createTestDatabase, type TestDatabase } from '../testing';
import type { Database } from '../types';
import { claimNextRun } from './claim-next-run';
import type { ClaimOrder } from './claim-order';

const claim = (database: Database, order: ClaimOrder, memoryMb?: number) => claimNextRun(database.db, { workerName: 'gpu-1', leaseMs: 60_000, order, memoryMb });
const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);

describe.each(['pglite', 'postgres'] as const)('claim order and eligibility on %s', (kind) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(kind);
  });
  afterEach(async () => {
    await database?.dispose();
  });

  /** Team A queues 50 runs, then team B queues one: the order their runs are claimed in, by team. */
  async function busyTeamAndQuietTeam(): Promise<{ teamOf: Map<string, string> }> {
    const a = await createDataset(database.db);
    const b = await createDataset(database.db);
    const teamOf = new Map<string, string>();
    for (let i = 0; i < 50; i++) teamOf.set((await createRun(database.db, { datasetId: a.id, teamId: a.teamId, createdAt: ago(100 - i) })).id, 'A');
    teamOf.set((await createRun(database.db, { datasetId: b.id, teamId: b.teamId, createdAt: ago(10) })).id, 'B');
    return { teamOf };
  }

  it("fair: a team with 50 queued runs does not starve another team's single run", async () => {
    const { teamOf } = await busyTeamAndQuietTeam();
    const order: string[] = [];
    for (let i = 0; i < 3; i++) order.push(teamOf.get((await claim(database, 'fair'))!.id)!);
    // A's oldest first (it is older and neither team trains anything), then B's, while A already trains one.
    expect(order).toEqual(['A', 'B', 'A']);
  });

  it('fair: turns alternate between teams with several queued runs, oldest first within a team', async () => {
    const a = await createDataset(database.db);
    const b = await createDataset(database.db);
    const names = new Map<string, string>();
    for (let i = 0; i < 3; i++) names.set((await createRun(database.db, { datasetId: a.id, teamId: a.teamId, createdAt: ago(60 - i) })).id, `A${i + 1}`);
    for (let i = 0; i < 3; i++) names.set((await createRun(database.db, { datasetId: b.id, teamId: b.teamId, createdAt: ago(30 - i) })).id, `B${i + 1}`);
    const claimed: string[] = [];
    for (let run = await claim(database, 'fair'); run; run = await claim(database, 'fair')) claimed.push(names.get(run.id)!);
    expect(claimed).toEqual(['A1', 'B1', 'A2', 'B2', 'A3', 'B3']);
  });

  it('fifo: the oldest run first, whoever queued it', async () => {
    const { teamOf } = await busyTeamAndQuietTeam();
    const order: string[] = [];
    for (let i = 0; i < 51; i++) order.push(teamOf.get((await claim(database, 'fifo'))!.id)!);
    expect(order.indexOf('B')).toBe(50);
  });

  it.each(['fair', 'fifo'] as const)('%s: a trainer never claims a run estimated above the memory it declares', async (order) => {
    const big = await createRun(database.db, { memoryEstimateMb: 9000, createdAt: ago(30) });
    const small = await createRun(database.db, { memoryEstimateMb: 2000, createdAt: ago(20) });
    const unknown = await createRun(database.db, { createdAt: ago(10) });
    expect((await claim(database, order, 4096))?.id).toBe(small.id);
    // Runs queued before estimates existed are anyone's.
    expect((await claim(database, order, 4096))?.id).toBe(unknown.id);
    expect(await claim(database, order, 4096)).toBeNull();
    expect((await claim(database, order, 9000))?.id).toBe(big.id);
    const [row] = await database.db.select().from(runs).where(eq(runs.id, big.id));
    expect(row?.status).toBe('RUNNING');
  });

  it('fair: never hands one run to two claimers racing for it', async () => {
    const datasets = [await createDataset(database.db), await createDataset(database.db)];
    for (let i = 0; i < 20; i++) {
      const dataset = datasets[i % 2]!;
      await createRun(database.db, { datasetId: dataset.id, teamId: dataset.teamId });
    }
    const second = kind === 'postgres' ? await createDatabase({ url: database.url ?? '' }) : database;
    try {
      const claimer = async (claimerDb: Database) => {
        const ids: string[] = [];
        for (let run = await claim(claimerDb, 'fair'); run; run = await claim(claimerDb, 'fair')) ids.push(run.id);
        return ids;
      };
      const all = (await Promise.all([database, database, database, second, second, second].map(claimer))).flat();
      expect(all).toHaveLength(20);
      expect(new Set(all).size).toBe(20);
    } finally {
      if (second !== database) await second.close();
    }
  });
});
