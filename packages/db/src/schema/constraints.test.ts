import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createDataset,
  createDatasetImage,
  createEpochMetric,
  createModel,
  createRun,
  createTeam,
  createUser,
  createTestDatabase,
  fakeSha256,
  type TestDatabase,
} from '../testing';
import {
  apiTokens,
  datasetImages,
  datasets,
  epochMetrics,
  modelAliases,
  models,
  runs,
  sessions,
  teamMembers,
  teams,
  users,
} from './index';

/** The database error behind drizzle's wrapper (drizzle 0.45 wraps driver errors in `cause`). */
async function databaseError(promise: Promise<unknown>): Promise<{ code?: string; constraint?: string }> {
  try {
    await promise;
  } catch (error) {
    let current: unknown = error;
    while (current instanceof Error) {
      const candidate = current as Error & { code?: string; constraint?: string };
      if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
      current = candidate.cause;
    }
    throw error;
  }
  throw new Error('expected the statement to fail');
}

describe.each(['pglite', 'postgres'] as const)('schema constraints on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('refuses a second user with the same email, and an email that is not lower-case', async () => {
    const user = await createUser(database.db);
    const duplicate = await databaseError(createUser(database.db, { email: user.email }));
    expect(duplicate.code).toBe('23505');
    expect(duplicate.constraint).toBe('users_email_unique');

    const upper = await databaseError(createUser(database.db, { email: 'Someone@Example.test' }));
    expect(upper.code).toBe('23514');
    expect(upper.constraint).toBe('users_email_lower_case');
  });

  it('stores one epoch metric per run, phase and epoch; a repeated report is ignored', async () => {
    const run = await createRun(database.db);
    await createEpochMetric(database.db, { runId: run.id, epoch: 1, loss: 0.5 });
    const repeated = await database.db
      .insert(epochMetrics)
      .values({
        runId: run.id,
        phase: 'FEATURE_EXTRACTION',
        epoch: 1,
        loss: 0.1,
        accuracy: 0.9,
        learningRate: 0.001,
        durationMs: 10,
        imagesPerSecond: 1,
      })
      .onConflictDoNothing({ target: [epochMetrics.runId, epochMetrics.phase, epochMetrics.epoch] })
      .returning();
    expect(repeated).toEqual([]);
    // The same epoch number in the other phase is a different row.
    await createEpochMetric(database.db, { runId: run.id, phase: 'FINE_TUNE', epoch: 1 });

    const rows = await database.db
      .select()
      .from(epochMetrics)
      .where(eq(epochMetrics.runId, run.id))
      .orderBy(epochMetrics.phase, epochMetrics.epoch);
    expect(rows.map((row) => [row.phase, row.epoch, row.loss])).toEqual([
      ['FEATURE_EXTRACTION', 1, 0.5],
      ['FINE_TUNE', 1, 0.9],
    ]);
    expect(rows[0]?.learningRate).toBe(0.001);
    expect(rows[0]?.at).toBeInstanceOf(Date);
  });

  it('numbers model versions uniquely per team and name', async () => {
    const team = await createTeam(database.db);
    await createModel(database.db, { teamId: team.id, name: 'flowers', version: 1 });
    const clash = await databaseError(createModel(database.db, { teamId: team.id, name: 'flowers', version: 1 }));
    expect(clash.constraint).toBe('models_team_name_version_unique');
    await createModel(database.db, { teamId: team.id, name: 'flowers', version: 2 });
    // Another team may use the same name and version.
    await createModel(database.db, { name: 'flowers', version: 1 });
  });

  it('yields at most one model per run', async () => {
    const model = await createModel(database.db);
    const clash = await databaseError(createModel(database.db, { runId: model.runId, version: 2 }));
    expect(clash.constraint).toBe('models_run_id_unique');
  });

  it('stores the same image once per dataset, split and class', async () => {
    const dataset = await createDataset(database.db);
    const sha256 = fakeSha256();
    const image = { datasetId: dataset.id, sha256, className: 'roses', split: 'train' as const };
    await createDatasetImage(database.db, image);
    const again = await database.db
      .insert(datasetImages)
      .values({ ...image, fileName: 'copy.jpg', bytes: 1, width: 1, height: 1 })
      .onConflictDoNothing()
      .returning();
    expect(again).toEqual([]);
    // The same file in the val split, or in another class, is another image.
    await createDatasetImage(database.db, { ...image, split: 'val' });
    await createDatasetImage(database.db, { ...image, className: 'tulips' });
    const [row] = await database.db
      .select({ n: count() })
      .from(datasetImages)
      .where(eq(datasetImages.datasetId, dataset.id));
    expect(row?.n).toBe(3);
  });

  it('round-trips jsonb columns and defaults', async () => {
    const run = await createRun(database.db, {
      config: { epochs: 3, augmentation: { flip: true } },
      progress: { phase: 'FEATURE_EXTRACTION', epoch: 1, epochs: 3, batch: 2, batches: 10, etaSeconds: null },
    });
    expect(run.status).toBe('QUEUED');
    expect(run.attempts).toBe(0);
    expect(run.maxAttempts).toBe(3);
    expect(run.cancelRequested).toBe(false);
    expect(run.config).toEqual({ epochs: 3, augmentation: { flip: true } });
    expect(run.progress?.batches).toBe(10);
    expect(run.createdAt).toBeInstanceOf(Date);
    expect(run.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('deleting a team deletes its members, tokens, datasets, images, runs, metrics, models and aliases', async () => {
    const owner = await createUser(database.db);
    const team = await createTeam(database.db);
    await addMember(database.db, { teamId: team.id, userId: owner.id, role: 'OWNER' });
    await database.db
      .insert(apiTokens)
      .values({ teamId: team.id, createdBy: owner.id, name: 'ci', tokenHash: fakeSha256() });
    const dataset = await createDataset(database.db, { teamId: team.id, createdBy: owner.id });
    await createDatasetImage(database.db, { datasetId: dataset.id });
    const run = await createRun(database.db, { datasetId: dataset.id });
    await createEpochMetric(database.db, { runId: run.id });
    const model = await createModel(database.db, { runId: run.id });
    await database.db
      .insert(modelAliases)
      .values({ teamId: team.id, modelName: model.name, alias: 'production', modelId: model.id });

    await database.db.delete(teams).where(eq(teams.id, team.id));

    const left = async (table: typeof teamMembers | typeof apiTokens | typeof datasets | typeof runs | typeof models | typeof modelAliases) => {
      const [row] = await database.db.select({ n: count() }).from(table).where(eq(table.teamId, team.id));
      return row?.n;
    };
    for (const table of [teamMembers, apiTokens, datasets, runs, models, modelAliases]) expect(await left(table)).toBe(0);
    const [images] = await database.db
      .select({ n: count() })
      .from(datasetImages)
      .where(eq(datasetImages.datasetId, dataset.id));
    expect(images?.n).toBe(0);
    const [metrics] = await database.db.select({ n: count() }).from(epochMetrics).where(eq(epochMetrics.runId, run.id));
    expect(metrics?.n).toBe(0);
    // The user outlives the team.
    expect(await database.db.select().from(users).where(eq(users.id, owner.id))).toHaveLength(1);
  });

  it('deleting a user deletes their sessions and memberships', async () => {
    const user = await createUser(database.db);
    const team = await createTeam(database.db);
    await addMember(database.db, { teamId: team.id, userId: user.id });
    await database.db
      .insert(sessions)
      .values({ userId: user.id, tokenHash: fakeSha256(), expiresAt: new Date(Date.now() + 3_600_000) });
    await database.db.delete(users).where(eq(users.id, user.id));
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual([]);
    expect(await database.db.select().from(teamMembers).where(eq(teamMembers.userId, user.id))).toEqual([]);
  });

  it('deleting a model deletes its aliases; deleting a run deletes its metrics', async () => {
    const model = await createModel(database.db);
    await database.db
      .insert(modelAliases)
      .values({ teamId: model.teamId, modelName: model.name, alias: 'staging', modelId: model.id });
    await database.db.delete(models).where(eq(models.id, model.id));
    expect(await database.db.select().from(modelAliases).where(eq(modelAliases.modelId, model.id))).toEqual([]);

    const run = await createRun(database.db);
    await createEpochMetric(database.db, { runId: run.id });
    await database.db.delete(runs).where(eq(runs.id, run.id));
    expect(await database.db.select().from(epochMetrics).where(eq(epochMetrics.runId, run.id))).toEqual([]);
  });

  it('keeps a dataset that runs were trained on', async () => {
    const run = await createRun(database.db);
    const blocked = await databaseError(database.db.delete(datasets).where(eq(datasets.id, run.datasetId)));
    expect(blocked.code).toBe('23503');
  });

  it('moves an alias to another version with an upsert', async () => {
    const team = await createTeam(database.db);
    const v1 = await createModel(database.db, { teamId: team.id, name: 'flowers', version: 1 });
    const v2 = await createModel(database.db, { teamId: team.id, name: 'flowers', version: 2 });
    for (const model of [v1, v2]) {
      await database.db
        .insert(modelAliases)
        .values({ teamId: team.id, modelName: 'flowers', alias: 'production', modelId: model.id })
        .onConflictDoUpdate({
          target: [modelAliases.teamId, modelAliases.modelName, modelAliases.alias],
          set: { modelId: model.id },
        });
    }
    const rows = await database.db.select().from(modelAliases).where(eq(modelAliases.teamId, team.id));
    expect(rows.map((row) => row.modelId)).toEqual([v2.id]);
  });

  it('answers relational queries', async () => {
    const run = await createRun(database.db);
    await createEpochMetric(database.db, { runId: run.id, epoch: 2 });
    await createEpochMetric(database.db, { runId: run.id, epoch: 1 });
    const found = await database.db.query.runs.findFirst({
      where: eq(runs.id, run.id),
      with: { dataset: true, metrics: { orderBy: [epochMetrics.epoch] } },
    });
    expect(found?.dataset.id).toBe(run.datasetId);
    expect(found?.metrics.map((metric) => metric.epoch)).toEqual([1, 2]);
  });
});
