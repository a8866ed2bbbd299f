import * as tf from '@tensorflow/tfjs';
import { buildBackbone, describeBackend, selectBackend } from '../src/index';
import { emit, errorMessage, round, type ThroughputLine } from './bench-lines';
import type { BackboneVariant, BackendKind, BenchOptions } from './bench-options';

/**
 * Child task: forward-pass images/second of each backbone (random weights) at each size on one
 * backend. Returns false if a measurement failed; an unavailable backend is a result, not a failure.
 */
export async function measureThroughput(options: BenchOptions, backend: BackendKind): Promise<boolean> {
  let description: string;
  try {
    const info = await selectBackend({ prefer: backend });
    description = describeBackend(info);
  } catch (error) {
    emit({ type: 'backend', backend, available: false, reason: withoutChoices(errorMessage(error)) });
    return true;
  }
  emit({ type: 'backend', backend, available: true, description, tfjs: tf.version.tfjs });

  let ok = true;
  for (const model of options.models) {
    // The last measured (or skipped) size of this model, to predict larger sizes' batch time by pixel count.
    let previous: { size: number; batchSeconds: number } | undefined;
    for (const size of options.sizes) {
      const row: ThroughputLine = { type: 'throughput', backend, model: model.key, backbone: model.backbone, alpha: model.alpha, imageSize: size, batchSize: options.batchSize };
      try {
        const result = await measureOne({ model, size, options, previous, backend });
        emit({ ...row, ...result });
        if (result.seconds !== undefined && result.batches) {
          previous = { size, batchSeconds: result.seconds / result.batches };
        } else if (result.skipped && result.estimatedBatchSeconds !== undefined) {
          // Larger sizes are skipped too, from this estimate, without probing them.
          previous = { size, batchSeconds: result.estimatedBatchSeconds };
        }
      } catch (error) {
        ok = false;
        emit({ type: 'error', task: `throughput ${model.key} ${size}`, backend, message: errorMessage(error) });
      }
    }
  }
  return ok;
}

async function measureOne(args: {
  model: BackboneVariant;
  size: number;
  options: BenchOptions;
  previous: { size: number; batchSeconds: number } | undefined;
  backend: BackendKind;
}): Promise<Partial<ThroughputLine>> {
  const { model, size, options, previous, backend } = args;
  const { batchSize, maxBatchSeconds, minSeconds } = options;
  const network = buildBackbone(model.backbone, { imageSize: size, alpha: model.alpha ?? undefined });
  const x = tf.randomUniform([batchSize, size, size, 3], -1, 1) as tf.Tensor4D;
  try {
    let estimate: number;
    let basis: string;
    if (previous) {
      // Convolution cost grows with pixel count; in practice a little slower than that, so this overestimates.
      estimate = previous.batchSeconds * (size / previous.size) ** 2;
      basis = `scaled by pixel count from the ${previous.size}px batch time`;
    } else {
      estimate = await probeBatchSeconds(network, x, batchSize, maxBatchSeconds);
      basis = 'from a batch-1 probe';
    }
    if (estimate > maxBatchSeconds) {
      const slowBackend = backend === 'cpu' ? '; the plain-JS cpu backend is ~25x slower than wasm for convolutions' : '';
      return {
        skipped: true,
        estimatedBatchSeconds: round(estimate, 1),
        reason: `estimated ${round(estimate, 1)} s per batch of ${batchSize} (${basis}) is over the ${maxBatchSeconds} s cap (--max-batch-seconds)${slowBackend}`,
      };
    }
    // The first batch pays one-off costs (weights uploaded to the backend, kernels set up).
    const warmupStart = performance.now();
    await forward(network, x);
    const warmupSeconds = (performance.now() - warmupStart) / 1000;

    const start = performance.now();
    let batches = 0;
    let seconds = 0;
    do {
      await forward(network, x);
      batches++;
      seconds = (performance.now() - start) / 1000;
    } while (seconds < minSeconds);
    return {
      estimatedBatchSeconds: round(estimate, 2),
      warmupSeconds: round(warmupSeconds, 3),
      batches,
      seconds: round(seconds, 3),
      imagesPerSecond: round((batches * batchSize) / seconds, 2),
    };
  } finally {
    x.dispose();
    network.dispose();
  }
}

/**
 * Predicts a full batch's time from single images: the first pass pays the one-off costs, so a
 * second is run unless the first already fits under the cap.
 */
async function probeBatchSeconds(network: tf.LayersModel, x: tf.Tensor4D, batchSize: number, maxBatchSeconds: number): Promise<number> {
  const one = tf.slice(x, 0, 1);
  try {
    let seconds = await timed(() => forward(network, one));
    if (seconds * batchSize > maxBatchSeconds) seconds = await timed(() => forward(network, one));
    return seconds * batchSize;
  } finally {
    one.dispose();
  }
}

async function forward(network: tf.LayersModel, x: tf.Tensor): Promise<void> {
  const y = network.predict(x) as tf.Tensor;
  try {
    // Reading the output waits for the backend to finish the batch.
    await y.data();
  } finally {
    y.dispose();
  }
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

function withoutChoices(message: string): string {
  return message.replace(/\.? Valid choices: .*$/, '');
}
