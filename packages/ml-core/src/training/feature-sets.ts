import { isAugmentationActive } from '../data/augment';
import { runFrozenRows } from '../onnx/frozen-network';
import { rowExampleSet } from './example-sets';
import { FeatureCache } from './feature-cache';
import { openPerBatchNetwork, withFrozenNetwork } from './frozen-networks';
import { unlessEmpty, type StepContext } from './step-context';
import type { LoadedSplit } from './training-data';
import type { TransferModel } from './transfer-model';
import type { ExampleSet } from './types';

/** Precomputed rows of each split, aligned with its images. */
export interface SplitRows {
  train: Float32Array[];
  val: Float32Array[];
  test: Float32Array[];
}

export interface FeatureSets {
  train: ExampleSet;
  val: ExampleSet | null;
  test: ExampleSet | null;
  cache: { hits: number; misses: number; used: boolean };
}

// Frozen-prefix activations are cached in memory for fine-tuning only below this size.
const PREFIX_CACHE_LIMIT_BYTES = 2 * 1024 ** 3;
// Frozen passes need no gradients, so larger batches only cost activation memory (VGG16 at
// 224 px: about 13 MB per image for its largest layer). Measured on flowers5 at 224 px: 8 rather
// than 16 lowers the run's peak RSS from about 2.0 to 1.5 GB at the same speed.
const FROZEN_BATCH_LIMIT = 8;

const SPLITS = ['train', 'val', 'test'] as const;

export function frozenBatchSize(ctx: StepContext): number {
  return Math.min(ctx.config.batchSize, FROZEN_BATCH_LIMIT);
}

/** The shape of one frozen-prefix output row (without the batch axis). */
export function prefixRowShape(t: TransferModel): number[] {
  return t.fineTuneCut ? (t.fineTuneCut.prefix.outputs[0]!.shape.slice(1) as number[]) : [];
}

/**
 * Without augmentation every image's frozen-prefix output is fixed: when fine-tuning follows,
 * compute it once, first, so that the pooled features derive from it and the prefix (most of the
 * backbone's work) runs once per image for both phases. Null when it cannot or need not be kept.
 */
export async function frozenPrefixRows(ctx: StepContext, t: TransferModel): Promise<SplitRows | null> {
  const { config, data } = ctx;
  const bytes = prefixRowShape(t).reduce((a, b) => a * b, 4) * SPLITS.reduce((n, s) => n + data[s].pixels.length, 0);
  if (!t.fineTuneCut || config.fineTuneEpochs === 0 || isAugmentationActive(config.augmentation) || bytes > PREFIX_CACHE_LIMIT_BYTES) return null;
  return withFrozenNetwork(t.fineTuneCut.prefix, { preprocessing: t.preprocessing }, ctx.log, async (network) => ({
    train: await runFrozenRows(network, data.train.pixels, frozenBatchSize(ctx)),
    val: await runFrozenRows(network, data.val.pixels, frozenBatchSize(ctx)),
    test: await runFrozenRows(network, data.test.pixels, frozenBatchSize(ctx)),
  }));
}

/**
 * Feature extraction's examples: pooled backbone features (from the cache where they can be), or,
 * with augmentation, pixels through the frozen backbone every batch.
 */
export async function featureSets(ctx: StepContext, t: TransferModel, prefixRows: SplitRows | null, featureCache: FeatureCache): Promise<FeatureSets> {
  const { data } = ctx;
  if (isAugmentationActive(ctx.config.augmentation)) {
    ctx.log('augmentation is on: each epoch sees new pixels, so backbone features cannot be cached and are recomputed every epoch.');
    const pooled = await openPerBatchNetwork(ctx.session, t.backbone, { preprocessing: t.preprocessing, pooled: true }, ctx.log);
    const images = (s: LoadedSplit) => ctx.images(s, t.preprocessing, pooled);
    return { train: images(data.train), val: unlessEmpty(data.val, images), test: unlessEmpty(data.test, images), cache: { hits: 0, misses: 0, used: false } };
  }
  const { rows, hits, misses } = await cachedFeatures(ctx, t, prefixRows, featureCache);
  const shape = [t.classifier.featureSize];
  const examples = (split: (typeof SPLITS)[number]) => rowExampleSet({ rows: rows[split], labels: data[split].labels, shape });
  return { train: examples('train'), val: unlessEmpty(data.val, () => examples('val')), test: unlessEmpty(data.test, () => examples('test')), cache: { hits, misses, used: true } };
}

/** Every image's pooled features: looked up by content, the missing ones computed and stored. */
async function cachedFeatures(ctx: StepContext, t: TransferModel, prefixRows: SplitRows | null, featureCache: FeatureCache): Promise<{ rows: SplitRows; hits: number; misses: number }> {
  const { config, data } = ctx;
  // Random weights are drawn afresh each run, so their features are valid for this run only:
  // keep them in a private in-memory cache, never in the shared one.
  const cache = t.weights.kind === 'none' ? new FeatureCache() : featureCache;
  const keyParts = { backbone: `${config.backbone}${config.backbone === 'MOBILENET_V2' ? `@${config.alpha}` : ''}`, weightsHash: t.weights.hash, imageSize: config.imageSize, preprocessing: t.preprocessing };
  const lookUp = async (s: LoadedSplit) => {
    const keys = s.entries.map((e) => FeatureCache.key({ ...keyParts, imageSha256: e.sha256 }));
    return { keys, rows: await Promise.all(keys.map((k) => cache.get(k))) };
  };
  const lookups = { train: await lookUp(data.train), val: await lookUp(data.val), test: await lookUp(data.test) };
  const missing = { train: missingIndices(lookups.train.rows), val: missingIndices(lookups.val.rows), test: missingIndices(lookups.test.rows) };
  // Counted from this run's own lookups, not the cache's counters: a worker's runs share one cache
  // and may look up at the same time.
  const misses = SPLITS.reduce((n, s) => n + missing[s].length, 0);
  const hits = SPLITS.reduce((n, s) => n + lookups[s].rows.length, 0) - misses;
  if (SPLITS.some((s) => missing[s].length > 0)) {
    const [network, inputs] = prefixRows
      ? ([t.fineTuneCut!.suffix, prefixRows] as const)
      : ([t.backbone, { train: data.train.pixels, val: data.val.pixels, test: data.test.pixels }] as const);
    await withFrozenNetwork(network, { preprocessing: prefixRows ? undefined : t.preprocessing, pooled: true }, ctx.log, async (frozen) => {
      for (const split of SPLITS) {
        const computed = await runFrozenRows(frozen, missing[split].map((i) => inputs[split][i]!), frozenBatchSize(ctx));
        for (const [k, i] of missing[split].entries()) {
          lookups[split].rows[i] = computed[k]!;
          await cache.set(lookups[split].keys[i]!, computed[k]!);
        }
      }
    });
  }
  ctx.log(`feature cache: ${hits} hits, ${misses} computed`);
  return { rows: { train: lookups.train.rows as Float32Array[], val: lookups.val.rows as Float32Array[], test: lookups.test.rows as Float32Array[] }, hits, misses };
}

function missingIndices(rows: (Float32Array | undefined)[]): number[] {
  return rows.flatMap((r, i) => (r ? [] : [i]));
}
