// Test hooks: each test leaves the active TensorFlow.js backend as it found it.
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach } from 'vitest';

export function restoreBackendAfterEach(): void {
  let before: string;
  // Until a backend is active tf.getBackend() is undefined, which setBackend cannot restore.
  beforeAll(() => tf.ready());
  beforeEach(() => {
    before = tf.getBackend();
  });
  afterEach(async () => {
    await tf.setBackend(before);
  });
}
