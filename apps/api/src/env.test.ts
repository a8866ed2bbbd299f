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

  it('stores files locally unless TRANSFERLAB_S3_BUCKET names a bucket, and bounds the S3 settings', () => {
    expect(readEnv({}).s3).toBeUndefined();
    expect(readEnv({ TRANSFERLAB_S3_BUCKET: 'models', TRANSFERLAB_S3_ENDPOINT: 'http://minio:9000', TRANSFERLAB_S3_PREFIX: 'lab/', TRANSFERLAB_S3_FORCE_PATH_STYLE: 'true' }).s3).toEqual({
      bucket: 'models',
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      prefix: 'lab/',
      forcePathStyle: true,
    });
    expect(() => readEnv({ TRANSFERLAB_S3_BUCKET: 'Not_A_Bucket' })).toThrow(/TRANSFERLAB_S3_BUCKET: must be an S3 bucket name: 3 to 63/);
    expect(() => readEnv({ TRANSFERLAB_S3_BUCKET: 'models', TRANSFERLAB_S3_PREFIX: 'lab' })).toThrow(/TRANSFERLAB_S3_PREFIX: must be empty or end in \//);
  });
});
