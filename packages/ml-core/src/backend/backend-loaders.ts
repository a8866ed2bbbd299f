// One loader per backend kind: each makes its backend the active one or throws, and returns a
// human-readable device description.
import { createRequire } from 'node:module';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs';

export type BackendKind = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

export interface LoaderOptions {
  wasmThreads?: number;
}

export const BACKEND_PACKAGES: Record<BackendKind, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
};

export const backendLoaders: Record<BackendKind, (options: LoaderOptions) => Promise<string>> = {
  'tensorflow-gpu': () => loadLibtensorflow('tensorflow-gpu'),
  tensorflow: () => loadLibtensorflow('tensorflow'),
  wasm: loadWasm,
  cpu: async () => {
    await activate('cpu');
    return 'CPU (JavaScript)';
  },
};

async function loadLibtensorflow(kind: 'tensorflow-gpu' | 'tensorflow'): Promise<string> {
  const hadFactory = tf.findBackendFactory('tensorflow') !== null;
  // A string variable, not a literal: these are optional dependencies, so type-checking must not
  // depend on them being installed.
  const specifier = BACKEND_PACKAGES[kind];
  try {
    await import(/* @vite-ignore */ specifier);
  } catch (error) {
    // tfjs-node registers its kernels before it finds its native library missing; left behind
    // they point at a backend that never came up and make the next candidate warn about each one.
    if (!hadFactory && tf.findBackendFactory('tensorflow') === null) {
      for (const { kernelName } of tf.getKernelsForBackend('tensorflow')) tf.unregisterKernel(kernelName, 'tensorflow');
    }
    throw error;
  }
  await activate('tensorflow');
  if (kind === 'tensorflow') return 'CPU (libtensorflow)';
  // NodeJSKernelBackend asks libtensorflow whether it placed ops on a GPU; not part of the typings.
  const usingGpu = (tf.backend() as { isUsingGpuDevice?: unknown }).isUsingGpuDevice;
  if (usingGpu === true) return 'GPU (CUDA)';
  if (usingGpu === false) return 'CPU (libtensorflow GPU build, no CUDA device found)';
  return 'GPU (CUDA) if available';
}

async function loadWasm({ wasmThreads }: LoaderOptions): Promise<string> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // Point at the .wasm binaries in the package's dist/ folder explicitly, so they are found even
  // when this module is bundled or run through a loader that moves it. Both calls are no-ops once
  // the backend has initialised.
  const packageMain = createRequire(import.meta.url).resolve(BACKEND_PACKAGES.wasm);
  wasm.setWasmPaths(path.dirname(packageMain) + path.sep);
  if (wasmThreads !== undefined) {
    if (!Number.isInteger(wasmThreads) || wasmThreads < 1) throw new Error(`wasmThreads must be a positive integer, got ${wasmThreads}`);
    wasm.setThreadsCount(wasmThreads);
  }
  await activate('wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = wasm.getThreadsCount();
  return `CPU (WebAssembly${simd ? ', SIMD' : ''}, ${threads} thread${threads === 1 ? '' : 's'})`;
}

async function activate(name: string): Promise<void> {
  // tf.setBackend reports a failed initialisation by returning false (after logging the cause).
  if (!(await tf.setBackend(name))) throw new Error(`the '${name}' backend failed to initialise`);
}
