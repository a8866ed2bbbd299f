// `pnpm -s bench:pytorch --backbones mobilenet_v2`: TransferLab's MobileNetV2 recipe against
// torchvision's (apps/trainer/bench/pytorch_mobilenet_v2.py), shrunk to the smallest run. The
// figures mean nothing at this size; the tests show both sides run, print the JSON, and train and
// freeze the same backbone weights. The torchvision side needs PyTorch, which CI does not install:
// that test runs where /usr/bin/python3 imports torch and says it was skipped elsewhere.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../scripts/readme-commands.mjs';
import { createSandbox, expectSuccess, formatRun, jsonLines, runCommandLine, type CliSandbox } from './run-cli';

// Keras's MobileNetV2 (alpha 1.0) fine-tuned from block_13: block_13 .. Conv_1 train, the rest is
// frozen (convolution kernels, batch-norm scales and offsets; moving statistics are not counted).
const KERAS_BLOCK_13_WEIGHTS = { trained: 1_681_344, frozen: 542_528 };
const torchImports = spawnSync('/usr/bin/python3', ['-c', 'import torch, torchvision'], { stdio: 'ignore' }).status === 0;

let sandbox: CliSandbox;
let dataset: string;
const fromRoot = (commandLine: string) => runCommandLine(commandLine, { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, timeoutMs: 400_000 });
const bench = (flags: string) => fromRoot(`pnpm -s bench:pytorch --backbones mobilenet_v2 --data ${dataset} --size 32 --short --batch 8 ${flags}`);

beforeAll(async () => {
  sandbox = await createSandbox('bench-mobilenet');
  dataset = join(sandbox.dir, 'dataset');
  expectSuccess(await sandbox.run(['demo-data', dataset, '--classes', '2', '--images-per-class', '8', '--image-size', '32']));
});
afterAll(() => sandbox?.cleanup());

it("runs TransferLab's MobileNetV2 side, fine-tuning exactly Keras's block_13 onwards", async () => {
  const result = await bench('--skip-reference');
  expectSuccess(result);
  const [out, ...rest] = jsonLines(result);
  expect(rest).toEqual([]);
  expect(out, formatRun(result)).toMatchObject({
    config: { backbones: ['mobilenet_v2'] },
    transferlab: null,
    mobilenetV2: {
      torchvision: null,
      transferlab: { phases: { featureExtraction: { epochs: 1 }, fineTune: { epochs: 1 } }, fineTuneWeights: KERAS_BLOCK_13_WEIGHTS },
    },
  });
  expect((out!.mobilenetV2 as { transferlab: { fineTuneEpochSeconds: number } }).transferlab.fineTuneEpochSeconds).toBeGreaterThan(0);
}, 420_000);

it.skipIf(!torchImports)('runs both sides, and torchvision trains and freezes the same weights as TransferLab', async () => {
  const result = await bench('');
  expectSuccess(result);
  const [out] = jsonLines(result);
  const side = out!.mobilenetV2 as { torchvision: Record<string, unknown>; ratios: Record<string, number>; targets: Record<string, unknown> };
  expect(side.torchvision, formatRun(result)).toMatchObject({ phases: { featureExtraction: { epochs: 1 }, fineTune: { epochs: 1 } }, fineTuneWeights: KERAS_BLOCK_13_WEIGHTS });
  expect(side.targets.sameFineTuneWeights).toBe(true);
  expect(side.ratios.fineTuneEpochTransferlabOverTorchvision).toBeGreaterThan(0);
}, 420_000);

it('refuses a backbone it cannot compare, naming the ones it can', async () => {
  const result = await fromRoot(`pnpm -s bench:pytorch --backbones vgg16,resnet50 --skip-reference --data ${dataset}`);
  expect(result.code, formatRun(result)).toBe(1);
  expect(result.stderr).toContain("--backbones takes vgg16 and/or mobilenet_v2, comma-separated; got 'vgg16,resnet50'");
});
