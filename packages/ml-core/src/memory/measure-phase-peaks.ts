import * as tf from '@tensorflow/tfjs';
import { buildBackbone } from '../backbones';
import { buildBaselineCnn } from '../model/baseline-cnn';
import { splitModelAt } from '../model/split-model';
import { buildTransferClassifier } from '../model/transfer-classifier';
import type { MemoryConfig } from './estimate-run-memory';

/** Classes of the measured steps' labels. */
export const NUM_CLASSES = 3;

/**
 * TensorFlow.js's own peak (tf.profile's peakBytes: every live tensor, weights included) over the
 * first step of each phase, done as the trainer does it: frozen layers run outside the gradient tape,
 * the trained ones under Adam. The batch's own pixels and labels are not counted. What
 * estimateRunMemory's weights, activations and optimizer parts are held to.
 */
export async function measurePhasePeaks(config: MemoryConfig): Promise<number[]> {
  const { imageSize: s, batchSize: n } = config;
  const x = tf.randomUniform([n, s, s, 3]) as tf.Tensor4D;
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1].slice(0, n), 'int32'), NUM_CLASSES));
  const inputBytes = tf.memory().numBytes;
  const step = (trained: (input: tf.Tensor) => tf.Tensor, input: tf.Tensor) => {
    const optimizer = tf.train.adam(1e-3);
    tf.tidy(() => {
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, trained(input)) as tf.Scalar);
    });
    optimizer.dispose();
  };
  const peak = (phase: () => void) => tf.profile(phase).then((p) => p.peakBytes - inputBytes);
  const models: tf.LayersModel[] = [];
  const run = async (): Promise<number[]> => {
    if (config.strategy === 'BASELINE') {
      const model = buildBaselineCnn({ imageSize: s, numClasses: NUM_CLASSES, seed: 1 });
      models.push(model);
      return [await peak(() => step((t) => model.apply(t, { training: true }) as tf.Tensor, x))];
    }
    const backbone = buildBackbone(config.backbone, { imageSize: s, alpha: config.backbone === 'VGG16' ? undefined : config.alpha, seed: 1 });
    const classifier = buildTransferClassifier({ backbone, numClasses: NUM_CLASSES, dropout: 0.2, seed: 1 });
    models.push(classifier.full, classifier.headOnMap, classifier.headOnPooled);
    const peaks = [
      await peak(() => {
        const maps = tf.tidy(() => backbone.predict(x) as tf.Tensor);
        step((t) => classifier.headOnMap.apply(t, { training: true }) as tf.Tensor, maps);
        maps.dispose();
      }),
    ];
    if (config.strategy === 'FINE_TUNE') {
      const { prefix, suffix } = splitModelAt(backbone, config.unfreezeFrom!);
      models.push(prefix, suffix);
      peaks.push(
        await peak(() => {
          const maps = tf.tidy(() => prefix.predict(x) as tf.Tensor);
          step((t) => classifier.headOnMap.apply(suffix.apply(t, { training: true }), { training: true }) as tf.Tensor, maps);
          maps.dispose();
        }),
      );
    }
    return peaks;
  };
  try {
    return await run();
  } finally {
    // Models share layers: dispose each weight once.
    for (const weight of new Set(models.flatMap((m) => m.weights))) weight.dispose();
    tf.dispose([x, y]);
  }
}
