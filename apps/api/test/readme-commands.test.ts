// "Every command a README shows is run by a test", kept true: each command README.md and
// apps/web/README.md show is listed here with the file that runs it, and that file must exist and
// hold the command (or, where it runs it in another spelling, the words given as `shows`).
// A new command in a README fails this test until a test runs it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKED_READMES, extractCommands, readmeCommands, REPO_ROOT } from '../../../scripts/readme-commands.mjs';

interface RunBy {
  /** The file that runs the command, relative to the repository's root. */
  file: string;
  /** What in that file runs it, when not the command's own text. */
  shows?: string;
  /** Why the command is not run as written by a test of its own. */
  why?: string;
}

const RUN_CLI = 'apps/trainer/test/readme-cli.test.ts';
const RUN_API = 'apps/api/test/readme-api-commands.test.ts';
const NPM_START = 'apps/web/test/npm-start.test.ts';
const RUN_WEB = 'apps/web/test/readme-commands.test.ts';
const DOCKER = { file: 'docker/test/readme.test.ts', shows: "['README.md', rootDeploySection]", why: 'no Docker engine on CI: checked statically against compose.yaml and the Dockerfiles' };
const CI = "CI's own script: the test of everything, run by CI rather than by a test";
const TURBO_TEST = { file: 'scripts/test.sh', shows: 'turbo run test', why: `${CI}; turbo.json makes every test task build its package first` };

const COMMANDS: Record<string, Record<string, RunBy>> = {
  'README.md': {
    'npm start': { file: NPM_START },
    'npm test': { file: '.ci/run', why: CI },
    'npm run demo': { file: 'apps/trainer/test/readme-demo.test.ts' },
    'apt-get install chromium': { file: '.ci/run', shows: 'apt-get install -y -qq chromium', why: CI },
    '.ci/run': { file: '.ci/run', shows: 'npm test', why: CI },
    'TRANSFERLAB_SHARED_CHECKS=1 npm test': { file: '.ci/run', shows: 'export TRANSFERLAB_SHARED_CHECKS=1', why: CI },
    'curl -H "Authorization: Bearer $TOKEN" -F class=cats -F split=train -F files=@cat1.jpg -F files=@cat2.png http://127.0.0.1:4000/api/datasets/$DATASET_ID/images': { file: RUN_API, shows: "c.command.startsWith('curl ') && c.command.includes('/api/datasets/')" },
    "curl -H \"Authorization: Bearer $TOKEN\" -H 'content-type: application/zip' --data-binary @dataset.zip http://127.0.0.1:4000/api/datasets/$DATASET_ID/import": { file: RUN_API, shows: "c.command.startsWith('curl ') && c.command.includes('/api/datasets/')" },
    'transferlab worker --api http://host:4000 --token-file token': { file: 'apps/trainer/test/e2e/stack.ts', shows: "'worker', '--api', baseUrl, '--token-file', tokenFile", why: 'it needs a running API: the end-to-end stack starts it so' },
    'node apps/api/bin/transferlab-api.js worker-token --name gpu-1': { file: RUN_API },
    'node apps/api/bin/transferlab-api.js gc': { file: 'apps/api/test/storage.test.ts', shows: "[API_BIN, 'gc']" },
    'node apps/api/bin/transferlab-api.js files migrate --to s3': { file: 'apps/api/test/files-migrate-cli.test.ts', shows: "[BIN, 'files', 'migrate', '--to', 's3']" },
    'node apps/api/bin/transferlab-api.js import-weights vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5': { file: 'apps/api/test/import-weights-cli.test.ts', shows: "[BIN, 'import-weights', file]", why: "Keras's VGG16 file is 58 MB and not on CI: the test imports a file under another Keras name" },
    'curl -H "Authorization: Bearer $TOKEN" -F name=our-mobilenet -F backbone=MOBILENET_V2 -F alpha=0.35 -F files=@model.json -F files=@weights.bin http://127.0.0.1:4000/api/teams/$TEAM_ID/weights': { file: 'apps/api/test/weights.test.ts', shows: "c.startsWith('curl ') && c.includes('/weights')" },
    'transferlab weights upload --api http://127.0.0.1:4000 --token-file token --backbone MOBILENET_V2 --alpha 0.35 our-weights.h5': { file: 'apps/trainer/test/worker-weights.test.ts', shows: "['weights', 'upload', '--api', stack.baseUrl, '--token-file', tokenFile, '--backbone', 'MOBILENET_V2', '--alpha', '0.35', h5]", why: 'it needs a running API: the end-to-end stack gives it one' },
    'transferlab worker': { file: 'apps/trainer/test/e2e/stack.ts', shows: "'worker', '--api', baseUrl, '--token-file', tokenFile" },
    'transferlab worker --memory-mb': { file: 'apps/trainer/test/worker-e2e.test.ts', shows: "args: ['--memory-mb', '300']" },
    'pnpm install': { file: 'scripts/test.sh', shows: 'pnpm.sh install --frozen-lockfile', why: CI },
    'node apps/trainer/bin/transferlab.js': { file: RUN_CLI },
    'transferlab demo-data ./flowers-like --classes 3 --images-per-class 40': { file: RUN_CLI },
    'transferlab train ./my-dataset --out ./models/v1 --strategy FINE_TUNE --epochs 10 --fine-tune-epochs 5': { file: RUN_CLI },
    'transferlab evaluate ./models/v1 ./my-test-set': { file: RUN_CLI },
    'transferlab predict ./models/v1 photo1.jpg photo2.png': { file: RUN_CLI },
    'transferlab embed photo1.jpg --backbone MOBILENET_V2 --weights ./mobilenet/model.json': { file: RUN_CLI },
    'transferlab download-weights --backbone VGG16': { file: RUN_CLI },
    'transferlab throughput': { file: 'apps/trainer/test/cli-throughput.test.ts', shows: "cli.run(['throughput'" },
    'cd docker && cp .env.example .env': DOCKER,
    'docker compose build && docker compose up -d postgres api web': DOCKER,
    'docker compose run --rm api node apps/api/bin/transferlab-api.js worker-token --name gpu-1': DOCKER,
    'docker compose up -d trainer-gpu': DOCKER,
    'docker run --gpus all -e TRANSFERLAB_API_URL=… -e TRANSFERLAB_WORKER_TOKEN=… transferlab-trainer-gpu': DOCKER,
    'pnpm --filter @transferlab/web screenshots': {
      file: 'apps/web/e2e/fixtures/readme-screenshot.ts',
      shows: 'TRANSFERLAB_SCREENSHOT_DIR',
      why: "the browser tests (npm test) take the same pictures into their output folder; the script only points them at docs/screenshots",
    },
    'pnpm -s bench:ml': { file: 'packages/ml-core/test/bench.test.ts' },
    'pnpm -s bench:api': { file: 'apps/api/test/bench.test.ts' },
    'pnpm -s bench:worker': { file: 'apps/trainer/test/bench-worker.test.ts' },
    'pnpm -s bench:pytorch': { file: 'apps/trainer/test/bench-pytorch.test.ts' },
    'transferlab train': { file: RUN_CLI },
    'transferlab evaluate': { file: RUN_CLI },
    'apt-get install -y python3-torch python3-torchvision python3-h5py': { file: 'apps/trainer/test/bench-pytorch.test.ts', why: 'CI has no PyTorch: the test checks that bench:pytorch, lacking it, says to run this' },
    'pnpm build': TURBO_TEST,
    'pnpm typecheck': { file: 'scripts/test.sh', shows: 'turbo run typecheck lint', why: CI },
    'pnpm lint': { file: 'scripts/test.sh', shows: 'turbo run typecheck lint', why: CI },
    'pnpm test': { file: 'scripts/test.sh', shows: 'turbo run test', why: `${CI}; package.json's test script for both npm and pnpm` },
  },
  'apps/web/README.md': {
    'pnpm codegen': { file: RUN_WEB },
    'pnpm --filter @transferlab/web build': { file: 'scripts/start.sh', shows: 'turbo run build --filter=@transferlab/web', why: `the same build, run by npm start (${NPM_START})` },
    'TRANSFERLAB_API_URL=http://127.0.0.1:4000 pnpm --filter @transferlab/web start': { file: RUN_WEB },
    'pnpm --filter @transferlab/web dev': { file: RUN_WEB },
    'pnpm --filter @transferlab/web test': TURBO_TEST,
    'pnpm --filter @transferlab/web test:e2e': { file: 'apps/web/scripts/run-tests.mjs', shows: "run('playwright', ['test', '-c', 'e2e/playwright.config.ts'])", why: "the web package's test script runs the browser tests as test:e2e does" },
    'next start': { file: 'apps/web/e2e/stack/global-setup.ts', shows: "[NEXT_BIN, 'start'" },
  },
};

describe.each(CHECKED_READMES)('every command %s shows', (readme) => {
  const table = COMMANDS[readme] ?? {};
  const shown = readmeCommands(readme).map((c) => c.command);

  it('is listed with the test that runs it', () => {
    expect(shown.filter((command) => !(command in table)), `add these to ${import.meta.filename} and make a test run them`).toEqual([]);
  });

  it('and the table lists nothing the README no longer shows', () => {
    expect(Object.keys(table).filter((command) => !shown.includes(command))).toEqual([]);
  });

  it.each(Object.entries(table))('%s is in the file that runs it', (command, { file, shows }) => {
    const path = join(REPO_ROOT, file);
    expect(existsSync(path), `${file} does not exist`).toBe(true);
    expect(readFileSync(path, 'utf8'), `${file} should run \`${command}\``).toContain(shows ?? command);
  });
});

describe('the command extractor', () => {
  it('joins continuation lines, drops comments, and takes inline code that starts with a program', () => {
    const markdown = [
      'Run `npm start`, pass `--weights none`, read `tf.loadLayersModel`; `npm` alone is a name; `.ci/run` is one.',
      '```sh',
      'curl -F a=1 \\',
      '  http://x/y          # → { "accepted": 1 }',
      '# a comment line',
      '',
      'transferlab demo-data ./d   # writes it',
      '```',
      '```json',
      '{ "not": "a command" }',
      '```',
      'And `TRANSFERLAB_X=1 npm test` and `npm start` again.',
    ].join('\n');
    expect(extractCommands(markdown)).toEqual([
      { command: 'npm start', line: 1, kind: 'inline' },
      { command: '.ci/run', line: 1, kind: 'inline' },
      { command: 'curl -F a=1 http://x/y', line: 3, kind: 'block' },
      { command: 'transferlab demo-data ./d', line: 7, kind: 'block' },
      { command: 'TRANSFERLAB_X=1 npm test', line: 12, kind: 'inline' },
    ]);
  });
});
