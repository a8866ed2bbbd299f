// README.md's command-line examples, run as written: through bash, in a sandbox folder, with the
// real bin on PATH as `transferlab`. Each command uses the files the ones before it made. Some get
// flags appended so that they finish in seconds; commander lets a later flag win, so the README's
// own values are parsed and then overridden, never removed.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeCommands, REPO_ROOT } from '../../../scripts/readme-commands.mjs';
import { BIN, createSandbox, expectSuccess, expectUserError, formatRun, runCommandLine, type CliResult, type CliSandbox } from './run-cli';

const README = readmeCommands('README.md');
const SMALL = '--image-size 32 --weights none';

// The "The command line" block, in the README's order: what each command needs appended to be
// quick here, and what it must have done.
const CLI_BLOCK = {
  'transferlab demo-data ./flowers-like --classes 3 --images-per-class 40': {
    append: '--images-per-class 8 --image-size 32',
    check: async (result: CliResult) => {
      expect(result.stdout).toBe('wrote 24 images in 3 classes (circles, squares, stripes) to ./flowers-like\n');
    },
  },
  'transferlab train ./my-dataset --out ./models/v1 --strategy FINE_TUNE --epochs 10 --fine-tune-epochs 5': {
    append: `${SMALL} --epochs 1 --fine-tune-epochs 1`,
    check: async () => {
      expect((await readdir(sandboxPath('models/v1'))).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
      const metadata = JSON.parse(await readFile(sandboxPath('models/v1/metadata.json'), 'utf8')) as { classes: string[]; strategy: string };
      expect(metadata).toMatchObject({ classes: ['circles', 'squares', 'stripes'], strategy: 'FINE_TUNE', imageSize: 32 });
    },
  },
  'transferlab evaluate ./models/v1 ./my-test-set': {
    append: '',
    check: async (result: CliResult) => {
      expect(result.stdout).toMatch(/^images 12 {2}accuracy \d\.\d{4} {2}top-1 /);
      expect(result.stdout).toContain('confusion matrix (rows: true class, columns: predicted)');
    },
  },
  'transferlab predict ./models/v1 photo1.jpg photo2.png': {
    append: '',
    check: async (result: CliResult) => {
      const predictions = JSON.parse(result.stdout) as { file: string; predictions: { label: string }[] }[];
      expect(predictions.map((p) => p.file)).toEqual(['photo1.jpg', 'photo2.png']);
      for (const p of predictions) expect(p.predictions[0]!.label).toMatch(/^(circles|squares|stripes)$/);
    },
  },
  'transferlab embed photo1.jpg --backbone MOBILENET_V2 --weights ./mobilenet/model.json': {
    append: '--image-size 32',
    check: async (result: CliResult) => {
      const out = JSON.parse(result.stdout) as { backbone: string; weights: { kind: string }; embeddings: { file: string; vector: number[] }[] };
      expect(out).toMatchObject({ backbone: 'MOBILENET_V2', weights: { kind: 'tfjs' } });
      expect(out.embeddings.map((e) => [e.file, e.vector.length])).toEqual([['photo1.jpg', 1280]]);
    },
  },
  'transferlab download-weights --backbone VGG16': {
    append: '',
    check: async (result: CliResult) => {
      // Keras's real file (and so its md5) cannot be served here: the mirror's bytes are refused
      // by the md5 check, after the command asked for exactly Keras's file.
      expect(mirrorRequests).toEqual([`GET /keras-applications/vgg16/${VGG16_FILE}`]);
      expect(expectUserError(result)).toContain(`(md5 mismatch: expected 6d6bbae143d832006294945121d1f1fc, got ${SERVED_MD5})`);
    },
  },
} satisfies Record<string, { append: string; check: (result: CliResult) => Promise<void> }>;

const VGG16_FILE = 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5';
const SERVED = Buffer.from('bytes standing in for Keras weights\n'.repeat(100));
const SERVED_MD5 = createHash('md5').update(SERVED).digest('hex');
const mirrorRequests: string[] = [];
let mirror: Server;
let mirrorUrl: string;
let cli: CliSandbox;
let shimDir: string;
const sandboxPath = (path: string) => join(cli.dir, path);

beforeAll(async () => {
  cli = await createSandbox('readme');
  // `transferlab` on PATH is the real bin, as `pnpm exec` or a global install would give it.
  shimDir = sandboxPath('bin');
  await mkdir(shimDir);
  await symlink(BIN, join(shimDir, 'transferlab'));
  mirror = createServer((req, res) => {
    mirrorRequests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-length': SERVED.length }).end(SERVED);
  });
  await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/keras-applications`;
});
afterAll(async () => {
  await new Promise((resolve) => mirror?.close(resolve));
  await cli?.cleanup();
});

/** Runs a command line in the sandbox with `transferlab` on PATH. */
function inSandbox(commandLine: string): Promise<CliResult> {
  return runCommandLine(commandLine, {
    cwd: cli.dir,
    env: { PATH: `${shimDir}:${process.env.PATH}`, HOME: cli.dir, TRANSFERLAB_DATA_DIR: cli.dataDir, TRANSFERLAB_WEIGHTS_BASE_URL: mirrorUrl },
  });
}

/** The files a reader would have by the time they run a command: made from what earlier commands made. */
async function prepare(command: string): Promise<void> {
  if (command.startsWith('transferlab train ')) await symlink('flowers-like', sandboxPath('my-dataset'));
  if (command.startsWith('transferlab evaluate ')) {
    expectSuccess(await inSandbox(`transferlab demo-data ./my-test-set --images-per-class 4 --seed 99 ${SMALL.split(' --weights')[0]}`));
  }
  if (command.startsWith('transferlab predict ')) {
    await copyFile(sandboxPath('flowers-like/circles/circles_001.jpg'), sandboxPath('photo1.jpg'));
    await copyFile(sandboxPath('flowers-like/squares/squares_000.png'), sandboxPath('photo2.png'));
  }
  // A MobileNetV2 saved by `train` is a TensorFlow.js layers export with the backbone's layer names.
  if (command.startsWith('transferlab embed ')) {
    expectSuccess(await inSandbox(`transferlab train ./flowers-like --out ./mobilenet --backbone MOBILENET_V2 --strategy FEATURE_EXTRACTION --epochs 1 ${SMALL}`));
  }
}

describe("README's command-line block", () => {
  it('is exactly the commands this test runs', () => {
    // `transferlab weights upload` needs a running API: worker-weights.test.ts runs it against one.
    const block = README.filter((c) => c.kind === 'block' && c.command.startsWith('transferlab ') && !c.command.startsWith('transferlab weights '));
    expect(block.map((c) => c.command)).toEqual(Object.keys(CLI_BLOCK));
  });

  for (const [command, { append, check }] of Object.entries(CLI_BLOCK)) {
    it(`runs ${command}`, async () => {
      await prepare(command);
      const result = await inSandbox(`${command} ${append}`);
      if (!command.startsWith('transferlab download-weights')) expectSuccess(result);
      await check(result);
    });
  }
});

describe('the ways README names the CLI', () => {
  it('node apps/trainer/bin/transferlab.js runs it from the checkout', async () => {
    expect(README.map((c) => c.command)).toContain('node apps/trainer/bin/transferlab.js');
    const result = await runCommandLine('node apps/trainer/bin/transferlab.js --help', { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '' } });
    expectSuccess(result);
    expect(result.stdout, formatRun(result)).toMatch(/^Usage: transferlab \[options\] \[command\]/);
  });
});
