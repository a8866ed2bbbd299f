import { describe, expect, it } from 'vitest';
import { ConfigError } from './config';
import { DatasetError, ImageDecodeError } from './data/errors';
import { classifyFailure } from './errors';
import { ModelFilesError } from './model-files/load-model';
import { WeightsError } from './weights/errors';

describe('classifyFailure', () => {
  it.each([
    [new ConfigError([{ field: 'batchSize', message: 'must be at least 1' }]), 'BAD_CONFIG', 'user'],
    [new DatasetError('SINGLE_CLASS', 'only one class'), 'BAD_DATA', 'user'],
    [new ImageDecodeError('CORRUPT', 'corrupt or truncated JPEG'), 'BAD_DATA', 'user'],
    [new ModelFilesError('not a model folder'), 'BAD_DATA', 'user'],
    [new WeightsError('WEIGHTS_UNAVAILABLE', 'Could not download'), 'WEIGHTS_UNAVAILABLE', 'resource'],
    [new WeightsError('WEIGHTS_CORRUPT', 'md5 mismatch'), 'WEIGHTS_UNAVAILABLE', 'resource'],
    [new WeightsError('WEIGHTS_MISMATCH', 'shape mismatch in block1_conv1'), 'BAD_CONFIG', 'user'],
    [new RangeError('Array buffer allocation failed'), 'OUT_OF_MEMORY', 'resource'],
    [new TypeError("Cannot read properties of undefined (reading 'shape')"), 'INTERNAL', 'system'],
    ['a thrown string', 'INTERNAL', 'system'],
  ] as const)('%s → %s (%s)', (error, code, kind) => {
    const failure = classifyFailure(error);
    expect(failure).toMatchObject({ code, kind });
    expect(failure.message.length).toBeGreaterThan(0);
  });

  it('tells the user what to do when memory runs out', () => {
    expect(classifyFailure(new RangeError('Array buffer allocation failed')).message).toMatch(/Lower batchSize or imageSize/);
  });
});
