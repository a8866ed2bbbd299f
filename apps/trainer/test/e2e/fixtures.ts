import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoDataset } from '@transferlab/ml-core';
import type { Stack } from './stack';

/** A new user with a team and a dataset of generated images uploaded over HTTP. */
export async function seedTeamWithDataset(stack: Stack, options: { imagesPerClass?: number } = {}) {
  const email = `u${Date.now()}${Math.random().toString(36).slice(2, 6)}@example.com`;
  const { signUp } = await stack.gql<{ signUp: { token: string } }>('mutation ($e: String!) { signUp(email: $e, password: "a long enough password") { token } }', { e: email });
  const token = signUp.token;
  const { createTeam } = await stack.gql<{ createTeam: { id: string } }>('mutation { createTeam(name: "Lab") { id } }', {}, token);
  const { createDataset } = await stack.gql<{ createDataset: { id: string } }>('mutation ($t: ID!) { createDataset(teamId: $t, name: "shapes") { id } }', { t: createTeam.id }, token);
  const dir = await mkdtemp(join(tmpdir(), 'transferlab-seed-'));
  try {
    const { classNames } = await generateDemoDataset({ dir, classes: 3, imagesPerClass: options.imagesPerClass ?? 12, imageSize: 32, seed: 5 });
    const sampleImage = await readFile(join(dir, classNames[0]!, (await readdir(join(dir, classNames[0]!)))[0]!));
    for (const className of classNames) {
      const form = new FormData();
      form.append('class', className);
      form.append('split', 'train');
      for (const file of await readdir(join(dir, className))) form.append('files', new Blob([await readFile(join(dir, className, file))]), file);
      const res = await fetch(`${stack.baseUrl}/api/datasets/${createDataset.id}/images`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      if (!res.ok) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
    }
    return { token, teamId: createTeam.id, datasetId: createDataset.id, classNames, sampleImage };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const RUN_FIELDS = 'id status error failure { code kind message } attempts worker { name backend frozenEngine } metrics { phase epoch valAccuracy } model { id version classes }';

export async function startRun(stack: Stack, token: string, datasetId: string, overrides: Record<string, unknown> = {}) {
  const input = { datasetId, strategy: 'FEATURE_EXTRACTION', pretrained: false, imageSize: 32, batchSize: 8, epochs: 3, seed: 1, ...overrides };
  const { startRun } = await stack.gql<{ startRun: { id: string } }>('mutation ($i: StartRunInput!) { startRun(input: $i) { id } }', { i: input }, token);
  return startRun.id;
}

export async function waitForRun(stack: Stack, token: string, runId: string, done: (run: { status: string }) => boolean, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { run } = await stack.gql<{ run: { status: string; [k: string]: unknown } }>(`query ($id: ID!) { run(id: $id) { ${RUN_FIELDS} } }`, { id: runId }, token).catch(() => ({ run: { status: 'UNREACHABLE' } }));
    if (done(run)) return run as Record<string, unknown> & { status: string };
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
