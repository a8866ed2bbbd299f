import type * as tf from '@tensorflow/tfjs';

interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/**
 * Adam over weights kept in Float32Arrays, updated in place: the same update as TensorFlow.js's
 * AdamOptimizer (moments, bias correction from beta^t, epsilon added to the root), with no tensor
 * per weight per step. Its moments live here, so one instance belongs to one optimizer's phase:
 * the learning rate and betas are read from that TensorFlow.js optimizer on every step, as it
 * reads them (the loop changes the rate on a plateau), and its steps count with it.
 */
export class BufferAdam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  // beta^t in float32, as the optimizer keeps it (a variable multiplied by beta each step).
  private accBeta1: number;
  private accBeta2: number;

  constructor(
    readonly optimizer: tf.Optimizer,
    sizes: number[],
  ) {
    const { beta1, beta2 } = settingsOf(optimizer);
    this.m = sizes.map((n) => new Float32Array(n));
    this.v = sizes.map((n) => new Float32Array(n));
    this.accBeta1 = Math.fround(beta1);
    this.accBeta2 = Math.fround(beta2);
  }

  /** One update of every `weights[i]` from `gradients[i]`. */
  step(weights: Float32Array[], gradients: Float32Array[]): void {
    const { learningRate, beta1, beta2, epsilon } = settingsOf(this.optimizer);
    const terms = { beta1, beta2, learningRate, correction1: Math.fround(1 - this.accBeta1), correction2: Math.fround(1 - this.accBeta2), epsilon };
    weights.forEach((w, i) => adamUpdate(w, gradients[i]!, this.m[i]!, this.v[i]!, terms));
    this.accBeta1 = Math.fround(this.accBeta1 * beta1);
    this.accBeta2 = Math.fround(this.accBeta2 * beta2);
  }
}

interface AdamTerms {
  beta1: number;
  beta2: number;
  learningRate: number;
  correction1: number;
  correction2: number;
  epsilon: number;
}

/**
 * One pass over one weight array; a plain function of locals, which V8 compiles to a tight loop.
 * The bias corrections are folded into a step size and a reciprocal, so the loop divides once.
 */
function adamUpdate(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, { beta1, beta2, learningRate, correction1, correction2, epsilon }: AdamTerms): void {
  const keep1 = 1 - beta1;
  const keep2 = 1 - beta2;
  const stepSize = learningRate / correction1;
  const inverse2 = 1 / correction2;
  for (let j = 0; j < w.length; j++) {
    const gj = g[j]!;
    const mj = beta1 * m[j]! + keep1 * gj;
    const vj = beta2 * v[j]! + keep2 * gj * gj;
    m[j] = mj;
    v[j] = vj;
    w[j] = w[j]! - (stepSize * mj) / (Math.sqrt(vj * inverse2) + epsilon);
  }
}

// The optimizer declares these protected; the loop already sets learningRate the same way.
// By class name: tfjs's optimizers answer instanceof for any optimizer (Symbol.hasInstance).
function settingsOf(optimizer: tf.Optimizer): AdamSettings {
  if (optimizer.getClassName() !== 'Adam') throw new Error(`the ONNX Runtime fine-tuning step trains with Adam, not ${optimizer.getClassName()}`);
  return optimizer as unknown as AdamSettings;
}
