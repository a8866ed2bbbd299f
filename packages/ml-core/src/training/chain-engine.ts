import * as tf from '@tensorflow/tfjs';
import type { TrainableChain } from '../onnx/trainable-chain';
import { BufferAdam } from './buffer-adam';
import { correctCount, weightedCrossEntropy } from './loss';
import type { PhaseEngine } from './run-phase';
import { timed, type StepProfile } from './step-profile';

/**
 * Fine-tuning steps with the unfrozen convolutions on ONNX Runtime and the head on TensorFlow.js:
 * the chain's forward pass, then the head's loss with gradients for the head's variables and for
 * the feature map, then the chain's backward pass from that map gradient, then one Adam update of
 * everything: the head's by the TensorFlow.js optimizer, the chain's in place on its resident
 * weights (then published to the model's variables). The same loss, dropout and optimizer as the
 * all-TensorFlow.js step. `profile` (measurements only) gets each part's time.
 */
export function chainEngine(chain: TrainableChain, head: tf.LayersModel, headVariables: tf.Variable[], profile?: StepProfile): PhaseEngine {
  const mapOf = (output: Float32Array, count: number) => tf.tensor(output, [count, ...chain.outputShape]);
  // The chain's Adam state, per optimizer: a phase's new optimizer starts from fresh moments.
  let adam: BufferAdam | null = null;
  return {
    async step(x, labels, sampleWeights, optimizer) {
      const count = x.shape[0]!;
      const input = timed(profile, 'dataPreparation', () => x.dataSync() as Float32Array);
      const activations = await chain.forward(input, count, profile);
      // A variable so the head's gradient includes dLoss/dMap (the chain's backward input).
      const map = timed(profile, 'copies', () => {
        const initial = mapOf(activations.output, count);
        const variable = tf.variable(initial, true);
        initial.dispose();
        return variable;
      });
      let hits: tf.Scalar | null = null;
      const { value, grads } = timed(profile, 'head', () =>
        tf.variableGrads(() => {
          const probs = head.apply(map, { training: true }) as tf.Tensor;
          hits = tf.keep(correctCount(probs, labels));
          return weightedCrossEntropy(probs, labels, sampleWeights);
        }, [map, ...headVariables]),
      );
      try {
        const mapGrad = timed(profile, 'copies', () => grads[map.name]!.dataSync() as Float32Array);
        const chainGrads = await chain.backward(activations, mapGrad, profile);
        timed(profile, 'adam', () => {
          optimizer.applyGradients(Object.fromEntries(headVariables.map((v) => [v.name, grads[v.name]!])));
          if (adam?.optimizer !== optimizer) adam = new BufferAdam(optimizer, chain.weights.map((w) => w.length));
          adam.step(chain.weights, chainGrads);
        });
        timed(profile, 'copies', () => chain.publish());
        return timed(profile, 'head', () => [value.dataSync()[0]!, (hits as tf.Scalar | null)!.dataSync()[0]!]);
      } finally {
        tf.dispose([value, map, ...Object.values(grads)]);
        (hits as tf.Scalar | null)?.dispose();
      }
    },
    async predict(x) {
      const count = x.shape[0]!;
      const output = await chain.infer(x.dataSync() as Float32Array, count);
      return tf.tidy(() => head.apply(mapOf(output, count), { training: false }) as tf.Tensor);
    },
  };
}
