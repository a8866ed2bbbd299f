// Picks the fastest TensorFlow.js backend this machine can run, once per process.
import * as tf from '@tensorflow/tfjs';

import { BACKEND_PACKAGES, backendLoaders } from './backend-loaders';
import type { BackendKind } from './backend-loaders';
import { registerWasmConvGradients } from './wasm-conv-gradients';
import { registerWasmTransposedMatMul } from './wasm-matmul-transposes';

export type { BackendKind } from './backend-loaders';
export type BackendPreference = 'auto' | BackendKind;

export interface BackendFailure {
  kind: BackendKind;
  /** First line of the error; enough for a log, without the stack. */
  error: string;
}

export interface BackendInfo {
  /** tf.getBackend() */
  name: string;
  kind: BackendKind;
  device: string;
  /** Candidates that failed before this one, in the order tried. */
  tried: BackendFailure[];
}

export interface SelectBackendOptions {
  prefer?: BackendPreference;
  /** WASM threads; takes effect only where threaded WebAssembly is supported (not in Node). */
  wasmThreads?: number;
}

/** Fastest first. */
const AUTO_ORDER: readonly BackendKind[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
const CHOICES = ['auto', ...AUTO_ORDER].join(', ');

let selection: Promise<BackendInfo> | undefined;

/**
 * Loads and activates a backend. 'auto' takes the first of AUTO_ORDER that loads; a named
 * preference throws if it cannot load. The first successful selection is kept for the process:
 * later calls return it (re-activating it if something switched backends meanwhile) and throw
 * if they name a different kind; `wasmThreads` of later calls is ignored.
 */
export async function selectBackend({ prefer = 'auto', wasmThreads }: SelectBackendOptions = {}): Promise<BackendInfo> {
  if (prefer !== 'auto' && !AUTO_ORDER.includes(prefer)) {
    throw new Error(`Unknown TensorFlow.js backend '${String(prefer)}'. Valid choices: ${CHOICES}.`);
  }
  if (selection === undefined) {
    const pending = initialise(prefer === 'auto' ? AUTO_ORDER : [prefer], wasmThreads);
    selection = pending;
    // A failed selection is not cached, so the caller may retry with another preference.
    pending.catch(() => {
      if (selection === pending) selection = undefined;
    });
  }
  const info = await selection;
  if (prefer !== 'auto' && prefer !== info.kind) {
    throw new Error(`The TensorFlow.js backend is already '${info.kind}' for this process; cannot switch to '${prefer}'.`);
  }
  if (tf.getBackend() !== info.name) await tf.setBackend(info.name);
  return info;
}

/** One line for logs, e.g. "TensorFlow.js backend 'wasm' on CPU (WebAssembly, SIMD, 1 thread); unavailable: tensorflow-gpu, tensorflow". */
export function describeBackend(info: BackendInfo): string {
  const unavailable = info.tried.length > 0 ? `; unavailable: ${info.tried.map((t) => t.kind).join(', ')}` : '';
  return `TensorFlow.js backend '${info.name}' on ${info.device}${unavailable}`;
}

async function initialise(candidates: readonly BackendKind[], wasmThreads: number | undefined): Promise<BackendInfo> {
  const tried: BackendFailure[] = [];
  for (const kind of candidates) {
    try {
      const device = await backendLoaders[kind]({ wasmThreads });
      if (kind === 'wasm') {
        registerWasmConvGradients();
        registerWasmTransposedMatMul();
      }
      return { name: tf.getBackend(), kind, device, tried };
    } catch (error) {
      tried.push({ kind, error: firstLine(error) });
    }
  }
  const reasons = tried.map((t) => `${t.kind} (${BACKEND_PACKAGES[t.kind]}): ${t.error}`).join('; ');
  throw new Error(`Could not load the TensorFlow.js backend: ${reasons}. Valid choices: ${CHOICES}.`);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').trim() || 'unknown error';
}
