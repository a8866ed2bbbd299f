// tfjs-backend-wasm 4.22 multiplies with XNNPACK only when neither operand is transposed; with
// transposeA or transposeB it falls back to a plain loop that measured 12-15x slower here
// ([392, 320]^T x [392, 1280]: 109 ms against 7 ms after an explicit transpose). Every gradient of
// a matMul, a Dense layer or a 1x1 convolution asks for a transposed operand, so training on WASM
// spent most of its time there. This wraps the backend's own kernel: transposed operands are
// transposed first (a cheap copy), then multiplied the fast way.
import * as tf from '@tensorflow/tfjs';
import type { BatchMatMulAttrs, KernelConfig, KernelFunc } from '@tensorflow/tfjs';

const WASM = 'wasm';
let wrapped: KernelConfig | undefined;

/** Wraps WASM's BatchMatMul so transposed operands take the fast path. Idempotent; true when it wrapped. */
export function registerWasmTransposedMatMul(): boolean {
  const current = tf.getKernel(tf.BatchMatMul, WASM);
  if (!current || current === wrapped) return false;
  wrapped = { kernelName: tf.BatchMatMul, backendName: WASM, kernelFunc: transposingFirst(current.kernelFunc) };
  tf.unregisterKernel(tf.BatchMatMul, WASM);
  tf.registerKernel(wrapped);
  return true;
}

function transposingFirst(multiply: KernelFunc): KernelFunc {
  return (args) => {
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    const { a, b } = args.inputs;
    // The engine hands kernels Tensors; anything else goes to the original kernel untouched.
    if ((!transposeA && !transposeB) || !(a instanceof tf.Tensor) || !(b instanceof tf.Tensor)) return multiply(args);
    const lastTwoSwapped = (t: tf.Tensor) => tf.transpose(t, [...Array(t.rank - 2).keys(), t.rank - 1, t.rank - 2]);
    const temps = [transposeA ? lastTwoSwapped(a) : null, transposeB ? lastTwoSwapped(b) : null];
    try {
      return multiply({ ...args, inputs: { a: temps[0] ?? a, b: temps[1] ?? b }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      tf.dispose(temps.filter((t): t is tf.Tensor => t !== null));
    }
  };
}
