import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoDataset, selectBackend, trainClassifier, type ModelMetadata } from '@transferlab/ml-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { createTeamFixture, FINISH_RUN, modelFiles, settleLeftoverRuns, startClaimedRun, uploadModel } from './runs-fixtures';

const MODEL = `query ($id: ID!) { run(id: $id) { model {
  valAccuracy confusionMatrix
  testEvaluation { accuracy count confusionMatrix classMetrics { name precision recall f1 support } }
  phaseBests { phase bestEpoch valLoss valAccuracy epochsRun stoppedEarly } } } }`;

interface ModelView {
  valAccuracy: number;
  confusionMatrix: number[][];
  testEvaluation: { accuracy: number; count: number; confusionMatrix: number[][]; classMetrics: { name: string; support: number }[] } | null;
  phaseBests: { phase: string; bestEpoch: number | null; valLoss: number | null; valAccuracy: number | null; epochsRun: number; stoppedEarly: boolean }[];
}

/** The metadata modelFiles writes, with ml-core's test-split evaluation and per-phase bests added. */
function metadataWithTest(extra: Record<string, unknown> = {}) {
  const base = JSON.parse(modelFiles()['metadata.json'].toString()) as { metrics: Record<string, unknown> } & Record<string, unknown>;
  return {
    ...base,
    metrics: {
      ...base.metrics,
      phases: [
        { phase: 'FEATURE_EXTRACTION', bestEpoch: 4, valLoss: 0.41, valAccuracy: 0.85, epochsRun: 6, stoppedEarly: true },
        { phase: 'FINE_TUNE', bestEpoch: 2, valLoss: 0.33, valAccuracy: 0.875, epochsRun: 5, stoppedEarly: false },
      ],
    },
    testEvaluation: {
      accuracy: 0.7,
      topK: { 1: 0.7, 2: 1 },
      confusionMatrix: [
        [4, 1],
        [2, 3],
      ],
      classMetrics: [
        { name: 'daisy', precision: 0.667, recall: 0.8, f1: 0.727, support: 5 },
        { name: 'tulips', precision: 0.75, recall: 0.6, f1: 0.667, support: 5 },
      ],
      count: 10,
    },
    ...extra,
  };
}

// What ml-core itself writes for a run with a test split (a tiny BASELINE, seconds): the API must
// take it as it is, not only the hand-written metadata below.
let trained: ModelMetadata;
beforeAll(async () => {
  await selectBackend({ prefer: 'auto' });
  const root = await mkdtemp(join(tmpdir(), 'transferlab-test-split-'));
  try {
    await generateDemoDataset({ dir: root, classes: 2, imagesPerClass: 10, imageSize: 32, seed: 5 });
    const result = await trainClassifier({ datasetDir: root, config: { strategy: 'BASELINE', imageSize: 32, epochs: 2, batchSize: 8, testSplit: 0.2, seed: 5 } });
    result.dispose();
    trained = result.metadata;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

describe.each(DB_KINDS)("a model's held-out test metrics and each phase's best (%s)", (kind) => {
  let api: TestApi;
  let worker: string;
  beforeAll(async () => {
    api = await startTestApi(kind);
    worker = await api.workerToken('gpu-1');
  });
  afterAll(() => api.close());
  afterEach(() => settleLeftoverRuns(api));

  /** Finishes a new run with the given metadata.json; the upload's response. */
  async function finishWith(metadata: unknown) {
    const team = await createTeamFixture(api);
    const { run, leaseId } = await startClaimedRun(api, worker, team);
    const lease = { runId: run.id, leaseId };
    const upload = await uploadModel(api, lease, worker, modelFiles(undefined, { metadata }));
    if (upload.status === 201) await api.must(FINISH_RUN, lease, worker);
    return { upload, team, run };
  }

  it('serves the test split apart from validation, and the phases in training order', async () => {
    const { upload, team, run } = await finishWith(metadataWithTest());
    expect(upload.status).toBe(201);
    const { run: view } = await api.must<{ run: { model: ModelView } }>(MODEL, { id: run.id }, team.viewer.token);
    // Validation (which chose the epoch) stays where the contract has it; the test split is separate.
    expect(view.model).toMatchObject({ valAccuracy: 0.875, confusionMatrix: [[4, 0], [1, 3]] });
    expect(view.model.testEvaluation).toMatchObject({ accuracy: 0.7, count: 10, confusionMatrix: [[4, 1], [2, 3]] });
    expect(view.model.testEvaluation!.classMetrics.map((c) => [c.name, c.support])).toEqual([['daisy', 5], ['tulips', 5]]);
    expect(view.model.phaseBests).toEqual([
      { phase: 'FEATURE_EXTRACTION', bestEpoch: 4, valLoss: 0.41, valAccuracy: 0.85, epochsRun: 6, stoppedEarly: true },
      { phase: 'FINE_TUNE', bestEpoch: 2, valLoss: 0.33, valAccuracy: 0.875, epochsRun: 5, stoppedEarly: false },
    ]);
  });

  it("takes ml-core's own metadata.json of a run with a test split, and serves its test evaluation and phase", async () => {
    expect(trained.testEvaluation).not.toBeNull();
    const { upload, team, run } = await finishWith(trained);
    expect(upload.status).toBe(201);
    const { run: view } = await api.must<{ run: { model: ModelView } }>(MODEL, { id: run.id }, team.viewer.token);
    const { accuracy, count, confusionMatrix, classMetrics } = trained.testEvaluation!;
    expect(view.model.testEvaluation).toEqual({ accuracy, count, confusionMatrix, classMetrics });
    expect(view.model.phaseBests).toEqual(trained.metrics.phases);
    expect(view.model.phaseBests.map((p) => p.phase)).toEqual(['BASELINE']);
  });

  it('a model without a test split (or saved before there were any) has none and no phase bests', async () => {
    const { upload, team, run } = await finishWith(JSON.parse(modelFiles()['metadata.json'].toString()));
    expect(upload.status).toBe(201);
    const { run: view } = await api.must<{ run: { model: ModelView } }>(MODEL, { id: run.id }, team.viewer.token);
    expect(view.model.testEvaluation).toBeNull();
    expect(view.model.phaseBests).toEqual([]);
  });

  it('refuses metadata whose test evaluation does not match its classes, or with more phases than there are', async () => {
    const wrongSize = metadataWithTest();
    wrongSize.testEvaluation.confusionMatrix = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const refused = await finishWith(wrongSize);
    expect(refused.upload.status).toBe(400);
    expect(((await refused.upload.json()) as { error: string }).error).toBe("metadata.json's testEvaluation.confusionMatrix must be 2×2, one row and column per class.");

    const base = metadataWithTest();
    const tooMany = { ...base, metrics: { ...base.metrics, phases: new Array(4).fill((base.metrics.phases as unknown[])[0]) } };
    const overLong = await finishWith(tooMany);
    expect(overLong.upload.status).toBe(400);
    expect(((await overLong.upload.json()) as { error: string }).error).toMatch(/metrics\.phases: Too big: expected array to have <=3 items/);
  });
});
