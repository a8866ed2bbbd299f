// README's `pnpm -s bench:pytorch`, run as written from the repository's root, with flags appended
// that shrink it to the smallest run (a later flag wins): the numbers mean nothing here, the tests
// show that the command runs and prints the JSON README describes. CI has no PyTorch, so the
// reference side is shown by what the bench says to install: README's apt-get command.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeCommands, REPO_ROOT } from '../../../scripts/readme-commands.mjs';
import { createSandbox, expectSuccess, formatRun, jsonLines, runCommandLine, type CliSandbox } from './run-cli';

const README = readmeCommands('README.md').map((c) => c.command);
let sandbox: CliSandbox;
let dataset: string;
const fromRoot = (commandLine: string) => runCommandLine(commandLine, { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, timeoutMs: 400_000 });

beforeAll(async () => {
  sandbox = await createSandbox('bench');
  dataset = join(sandbox.dir, 'dataset');
  expectSuccess(await sandbox.run(['demo-data', dataset, '--classes', '2', '--images-per-class', '8', '--image-size', '32']));
});
afterAll(() => sandbox?.cleanup());

describe.each(['pnpm -s bench:pytorch', 'apt-get install -y python3-torch python3-torchvision python3-h5py'])('README shows %s', (command) => {
  it('verbatim', () => expect(README).toContain(command));
});

it("pnpm -s bench:pytorch runs TransferLab's side and prints one JSON object", async () => {
  const result = await fromRoot(`pnpm -s bench:pytorch --skip-reference --data ${dataset} --size 32 --short --batch 8 --reps 1`);
  expectSuccess(result);
  const [out, ...rest] = jsonLines(result);
  expect(rest).toEqual([]);
  expect(out, formatRun(result)).toMatchObject({ bench: 'pytorch-side-by-side', reference: null, transferlab: { phases: { featureExtraction: { epochs: 1 }, fineTune: { epochs: 1 } } } });
  expect((out!.transferlab as { forwardImagesPerSecond: number }).forwardImagesPerSecond).toBeGreaterThan(0);
  // The fine-tuning epoch against ONNX Runtime's rate on the same convolutions (the 16 images, split).
  const epoch = (out!.transferlab as { fineTuneEpoch: Record<string, number> }).fineTuneEpoch;
  expect(epoch.trainImages! + epoch.valImages!, formatRun(result)).toBe(16);
  for (const key of ['trainImages', 'valImages', 'seconds', 'imagesPerSecond', 'convolutionGflops', 'convolutionRateGflops', 'fractionOfConvolutionRate']) expect(epoch[key], key).toBeGreaterThan(0);
  expect(epoch.convolutionRateBatch, 'without --throughput-batch the rate is measured at the training batch').toBe(8);
}, 420_000);

it('pnpm -s bench:pytorch without PyTorch says to run the apt-get command README shows', async () => {
  // /bin/false stands in for an interpreter that cannot import torch.
  const result = await fromRoot(`pnpm -s bench:pytorch --python /bin/false --data ${dataset}`);
  expect(result.code, formatRun(result)).toBe(1);
  expect(result.stderr).toContain('bench:pytorch: PyTorch is missing for /bin/false: apt-get install -y python3-torch python3-torchvision python3-h5py');
});
