// On these machines tfjs-node and tfjs-node-gpu are installed without their native library
// (see /work/shared/ENVIRONMENT.md), so 'auto' must fall through them to WASM.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';

import { restoreBackendAfterEach } from './restore-backend.testing';
import type * as SelectBackendModule from './select-backend';

const VALID_CHOICES = 'Valid choices: auto, tensorflow-gpu, tensorflow, wasm, cpu.';

/** selectBackend caches its choice per module instance; each test starts from a fresh one. */
async function freshSelectBackend(): Promise<typeof SelectBackendModule> {
  vi.resetModules();
  return import('./select-backend');
}

restoreBackendAfterEach();

describe('selectBackend', () => {
  it("'auto' records both tfjs-node failures, picks wasm and registers the conv gradient kernels", async () => {
    const { selectBackend, describeBackend } = await freshSelectBackend();
    const info = await selectBackend({ prefer: 'auto' });

    expect(info).toMatchObject({ name: 'wasm', kind: 'wasm', device: 'CPU (WebAssembly, SIMD, 1 thread)' });
    expect(tf.getBackend()).toBe('wasm');
    expect(info.tried.map((t) => t.kind)).toEqual(['tensorflow-gpu', 'tensorflow']);
    for (const { kind, error } of info.tried) {
      const pkg = kind === 'tensorflow' ? 'tfjs-node/' : 'tfjs-node-gpu/';
      expect(error).toMatch(/^The Node\.js native addon module \(tfjs_binding\.node\) can not be found at path: /);
      expect(error).toContain(pkg);
      expect(error).not.toContain('\n');
    }
    // The failed imports leave no half-registered 'tensorflow' kernels behind.
    expect(tf.getKernelsForBackend('tensorflow')).toEqual([]);
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeDefined();
    expect(describeBackend(info)).toBe(
      "TensorFlow.js backend 'wasm' on CPU (WebAssembly, SIMD, 1 thread); unavailable: tensorflow-gpu, tensorflow");
  });

  it('returns the cached selection on later calls and re-activates it', async () => {
    const { selectBackend } = await freshSelectBackend();
    const first = await selectBackend({ prefer: 'wasm' });
    await tf.setBackend('cpu');
    expect(await selectBackend()).toBe(first);
    expect(await selectBackend({ prefer: 'wasm' })).toBe(first);
    expect(tf.getBackend()).toBe('wasm');
    await expect(selectBackend({ prefer: 'cpu' })).rejects.toThrow("already 'wasm' for this process; cannot switch to 'cpu'");
  });

  it("prefer 'cpu' selects the plain JavaScript backend", async () => {
    const { selectBackend, describeBackend } = await freshSelectBackend();
    const info = await selectBackend({ prefer: 'cpu' });
    expect(info).toEqual({ name: 'cpu', kind: 'cpu', device: 'CPU (JavaScript)', tried: [] });
    expect(tf.getBackend()).toBe('cpu');
    expect(describeBackend(info)).toBe("TensorFlow.js backend 'cpu' on CPU (JavaScript)");
  });

  it("prefer 'tensorflow' throws naming the package, the cause and the valid choices; nothing is cached", async () => {
    const { selectBackend } = await freshSelectBackend();
    const failure = selectBackend({ prefer: 'tensorflow' });
    await expect(failure).rejects.toThrow(
      /^Could not load the TensorFlow\.js backend: tensorflow \(@tensorflow\/tfjs-node\): The Node\.js native addon module \(tfjs_binding\.node\) can not be found/);
    await expect(failure).rejects.toThrow(VALID_CHOICES);
    expect((await selectBackend({ prefer: 'cpu' })).kind).toBe('cpu');
  });

  it('rejects an unknown preference with the valid choices', async () => {
    const { selectBackend } = await freshSelectBackend();
    const prefer = 'webgpu' as SelectBackendModule.BackendPreference;
    await expect(selectBackend({ prefer })).rejects.toThrow(`Unknown TensorFlow.js backend 'webgpu'. ${VALID_CHOICES}`);
  });
});
