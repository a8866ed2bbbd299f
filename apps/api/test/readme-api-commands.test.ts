// README.md's API commands, run as written against a real server: the curl uploads through bash
// with $TOKEN and $DATASET_ID set as a reader would set them, and the worker-token command of the
// API's own bin. Only the address changes: the test server listens on a free port, not 4000.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeCommands, REPO_ROOT } from '../../../scripts/readme-commands.mjs';
import { apiBase, buildZip, createDatasetVia, image, teamWithPeople } from './datasets-fixtures';
import { codeOf, DB_KINDS, startTestApi, type TestApi } from './harness';

const run = promisify(execFile);
const README = readmeCommands('README.md');
const README_ADDRESS = 'http://127.0.0.1:4000';
// The dataset uploads; weights.test.ts runs the weights upload.
const curlCommands = README.filter((c) => c.command.startsWith('curl ') && c.command.includes('/api/datasets/'));

const CLAIM = 'mutation { claimRun(worker: { name: "gpu-1" }) { run { id } } }';

describe.each(DB_KINDS)("README's API commands on %s", (kind) => {
  let api: TestApi;
  let dir: string;
  let shell: (command: string, vars: Record<string, string>) => Promise<string>;

  beforeAll(async () => {
    api = await startTestApi(kind);
    dir = await mkdtemp(join(tmpdir(), 'transferlab-readme-'));
    // The files the commands name, as real images and a real zip in the Keras folder layout.
    await writeFile(join(dir, 'cat1.jpg'), await image('jpeg', 1));
    await writeFile(join(dir, 'cat2.png'), await image('png', 2));
    await writeFile(join(dir, 'dataset.zip'), buildZip([
      { name: 'cats/a.png', data: await image('png', 3) },
      { name: 'dogs/b.jpg', data: await image('jpeg', 4) },
    ]));
    shell = async (command, vars) => {
      const { stdout } = await run('bash', ['-c', command.replaceAll(README_ADDRESS, apiBase(api))], { cwd: dir, env: { PATH: process.env.PATH, ...vars } });
      return stdout;
    };
  });
  afterAll(async () => {
    await api?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('README shows the two uploads', () => {
    expect(curlCommands.map((c) => c.command.split(' ').at(-1))).toEqual([`${README_ADDRESS}/api/datasets/$DATASET_ID/images`, `${README_ADDRESS}/api/datasets/$DATASET_ID/import`]);
  });

  it.each(curlCommands.map((c) => [c.command.split('/').at(-1), c.command]))('the %s upload stores what it sends, and answers as README says', async (_route, command) => {
    const { teamId, member } = await teamWithPeople(api);
    const datasetId = await createDatasetVia(api, member.token, teamId);
    const answer = JSON.parse(await shell(command, { TOKEN: member.token, DATASET_ID: datasetId })) as { accepted: number; rejected: unknown[] };
    expect(answer).toMatchObject({ accepted: 2, rejected: [] });
    const stored = await api.must<{ dataset: { images: { items: { className: string }[] } } }>(
      'query ($id: ID!) { dataset(id: $id) { images(first: 10) { items { className } } } }', { id: datasetId }, member.token,
    );
    expect(stored.dataset.images.items.map((i) => i.className).sort()).toEqual(command.endsWith('/images') ? ['cats', 'cats'] : ['cats', 'dogs']);
  });

});

// README: "on PostgreSQL; on the embedded database `npm start` writes the local worker's token"
// (PGlite is one process's database, so the command cannot share it with a running API).
describe('the worker-token command README shows, on PostgreSQL', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('postgres');
  });
  afterAll(() => api?.close());

  it('node apps/api/bin/transferlab-api.js worker-token --name gpu-1 prints a token that works as a worker', async () => {
    const command = 'node apps/api/bin/transferlab-api.js worker-token --name gpu-1';
    expect(README.map((c) => c.command)).toContain(command);
    const { stdout } = await run('bash', ['-c', command], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, DATABASE_URL: api.database.url!, TRANSFERLAB_LOG_LEVEL: 'silent' } });
    const token = stdout.trim();
    expect(token).toMatch(/^\S{20,}$/);
    expect(await api.gql(CLAIM, {}, token)).toEqual({ data: { claimRun: null } });
    // The same call with a token the command did not make is refused.
    expect(codeOf(await api.gql(CLAIM, {}, `${token}x`))).toBe('FORBIDDEN');
  }, 120_000);
});
