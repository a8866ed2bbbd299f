import { describe, expect, it } from 'vitest';
import { readEnv } from './env';

describe('readEnv', () => {
  it('reads TRANSFERLAB_MAX_IMAGE_MEGAPIXELS as the pixel limit for images, 40 MP by default', () => {
    expect(readEnv({}).maxInputPixels).toBe(40_000_000);
    expect(readEnv({ TRANSFERLAB_MAX_IMAGE_MEGAPIXELS: '12.5' }).maxInputPixels).toBe(12_500_000);
  });

  it('fails at start, naming the variable, when the limit is not a positive number of megapixels', () => {
    expect(() => readEnv({ TRANSFERLAB_MAX_IMAGE_MEGAPIXELS: 'lots' })).toThrow(/^Invalid environment: TRANSFERLAB_MAX_IMAGE_MEGAPIXELS: /);
    expect(() => readEnv({ TRANSFERLAB_MAX_IMAGE_MEGAPIXELS: '0' })).toThrow(/TRANSFERLAB_MAX_IMAGE_MEGAPIXELS/);
  });
});
