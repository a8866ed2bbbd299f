import type { AppDb } from '@transferlab/db';
import { epochMetrics, sessions, type TeamRole } from '@transferlab/db/schema';
import { addMember, createDataset, createRun, createTeam, createUser } from '@transferlab/db/testing';
import { hashToken, newToken } from '../src/auth/tokens';
import type { TestApi } from '../test/harness';
import { CLAIM_RUN, postGraphql } from './post-graphql';

export interface BenchTeam {
  teamId: string;
  datasetId: string;
  ownerId: string;
  /** Session tokens of the team's VIEWERs. */
  viewerTokens: string[];
  workerToken: string;
}

/** A team with an owner and `viewers` members signed in (sessions straight in the database), a dataset, and a worker token. */
export async function seedBenchTeam(api: TestApi, viewers: number): Promise<BenchTeam> {
  const db = api.database.db;
  const team = await createTeam(db);
  const owner = await signedInMember(api, team.id, 'OWNER');
  const viewerTokens: string[] = [];
  for (let i = 0; i < viewers; i++) viewerTokens.push((await signedInMember(api, team.id, 'VIEWER')).token);
  const dataset = await createDataset(db, { teamId: team.id, createdBy: owner.userId });
  return { teamId: team.id, datasetId: dataset.id, ownerId: owner.userId, viewerTokens, workerToken: await api.workerToken('bench-worker') };
}

/** A new run, claimed over HTTP by the bench worker: RUNNING, leased to it, ready for reportEpoch. */
export async function runningRun(api: TestApi, team: BenchTeam): Promise<{ runId: string; leaseId: string }> {
  const run = await createRun(api.database.db, { teamId: team.teamId, datasetId: team.datasetId, createdBy: team.ownerId });
  const { data } = await postGraphql<{ claimRun: { run: { id: string; status: string }; leaseId: string } | null }>(
    api.server.url,
    CLAIM_RUN,
    { worker: { name: 'bench-worker', backend: 'none', device: 'cpu' } },
    team.workerToken,
  );
  if (data.claimRun?.run.id !== run.id) throw new Error(`claimRun returned ${JSON.stringify(data.claimRun)}, expected run ${run.id}.`);
  return { runId: run.id, leaseId: data.claimRun.leaseId };
}

/** A run with `rows` epoch rows, inserted straight into the database (FEATURE_EXTRACTION epochs 1..rows). */
export async function runWithEpochRows(api: { database: { db: AppDb } }, team: Pick<BenchTeam, 'teamId' | 'datasetId' | 'ownerId'>, rows: number): Promise<string> {
  const db = api.database.db;
  const run = await createRun(db, { teamId: team.teamId, datasetId: team.datasetId, createdBy: team.ownerId, status: 'SUCCEEDED' });
  const start = Date.now() - rows * 1000;
  const values = Array.from({ length: rows }, (_, i) => ({
    runId: run.id,
    phase: 'FEATURE_EXTRACTION' as const,
    epoch: i + 1,
    loss: 1 / (i + 1),
    accuracy: Math.min(1, 0.3 + i / (rows * 1.5)),
    valLoss: 1.2 / (i + 1),
    valAccuracy: Math.min(1, 0.25 + i / (rows * 1.5)),
    learningRate: 0.001,
    durationMs: 1000 + (i % 97),
    imagesPerSecond: 40 + (i % 13),
    at: new Date(start + i * 1000),
  }));
  for (let i = 0; i < values.length; i += 250) await db.insert(epochMetrics).values(values.slice(i, i + 250));
  return run.id;
}

export async function signedInMember(api: { database: { db: AppDb } }, teamId: string, role: TeamRole): Promise<{ userId: string; token: string }> {
  const db = api.database.db;
  const user = await createUser(db);
  const token = newToken('session');
  await db.insert(sessions).values({ userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 24 * 3_600_000) });
  await addMember(db, { teamId, userId: user.id, role });
  return { userId: user.id, token };
}
