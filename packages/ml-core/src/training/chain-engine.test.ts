// A fine-tuning step with the unfrozen layers on ONNX Runtime must train as the all-TensorFlow.js
// step does: same losses step after step, from the same weights and batch.
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildBackbone, unfreezeFrom } from '../backbones';
import { buildTransferClassifier, fineTunePredict, fineTuneVariables, headVariables } from '../model/transfer-classifier';
import { splitModelAt } from '../model/split-model';
import { setFrozenEngine } from '../onnx/frozen-network';
import { buildTrainableChain } from '../onnx/trainable-chain';
import { chainEngine } from './chain-engine';
import { tfjsEngine, type PhaseEngine } from './run-phase';

const STEPS = 12;

/** MobileNetV2 cut at block_13 (strided, then residual blocks), with a head; the same weights for the same seed. */
function fineTuneSetup() {
  const backbone = buildBackbone('MOBILENET_V2', { imageSize: 64, alpha: 0.35, seed: 7 });
  // No dropout: both engines must see the same forward pass.
  const classifier = buildTransferClassifier({ backbone, numClasses: 3, dropout: 0, seed: 7 });
  const cut = 'block_13_expand';
  const { prefix, suffix } = splitModelAt(backbone, cut);
  backbone.layers.forEach((l) => (l.trainable = false));
  unfreezeFrom(backbone, cut);
  return { backbone, classifier, prefix, suffix };
}

/** The losses of STEPS Adam steps on one fixed batch of six. */
async function lossesWith(makeEngine: (setup: ReturnType<typeof fineTuneSetup>) => Promise<PhaseEngine & { dispose?(): Promise<void> }>) {
  const setup = fineTuneSetup();
  const engine = await makeEngine(setup);
  // The frozen prefix's output as training sees it (cached), random per image: a random
  // backbone's own deep features hardly depend on its input, which would leave nothing to learn.
  const shape = setup.prefix.outputs[0]!.shape.slice(1) as number[];
  const map = tf.tidy(() => tf.relu(tf.randomNormal([6, ...shape], 0, 3, 'float32', 11)));
  const labels = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
  const optimizer = tf.train.adam(3e-3);
  const losses: number[] = [];
  const kernel = () => Float32Array.from(setup.suffix.getLayer('block_14_depthwise').getWeights()[0]!.dataSync());
  const initial = kernel();
  try {
    for (let i = 0; i < STEPS; i++) losses.push((await engine.step(map, labels, undefined, optimizer))[0]);
    expect(kernel().some((v, i) => v !== initial[i]), 'the unfrozen backbone weights changed').toBe(true);
  } finally {
    await engine.dispose?.();
    optimizer.dispose();
    tf.dispose([map, labels]);
    new Set(setup.classifier.full.weights).forEach((w) => w.dispose());
  }
  return losses;
}

describe('chainEngine', () => {
  afterEach(() => setFrozenEngine('auto'));

  it('trains MobileNetV2 from block_13 as the TensorFlow.js step does, and learns the batch, leaking nothing', async () => {
    setFrozenEngine('onnxruntime');
    const before = tf.memory().numTensors;
    const onnx = await lossesWith(async ({ suffix, classifier }) => {
      const built = await buildTrainableChain(suffix);
      if (!built.ok) throw new Error(built.reason);
      const { chain } = built;
      return { ...chainEngine(chain, classifier.headOnMap, headVariables(classifier)), dispose: () => chain.dispose() };
    });
    const tfjs = await lossesWith(async ({ classifier, suffix }) => tfjsEngine(fineTunePredict(classifier, suffix), fineTuneVariables(classifier, suffix)));
    expect(tf.memory().numTensors).toBe(before);
    console.info('losses, onnxruntime:', onnx.map((l) => l.toFixed(4)).join(' '), '| tensorflow.js:', tfjs.map((l) => l.toFixed(4)).join(' '));
    // The same losses while float32 rounding differences are small, and close all along (Adam
    // amplifies them a little as the steps grow).
    onnx.slice(0, 6).forEach((loss, i) => expect(Math.abs(loss - tfjs[i]!) / tfjs[i]!, `step ${i + 1}`).toBeLessThan(1e-3));
    onnx.forEach((loss, i) => expect(Math.abs(loss - tfjs[i]!), `step ${i + 1}`).toBeLessThan(0.02));
    // A dozen steps on one batch of six: both memorise it.
    expect(onnx[STEPS - 1]!).toBeLessThan(onnx[0]! * 0.5);
    expect(tfjs[STEPS - 1]!).toBeLessThan(tfjs[0]! * 0.5);
  });
});
