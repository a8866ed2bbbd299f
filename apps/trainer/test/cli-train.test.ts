// train → evaluate → predict → embed through the real executable, on a generated 3-class dataset.
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rle8BmpBomb } from '@transferlab/ml-core/testing/image-bombs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, expectSuccess, formatRun, jsonLines, lines, type CliResult, type CliSandbox } from './run-cli';

const CLASSES = ['circles', 'squares', 'stripes'];
const IMAGES_PER_CLASS = 12;
const SMALL = ['--image-size', '32', '--batch-size', '8', '--epochs', '3'];
const EPOCH_FIELDS = ['phase', 'epoch', 'loss', 'accuracy', 'valLoss', 'valAccuracy', 'learningRate', 'durationMs', 'imagesPerSecond'];

interface EpochLine {
  type: 'epoch';
  phase: string;
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  learningRate: number;
  durationMs: number;
  imagesPerSecond: number;
  at: string;
}
interface SummaryLine {
  type: 'summary';
  model: string;
  end: string;
  classes: string[];
  valAccuracy: number | null;
  bestEpoch: { phase: string; epoch: number } | null;
  featureCache: { hits: number; misses: number; used: boolean };
  skipped: unknown[];
  testAccuracy: number | null;
  testCount: number;
}
interface Evaluation {
  accuracy: number;
  topK: Record<string, number>;
  confusionMatrix: number[][];
  classMetrics: { name: string; precision: number; recall: number; f1: number; support: number }[];
  count: number;
}
interface Metadata {
  format: string;
  classes: string[];
  imageSize: number;
  backbone: string | null;
  alpha: number | null;
  preprocessing: string;
  strategy: string;
  weights: { kind: string; hash: string };
  config: Record<string, unknown>;
  metrics: { valAccuracy: number | null; valLoss: number | null; bestEpoch: { phase: string; epoch: number } | null; epochs: Omit<EpochLine, 'type'>[] };
  evaluation: Evaluation | null;
}
interface PredictEntry {
  file: string;
  predictions?: { label: string; probability: number }[];
  error?: string;
}
interface TrainRun {
  out: string;
  result: CliResult;
  epochs: EpochLine[];
  summary: SummaryLine;
  metadata: Metadata;
}

let cli: CliSandbox;
let ds: string;
let m1: TrainRun;
let featureFilesAfterM1: string[];
// Everything after the first model runs in the background (the helper caps how many at once);
// each test awaits what it needs.
let later: {
  cached: Promise<{ m3: TrainRun; filesAfterM3: string[]; m4: TrainRun; filesAfterM4: string[]; predict: CliResult; valImages: { file: string; label: string }[]; bad: Record<string, string> }>;
  baseline: Promise<TrainRun>;
  testSplit: Promise<{ result: CliResult; metadata: Metadata & { testEvaluation: Evaluation | null } }>;
  evaluateJson: Promise<CliResult>;
  evaluateText: Promise<CliResult>;
  predictAll: Promise<CliResult>;
  predictLimited: Promise<CliResult>;
  embed: Promise<CliResult>;
};

beforeAll(async () => {
  cli = await createSandbox('train');
  ds = join(cli.dir, 'ds');
  expectSuccess(await cli.run(['demo-data', ds, '--classes', '3', '--images-per-class', String(IMAGES_PER_CLASS), '--image-size', '32']));
  // No --seed: the run must draw one and record it.
  m1 = await train(ds, 'm1', ['--strategy', 'FEATURE_EXTRACTION', '--backbone', 'VGG16', '--weights', 'none', ...SMALL]);
  featureFilesAfterM1 = await featureFiles();

  const all = CLASSES.flatMap((label) => Array.from({ length: IMAGES_PER_CLASS }, (_, i) => ({ label, file: imagePath(ds, label, i) })));
  later = {
    cached: background(async () => {
      // The same images as train/<class>/* and val/<class>/*, so the validation images are known.
      const split = join(cli.dir, 'split');
      const valImages: { file: string; label: string }[] = [];
      for (const { label, file } of all) {
        const inVal = Number(/_(\d{3})\./.exec(file)![1]) < 3;
        const to = join(split, inVal ? 'val' : 'train', label, file.split('/').pop()!);
        await mkdir(join(to, '..'), { recursive: true });
        await copyFile(file, to);
        if (inVal) valImages.push({ file: to, label });
      }
      // Backbone weights from a file (m1's saved model, loaded by layer name) are the same every
      // run, so their features may be cached on disk and reused.
      const flags = ['--weights', join(m1.out, 'model.json'), ...SMALL, '--seed', '3', '--class-weight', 'none'];
      const m3 = await train(split, 'm3', flags);
      const filesAfterM3 = await featureFiles();
      const m4 = await train(split, 'm4', flags);
      const filesAfterM4 = await featureFiles();
      const bad = { garbage: join(cli.dir, 'x.jpg'), folder: ds, missing: join(cli.dir, 'no-such-image.png'), bomb: join(cli.dir, 'bomb.bmp') };
      await writeFile(bad.garbage, Buffer.from('this is not a JPEG, just some bytes \x00\x01\x02\x03'));
      await writeFile(bad.bomb, rle8BmpBomb(9000, 9000));
      const files = valImages.map((v) => v.file);
      const predict = await cli.run(['predict', m4.out, ...files.slice(0, 4), bad.garbage, bad.folder, bad.missing, bad.bomb, ...files.slice(4)]);
      return { m3, filesAfterM3, m4, filesAfterM4, predict, valImages, bad };
    }),
    baseline: background(() => train(ds, 'baseline', ['--strategy', 'BASELINE', ...SMALL, '--weights', 'none', '--seed', '5'])),
    testSplit: background(async () => {
      const out = join(cli.dir, 'held-out');
      const result = await cli.run(['train', ds, '--out', out, '--test-split', '0.25', '--backbone', 'VGG16', '--weights', 'none', ...SMALL, '--seed', '4']);
      return { result, metadata: JSON.parse(await readFile(join(out, 'metadata.json'), 'utf8')) as Metadata & { testEvaluation: Evaluation | null } };
    }),
    evaluateJson: background(() => cli.run(['evaluate', m1.out, ds, '--json'])),
    evaluateText: background(() => cli.run(['evaluate', m1.out, ds])),
    predictAll: background(() => cli.run(['predict', m1.out, ...all.map((a) => a.file), '--top-k', '2'])),
    predictLimited: background(() => cli.run(['predict', m1.out, imagePath(ds, 'circles', 0)], { env: { TRANSFERLAB_MAX_IMAGE_MEGAPIXELS: '0.001' } })),
    embed: background(() => cli.run(['embed', imagePath(ds, 'circles', 0), imagePath(ds, 'stripes', 1), '--backbone', 'VGG16', '--weights', 'none', '--image-size', '32'])),
  };
});
afterAll(async () => {
  // Let background runs finish before their folder goes.
  if (later) await Promise.allSettled(Object.values(later));
  await cli?.cleanup();
});

describe('train --strategy FEATURE_EXTRACTION --json', () => {
  it('prints one epoch line per epoch with the contract fields, then a summary', () => {
    const { epochs, summary, result } = m1;
    expect(jsonLines(result)).toHaveLength(4);
    expect(epochs.map((e) => [e.type, e.phase, e.epoch])).toEqual([1, 2, 3].map((n) => ['epoch', 'FEATURE_EXTRACTION', n]));
    for (const e of epochs) {
      for (const field of EPOCH_FIELDS) expect(e, field).toHaveProperty(field);
      expect(e.loss).toBeGreaterThan(0);
      expect(e.accuracy).toBeGreaterThanOrEqual(0);
      expect(e.accuracy).toBeLessThanOrEqual(1);
      expect(e.valLoss).toBeGreaterThan(0);
      expect(e.valAccuracy).toBeGreaterThanOrEqual(0);
      expect(e.valAccuracy).toBeLessThanOrEqual(1);
      expect(e.learningRate).toBe(0.001);
      expect(e.durationMs).toBeGreaterThanOrEqual(0);
      expect(e.imagesPerSecond).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(e.at))).toBe(false);
    }
    expect(summary).toMatchObject({ type: 'summary', model: m1.out, end: 'completed', classes: CLASSES, skipped: [] });
    expect(summary.bestEpoch?.phase).toBe('FEATURE_EXTRACTION');
    expect([1, 2, 3]).toContain(summary.bestEpoch?.epoch);
    expect(summary.valAccuracy).toBe(m1.metadata.metrics.valAccuracy);
    // A fresh data dir: every image goes through the backbone once.
    expect(summary.featureCache).toEqual({ hits: 0, misses: 3 * IMAGES_PER_CLASS, used: true });
    expect(result.stderr).toContain('backbone VGG16 (random weights)');
  });

  it('writes model.json, weights.bin and metadata.json describing the model and the run', async () => {
    expect((await readdir(m1.out)).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
    // Saving stages into a sibling folder; none may be left behind.
    expect((await readdir(cli.dir)).filter((name) => /\.(saving|previous)-/.test(name))).toEqual([]);

    const modelJson = JSON.parse(await readFile(join(m1.out, 'model.json'), 'utf8')) as {
      format: string;
      weightsManifest: { paths: string[]; weights: { shape: number[]; dtype: string }[] }[];
    };
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest.map((g) => g.paths)).toEqual([['weights.bin']]);
    const specs = modelJson.weightsManifest.flatMap((g) => g.weights);
    expect(new Set(specs.map((s) => s.dtype))).toEqual(new Set(['float32']));
    const expectedBytes = specs.reduce((sum, s) => sum + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
    expect((await stat(join(m1.out, 'weights.bin'))).size).toBe(expectedBytes);

    const md = m1.metadata;
    expect(md).toMatchObject({
      format: 'transferlab-model/1',
      classes: CLASSES,
      imageSize: 32,
      backbone: 'VGG16',
      alpha: null,
      preprocessing: 'caffe',
      strategy: 'FEATURE_EXTRACTION',
      weights: { kind: 'none', hash: 'random' },
    });
    expect(md.classes).toEqual([...md.classes].sort());
    // The resolved config: the flags given plus every default, so the run can be repeated.
    expect(md.config).toMatchObject({
      strategy: 'FEATURE_EXTRACTION',
      backbone: 'VGG16',
      pretrained: false,
      imageSize: 32,
      batchSize: 8,
      epochs: 3,
      learningRate: 0.001,
      dropout: 0.2,
      validationSplit: 0.2,
      classWeight: 'balanced',
      unfreezeFrom: null,
      augmentation: { flip: false, rotationDegrees: 0, zoom: 0, brightness: 0, contrast: 0, saturation: 0, hue: 0 },
    });
    expect(Number.isInteger(md.config.seed)).toBe(true);
    expect(md.config.seed).toBeGreaterThanOrEqual(0);
    expect(md.config.seed).toBeLessThan(2 ** 31);
    expect(md.metrics.epochs).toEqual(m1.epochs.map(({ type: _type, ...rest }) => rest));
    expect(md.metrics.bestEpoch).toEqual(m1.summary.bestEpoch);

    const [, trainCount, valCount] = /dataset: 3 classes, (\d+) training and (\d+) validation images/.exec(m1.result.stderr)!.map(Number);
    expect(trainCount! + valCount!).toBe(3 * IMAGES_PER_CLASS);
    const evaluation = md.evaluation!;
    expect(evaluation.confusionMatrix).toHaveLength(3);
    for (const row of evaluation.confusionMatrix) {
      expect(row).toHaveLength(3);
      expect(sum(row)).toBeGreaterThan(0); // the split is stratified: every class is validated
    }
    expect(sum(evaluation.confusionMatrix.flat())).toBe(valCount);
    expect(evaluation.accuracy).toBeCloseTo(trace(evaluation.confusionMatrix) / valCount!, 10);
    expect(md.metrics.valAccuracy).toBe(evaluation.accuracy);
  });

  it('keeps features of random backbone weights out of the on-disk feature cache', () => {
    // Random weights are drawn afresh each run but all hash as 'random': features cached from one
    // run would train the next run's head on another backbone's outputs.
    expect(featureFilesAfterM1).toEqual([]);
  });
});

describe('feature cache under TRANSFERLAB_DATA_DIR', () => {
  it('a second run with the same weights file reuses every feature, and stores nothing new', async () => {
    const { m3, filesAfterM3, m4, filesAfterM4 } = await later.cached;
    expect(m3.summary.featureCache).toEqual({ hits: 0, misses: 36, used: true });
    expect(m4.summary.featureCache).toEqual({ hits: 36, misses: 0, used: true });
    expect(m3.metadata.weights.kind).toBe('tfjs');
    expect(m3.metadata.weights.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(m4.metadata.weights).toEqual(m3.metadata.weights);
    expect(m3.metadata.config.seed).toBe(3);
    // One pooled VGG16 vector (512 float32) per image, after its 8-byte header (magic and length).
    expect(filesAfterM3).toHaveLength(36);
    for (const file of filesAfterM3) expect((await stat(file)).size, file).toBe(8 + 512 * 4);
    expect(filesAfterM4).toEqual(filesAfterM3);
  });

  it('training on cached features gives the same epochs as computing them', async () => {
    const { m3, m4 } = await later.cached;
    const numbers = (run: TrainRun) => run.epochs.map((e) => [e.loss, e.accuracy, e.valLoss!, e.valAccuracy!]);
    const [a, b] = [numbers(m3), numbers(m4)];
    expect(b).toHaveLength(a.length);
    a.forEach((row, i) => row.forEach((v, j) => expect(b[i]![j]!, `epoch ${i + 1} value ${j}`).toBeCloseTo(v, 6)));
  });

  it('the saved model predicts what its metadata reports on the validation images', async () => {
    const { m4, predict, valImages } = await later.cached;
    const byFile = new Map((JSON.parse(predict.stdout) as PredictEntry[]).map((e) => [e.file, e]));
    const probabilityOfTrue = valImages.map(({ file, label }) => byFile.get(file)!.predictions!.find((p) => p.label === label)!.probability);
    const loss = -sum(probabilityOfTrue.map(Math.log)) / valImages.length;
    expect(loss).toBeCloseTo(m4.metadata.metrics.valLoss!, 4);
    const confusion = confusionOf(valImages.map(({ file, label }) => ({ label, predicted: byFile.get(file)!.predictions![0]!.label })));
    expect(confusion).toEqual(m4.metadata.evaluation!.confusionMatrix);
  });
});

describe('train --strategy BASELINE', () => {
  it("trains the recipe's small CNN on pixels 0..255 (it rescales them itself), without a backbone or the feature cache", async () => {
    const run = await later.baseline;
    expect(run.epochs.map((e) => [e.phase, e.epoch])).toEqual([1, 2, 3].map((n) => ['BASELINE', n]));
    expect(run.metadata).toMatchObject({ strategy: 'BASELINE', preprocessing: 'none', backbone: null, alpha: null, classes: CLASSES, imageSize: 32 });
    expect(run.metadata.config).toMatchObject({ strategy: 'BASELINE', seed: 5, epochs: 3 });
    expect(run.summary.featureCache).toEqual({ hits: 0, misses: 0, used: false });
    expect((await readdir(run.out)).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
  });
});

describe('evaluate', () => {
  it('--json: accuracy, top-k, a confusion matrix over every image, and per-class metrics', async () => {
    const result = await later.evaluateJson;
    expectSuccess(result);
    expect(result.stderr).toBe('');
    const [e, ...rest] = jsonLines(result) as unknown as (Evaluation & { skipped: unknown[]; split: string; trainedOn: boolean })[];
    expect(rest).toEqual([]);
    // No val/ folder: every image is evaluated; they are the images m1 was trained on, and it says so.
    expect(e!.count).toBe(36);
    expect(e).toMatchObject({ split: 'all', trainedOn: true });
    expect(e!.skipped).toEqual([]);
    const m = e!.confusionMatrix;
    expect(m.map((row) => row.length)).toEqual([3, 3, 3]);
    expect(m.map(sum)).toEqual([12, 12, 12]);
    expect(sum(m.flat())).toBe(e!.count);
    expect(e!.accuracy).toBeCloseTo(trace(m) / 36, 10);
    expect(Object.keys(e!.topK)).toEqual(['1', '2', '3']);
    expect(e!.topK['1']).toBe(e!.accuracy);
    expect(e!.topK['2']).toBeGreaterThanOrEqual(e!.topK['1']!);
    expect(e!.topK['3']).toBe(1);
    expect(e!.classMetrics.map((c) => c.name)).toEqual(CLASSES);
    e!.classMetrics.forEach((c, i) => {
      const predicted = sum(m.map((row) => row[i]!));
      expect(c.support).toBe(12);
      expect(c.recall).toBeCloseTo(m[i]![i]! / 12, 10);
      expect(c.precision).toBeCloseTo(predicted ? m[i]![i]! / predicted : 0, 10);
    });
  });

  it('--json agrees with predict on the same images', async () => {
    const e = JSON.parse((await later.evaluateJson).stdout) as Evaluation;
    const entries = JSON.parse((await later.predictAll).stdout) as PredictEntry[];
    const confusion = confusionOf(entries.map((entry) => ({ label: entry.file.split('/').at(-2)!, predicted: entry.predictions![0]!.label })));
    expect(confusion).toEqual(e.confusionMatrix);
  });

  it('prints a table with the confusion matrix in text mode', async () => {
    const result = await later.evaluateText;
    expectSuccess(result);
    const e = JSON.parse((await later.evaluateJson).stdout) as Evaluation;
    const out = lines(result.stdout);
    // The folder is the one m1 was trained on: that comes first, before any number.
    expect(out[0]).toMatch(/^NOT HELD OUT: the model was trained on this dataset \(its hash matches metadata.json's datasetHash\), and these images include its training images\./);
    expect(out[1]).toMatch(new RegExp(`^images 36  accuracy ${e.accuracy.toFixed(4)}  top-1 `));
    const header = out.indexOf('confusion matrix (rows: true class, columns: predicted)');
    expect(header, formatRun(result)).toBeGreaterThan(0);
    expect(out[header + 1]!.trim().split(/\s+/)).toEqual(CLASSES);
    const rows = out.slice(header + 2, header + 5).map((line) => line.trim().split(/\s+/));
    expect(rows).toEqual(CLASSES.map((c, i) => [c, ...e.confusionMatrix[i]!.map(String)]));
    expect(result.stderr).toMatch(/^backend: /);
  });
});

describe('train --test-split', () => {
  it('holds out a test share of each class and prints its accuracy on its own line, apart from validation', async () => {
    const { result, metadata } = await later.testSplit;
    expectSuccess(result);
    const test = metadata.testEvaluation!;
    // 12 images a class: 3 held out for testing in each.
    expect(test.count).toBe(9);
    expect(test.classMetrics.map((c) => c.support)).toEqual([3, 3, 3]);
    expect(metadata.config).toMatchObject({ testSplit: 0.25 });
    const out = lines(result.stdout);
    const saved = out.findIndex((line) => line.startsWith('saved '));
    expect(out[saved]).toMatch(/^saved .*held-out \(completed; best FEATURE_EXTRACTION epoch \d; val accuracy \d\.\d{3}\)$/);
    expect(out[saved + 1]).toBe(`test accuracy ${test.accuracy.toFixed(3)} on 9 held-out images (never used to pick the epoch)`);
  });

  it('says when a run has no test split that its validation accuracy is not held out', async () => {
    const text = await cli.run(['train', ds, '--out', join(cli.dir, 'no-test'), '--backbone', 'VGG16', '--weights', 'none', ...SMALL, '--epochs', '1', '--seed', '4']);
    expectSuccess(text);
    expect(lines(text.stdout)).toContain('test accuracy n/a (no test/ folder or --test-split: the val accuracy above picked the epoch, so it is not a held-out measure)');
    expect(m1.summary).toMatchObject({ testAccuracy: null, testCount: 0 });
  });
});

describe('predict', () => {
  it('--top-k 2 gives two labels per image, most probable first', async () => {
    const result = await later.predictAll;
    expectSuccess(result);
    const entries = JSON.parse(result.stdout) as PredictEntry[];
    expect(entries).toHaveLength(36);
    for (const entry of entries) {
      expect(Object.keys(entry).sort()).toEqual(['file', 'predictions']);
      expectRanked(entry.predictions!, 2);
    }
  });

  it('applies TRANSFERLAB_MAX_IMAGE_MEGAPIXELS to the images it reads', async () => {
    const result = await later.predictLimited;
    expect(result.code, formatRun(result)).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([
      { file: imagePath(ds, 'circles', 0), error: 'too many pixels: 32 x 32 is 0.01 MP, over the limit of 0.001 MP; scale the image down (training resizes it to at most 1024 px anyway)' },
    ]);
  });

  it('reports an unreadable image with its reason, still predicts the others, and exits 1', async () => {
    const { predict, valImages, bad } = await later.cached;
    expect(predict.code, formatRun(predict)).toBe(1);
    expect(predict.stderr).toBe('');
    const entries = JSON.parse(predict.stdout) as PredictEntry[];
    const files = valImages.map((v) => v.file);
    expect(entries.map((e) => e.file)).toEqual([...files.slice(0, 4), bad.garbage, bad.folder, bad.missing, bad.bomb, ...files.slice(4)]);
    expect(entries.slice(4, 8)).toEqual([
      { file: bad.garbage, error: 'not an image' },
      { file: bad.folder, error: 'is a folder, not an image file' },
      { file: bad.missing, error: 'no such file' },
      // Refused from its header under the default 40 MP limit, as the API refuses it.
      { file: bad.bomb, error: 'too many pixels: 9000 x 9000 is 81 MP, over the limit of 40 MP; scale the image down (training resizes it to at most 1024 px anyway)' },
    ]);
    for (const entry of [...entries.slice(0, 4), ...entries.slice(8)]) {
      // The default top-k is 5, capped at the number of classes; all of them sum to 1.
      expectRanked(entry.predictions!, 3);
      expect(sum(entry.predictions!.map((p) => p.probability))).toBeCloseTo(1, 4);
    }
  });
});

describe('embed', () => {
  it('prints one 512-long pooled VGG16 vector per image', async () => {
    const result = await later.embed;
    expectSuccess(result);
    const out = JSON.parse(result.stdout) as { backbone: string; imageSize: number; weights: { kind: string }; embeddings: { file: string; vector: number[] }[] };
    expect(out).toMatchObject({ backbone: 'VGG16', imageSize: 32, weights: { kind: 'none', hash: 'random' } });
    expect(out.embeddings.map((e) => e.file)).toEqual([imagePath(ds, 'circles', 0), imagePath(ds, 'stripes', 1)]);
    for (const { vector } of out.embeddings) {
      expect(vector).toHaveLength(512);
      // The average of max-pooled ReLU outputs: finite and never negative, and not all zero.
      expect(vector.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
      expect(vector.some((v) => v > 0)).toBe(true);
    }
    expect(out.embeddings[0]!.vector).not.toEqual(out.embeddings[1]!.vector);
  });
});

async function train(dataset: string, name: string, flags: string[]): Promise<TrainRun> {
  const out = join(cli.dir, name);
  const result = await cli.run(['train', dataset, '--out', out, '--json', ...flags]);
  expectSuccess(result);
  const parsed = jsonLines(result);
  const summary = parsed.at(-1) as unknown as SummaryLine;
  expect(summary.type, formatRun(result)).toBe('summary');
  const metadata = JSON.parse(await readFile(join(out, 'metadata.json'), 'utf8')) as Metadata;
  return { out, result, epochs: parsed.slice(0, -1) as unknown as EpochLine[], summary, metadata };
}

/** Starts work now; a failure surfaces in the test that awaits it, not as an unhandled rejection. */
function background<T>(task: () => Promise<T>): Promise<T> {
  const promise = task();
  promise.catch(() => undefined);
  return promise;
}

async function featureFiles(): Promise<string[]> {
  const dir = join(cli.dataDir, 'feature-cache');
  const names = await readdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return names.filter((name) => name.endsWith('.f32')).map((name) => join(dir, name)).sort();
}

function imagePath(dataset: string, label: string, index: number): string {
  // demo-data alternates PNG and JPEG.
  return join(dataset, label, `${label}_${String(index).padStart(3, '0')}.${index % 2 ? 'jpg' : 'png'}`);
}

function expectRanked(predictions: { label: string; probability: number }[], k: number): void {
  expect(predictions).toHaveLength(k);
  const labels = predictions.map((p) => p.label);
  expect(new Set(labels).size).toBe(k);
  for (const label of labels) expect(CLASSES).toContain(label);
  const probabilities = predictions.map((p) => p.probability);
  expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
  for (const p of probabilities) expect(p).toBeGreaterThan(0);
  expect(sum(probabilities)).toBeLessThanOrEqual(1 + 1e-6);
}

function confusionOf(pairs: { label: string; predicted: string }[]): number[][] {
  const m = CLASSES.map(() => CLASSES.map(() => 0));
  for (const { label, predicted } of pairs) m[CLASSES.indexOf(label)]![CLASSES.indexOf(predicted)]! += 1;
  return m;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function trace(m: number[][]): number {
  return sum(m.map((row, i) => row[i]!));
}
