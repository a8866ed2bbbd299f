import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import { claimRun, createImageDataset, createTeamFixture, expectError, FINISH_RUN, modelFiles, settleLeftoverRuns, startRun, uploadModel, type ImageFixture, type TeamFixture } from './runs-fixtures';

const PREDICTIONS = `query ($id: ID!, $first: Int, $after: String, $trueClass: String, $predictedClass: String, $minLoss: Float, $split: PredictionSplit, $orderBy: ModelPredictionOrder) {
  run(id: $id) { model { predictions(first: $first, after: $after, trueClass: $trueClass, predictedClass: $predictedClass, minLoss: $minLoss, split: $split, orderBy: $orderBy) {
    totalCount hasNextPage endCursor
    items { imageSha256 split trueClass predictedClass confidence loss topK { className probability } url image { id className } }
  } } } }`;

interface PredictionView {
  imageSha256: string;
  split: string;
  trueClass: string;
  predictedClass: string;
  confidence: number;
  loss: number;
  topK: { className: string; probability: number }[];
  url: string;
  image: { id: string; className: string } | null;
}
interface Page {
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
  items: PredictionView[];
}

/** A record as ml-core writes it; `p` is the probability of the predicted class (of two). */
function record(image: ImageFixture, predictedClass: string, p: number, split = 'val') {
  const other = predictedClass === 'daisy' ? 'tulips' : 'daisy';
  const pTrue = image.className === predictedClass ? p : 1 - p;
  return {
    sha256: image.sha256,
    split,
    trueClass: image.className,
    predictedClass,
    loss: -Math.log(pTrue),
    topK: [
      { className: predictedClass, probability: p },
      { className: other, probability: 1 - p },
    ],
  };
}

/** modelFiles' metadata (8 validation images evaluated) with a test split of one tulip. */
function metadataWithOneTestImage() {
  const base = JSON.parse(modelFiles()['metadata.json'].toString()) as Record<string, unknown>;
  const classMetrics = [
    { name: 'daisy', precision: 0, recall: 0, f1: 0, support: 0 },
    { name: 'tulips', precision: 1, recall: 1, f1: 1, support: 1 },
  ];
  return { ...base, testEvaluation: { accuracy: 1, count: 1, confusionMatrix: [[0, 0], [0, 1]], classMetrics } };
}

const predictionsFile = (images: unknown[]) => Buffer.from(JSON.stringify({ format: 'transferlab-predictions/1', images }));

describe.each(DB_KINDS)("a model's per-image predictions (%s)", (kind) => {
  let api: TestApi;
  let worker: string;
  beforeAll(async () => {
    api = await startTestApi(kind);
    worker = await api.workerToken('gpu-1');
  });
  afterAll(() => api.close());
  afterEach(() => settleLeftoverRuns(api));

  /** A claimed run of a new dataset (daisy and tulips, 2 train + 1 val image each); uploads `predictions` with the model. */
  async function finishWith(team: TeamFixture, predictions: (images: ImageFixture[]) => unknown[] | null) {
    const { dataset, images } = await createImageDataset(api, team, { daisy: 2, tulips: 2 });
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'FEATURE_EXTRACTION', name: 'mistakes' });
    const claimed = (await claimRun(api, worker)).data!.claimRun!;
    const lease = { runId: run.id, leaseId: claimed.leaseId };
    const records = predictions(images);
    const files = { ...modelFiles(undefined, { metadata: metadataWithOneTestImage() }), ...(records ? { 'predictions.json': predictionsFile(records) } : {}) };
    const upload = await uploadModel(api, lease, worker, files);
    if (upload.status === 201) await api.must(FINISH_RUN, lease, worker);
    return { upload, run, images, datasetId: dataset.id };
  }

  const page = async (team: TeamFixture, runId: string, args: Record<string, unknown> = {}) =>
    (await api.must<{ run: { model: { predictions: Page } } }>(PREDICTIONS, { id: runId, ...args }, team.viewer.token)).run.model.predictions;

  // Six images: two wrong with high confidence, the rest right; one tulip also recorded on the test split.
  const sixRecords = (images: ImageFixture[]) => {
    const [d0, d1, d2, t0, t1, t2] = images as [ImageFixture, ImageFixture, ImageFixture, ImageFixture, ImageFixture, ImageFixture];
    return [record(d0, 'tulips', 0.9), record(t0, 'daisy', 0.7), record(d1, 'daisy', 0.8), record(d2, 'daisy', 0.95), record(t1, 'tulips', 0.6), record(t2, 'tulips', 0.99, 'test')];
  };

  it('stores them when the run finishes and pages them most wrong first, with the image and its URL', async () => {
    const team = await createTeamFixture(api);
    const { upload, run, images, datasetId } = await finishWith(team, sixRecords);
    expect(upload.status).toBe(201);
    const all = await page(team, run.id, { first: 10 });
    expect(all.totalCount).toBe(6);
    expect(all.hasNextPage).toBe(false);
    const losses = all.items.map((i) => i.loss);
    expect(losses).toEqual([...losses].sort((a, b) => b - a));
    const worst = all.items[0]!;
    expect(worst).toMatchObject({ imageSha256: images[0]!.sha256, trueClass: 'daisy', predictedClass: 'tulips', split: 'VAL', image: { className: 'daisy' } });
    expect(worst.confidence).toBeCloseTo(0.9, 5);
    expect(worst.loss).toBeCloseTo(-Math.log(0.1), 5);
    expect(worst.topK.map((t) => t.className)).toEqual(['tulips', 'daisy']);
    expect(worst.url).toMatch(new RegExp(`/api/datasets/${datasetId}/images/${images[0]!.sha256}$`));
    // The URL serves the image's bytes to a team member.
    const served = await fetch(worst.url, { headers: { authorization: `Bearer ${team.viewer.token}` } });
    expect(Buffer.from(await served.arrayBuffer())).toEqual(images[0]!.bytes);

    // Pages of two walk the same order without repeats; ascending reverses it.
    const walked: string[] = [];
    let after: string | null = null;
    do {
      const next: Page = await page(team, run.id, { first: 2, after });
      walked.push(...next.items.map((i) => i.imageSha256));
      after = next.endCursor;
    } while (after);
    expect(walked).toEqual(all.items.map((i) => i.imageSha256));
    const ascending = await page(team, run.id, { first: 10, orderBy: 'LOSS_ASC' });
    expect(ascending.items.map((i) => i.imageSha256)).toEqual([...walked].reverse());
  });

  it('filters to a confusion-matrix cell, a split, or a least loss', async () => {
    const team = await createTeamFixture(api);
    const { run, images } = await finishWith(team, sixRecords);
    const cell = await page(team, run.id, { trueClass: 'daisy', predictedClass: 'tulips' });
    expect(cell.items.map((i) => i.imageSha256)).toEqual([images[0]!.sha256]);
    expect(cell.totalCount).toBe(1);
    const right = await page(team, run.id, { trueClass: 'daisy', predictedClass: 'daisy' });
    expect(right.totalCount).toBe(2);
    expect((await page(team, run.id, { split: 'TEST' })).items.map((i) => i.imageSha256)).toEqual([images[5]!.sha256]);
    const wrongOnly = await page(team, run.id, { minLoss: -Math.log(0.5) });
    expect(wrongOnly.items.map((i) => i.predictedClass !== i.trueClass)).toEqual([true, true]);
  });

  it('bounds the page size, naming the bound, and refuses a cursor it did not give', async () => {
    const team = await createTeamFixture(api);
    const { run } = await finishWith(team, sixRecords);
    const count = 'query ($id: ID!, $first: Int) { run(id: $id) { model { predictions(first: $first) { totalCount } } } }';
    expectError(await api.gql(count, { id: run.id, first: 201 }, team.viewer.token), 'BAD_USER_INPUT', /between 0 and 200/);
    expectError(await api.gql(PREDICTIONS, { id: run.id, after: 'nonsense' }, team.viewer.token), 'BAD_USER_INPUT', /endCursor/);
  });

  it('another team cannot see them', async () => {
    const team = await createTeamFixture(api);
    const other = await createTeamFixture(api);
    const { run } = await finishWith(team, sixRecords);
    const result = await api.gql<{ run: unknown }>(PREDICTIONS, { id: run.id }, other.owner.token);
    expect(result.data?.run ?? null).toBeNull();
  });

  it('a model uploaded without predictions has none', async () => {
    const team = await createTeamFixture(api);
    const { upload, run } = await finishWith(team, () => null);
    expect(upload.status).toBe(201);
    expect(await page(team, run.id)).toEqual({ totalCount: 0, hasNextPage: false, endCursor: null, items: [] });
  });

  it('refuses predictions naming a class the model lacks, or more images than its evaluation counted', async () => {
    const team = await createTeamFixture(api);
    const unknownClass = await finishWith(team, (images) => [{ ...record(images[0]!, 'tulips', 0.9), predictedClass: 'roses' }]);
    expect(unknownClass.upload.status).toBe(400);
    expect(((await unknownClass.upload.json()) as { error: string }).error).toMatch(/class "roses" is not one of the model's classes \(daisy, tulips\)/);
    // The metadata's validation confusion matrix counts 8 images.
    const tooMany = await finishWith(team, (images) => Array.from({ length: 9 }, (_, i) => ({ ...record(images[0]!, 'daisy', 0.9), sha256: String(i).padStart(64, '0') })));
    expect(tooMany.upload.status).toBe(400);
    expect(((await tooMany.upload.json()) as { error: string }).error).toBe("predictions.json has 9 val images: the model's evaluation counted 8.");
  });
});
