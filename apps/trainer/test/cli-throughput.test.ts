// `transferlab throughput` through the real executable, at a size small enough to take seconds.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSandbox, expectSuccess, formatRun, jsonLines, type CliSandbox } from './run-cli';

let cli: CliSandbox;
beforeAll(async () => {
  cli = await createSandbox('throughput');
});
afterAll(() => cli.cleanup());

it.each([
  ['VGG16', ['--unfreeze-from', 'block5']],
  ['RESNET50', []],
  ['EFFICIENTNET_B0', []],
])('prints one JSON line of positive, finite images/second and the engines that ran (%s)', async (backbone, extra) => {
  const result = await cli.run(['throughput', '--backbone', backbone, '--image-size', '32', '--batch-size', '2', '--reps', '1', ...extra, '--json']);
  expectSuccess(result);
  const [line, ...rest] = jsonLines(result);
  expect(rest, formatRun(result)).toEqual([]);
  expect(line).toMatchObject({ backbone, imageSize: 32, batchSize: 2, reps: 1 });
  for (const key of ['forwardImagesPerSecond', 'fineTuneStepImagesPerSecond', 'fineTuneStepOnCachedPrefixImagesPerSecond']) {
    const value = line![key];
    expect(typeof value === 'number' && Number.isFinite(value) && value > 0, `${key} = ${String(value)}\n${formatRun(result)}`).toBe(true);
  }
  for (const key of ['frozenEngine', 'trainingEngine']) expect(line![key], key).toEqual(expect.any(String));
});
