import { createHash } from 'node:crypto';
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WeightsSource } from '@transferlab/ml-core';
import type { ClaimRunMutation } from '../generated/graphql';
import type { ApiClient } from './api-client';
import { retryWhileUnavailable } from './retry';

type ClaimedWeights = NonNullable<NonNullable<ClaimRunMutation['claimRun']>['weights']>;

export interface RunStartingWeights {
  /** Passed to ml-core; undefined keeps its default (ImageNet when pretrained, else random). */
  source?: WeightsSource;
  /** The uploaded weights, recorded in the model's metadata. */
  asset?: { id: string; name: string };
}

/**
 * Puts the weights the API named for a run into the weights cache, fetched with the worker token and
 * checked against their sha256: the team's uploaded weights under `assets/<sha256>.h5`, or the
 * server's copy of a Keras ImageNet file under Keras's name, where ml-core then finds it (and checks
 * Keras's md5) as if it had downloaded it itself. Cached files are reused across runs.
 */
export async function ensureClaimedWeights(api: ApiClient, weights: ClaimedWeights | null | undefined, cacheDir: string, log: (message: string) => void): Promise<RunStartingWeights> {
  if (!weights) return {};
  if (weights.kind === 'asset') {
    if (!weights.id) throw new Error('The API named uploaded weights without their id.');
    const path = join(cacheDir, 'assets', `${weights.sha256}.h5`);
    await fetchVerified(api, weights, path, log);
    return { source: { path }, asset: { id: weights.id, name: weights.name ?? weights.id } };
  }
  // A Keras file name, never a path: it names where ml-core looks in the cache.
  if (!weights.name || !/^[\w.-]+\.h5$/.test(weights.name)) throw new Error(`The API named ImageNet weights "${weights.name}", which is not a Keras file name.`);
  await fetchVerified(api, weights, join(cacheDir, weights.name), log);
  return {};
}

async function fetchVerified(api: ApiClient, weights: ClaimedWeights, path: string, log: (message: string) => void): Promise<void> {
  if (await access(path).then(() => true, () => false)) return;
  const bytes = await retryWhileUnavailable(() => api.download(weights.url));
  const got = createHash('sha256').update(bytes).digest('hex');
  if (got !== weights.sha256) throw new Error(`Weights ${weights.url} arrived damaged (sha256 ${got}, expected ${weights.sha256}).`);
  await mkdir(join(path, '..'), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, path);
  log(`weights ${weights.name ?? weights.sha256} fetched from the API (${(bytes.length / 1e6).toFixed(1)} MB, sha256 ${got.slice(0, 12)})`);
}
