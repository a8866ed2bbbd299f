import { execFile } from 'node:child_process';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectGarbage } from '../src/files/collect-garbage';
import { isFileReferenced, referencedFiles } from '../src/files/file-references';
import { createLogger } from '../src/logger';
import { startApiServer } from '../src/server';
import { DB_KINDS, startTestApi, type TestApi } from './harness';
import type { LocalFileStore } from '../src/files/local-file-store';
import {
  claimRun,
  createImageDataset,
  createTeamFixture,
  epochMetric,
  FINISH_RUN,
  modelFiles,
  putCheckpoint,
  REPORT_EPOCH,
  settleLeftoverRuns,
  sleep,
  startRun,
  uploadModel,
} from './runs-fixtures';

const API_BIN = fileURLToPath(new URL('../bin/transferlab-api.js', import.meta.url));
const HOUR = 60 * 60 * 1000;

describe.each(DB_KINDS)('stored files are reclaimed (%s)', (kind) => {
  let api: TestApi;
  let worker: string;
  beforeAll(async () => {
    // A short lease: the sweeper, which deletes ended runs' checkpoints, runs every half lease.
    api = await startTestApi(kind, { leaseMs: 1000 });
    worker = await api.workerToken('gpu-1');
  });
  afterAll(() => api.close());

  const stored = async () => {
    const names: string[] = [];
    for await (const entry of api.server.services.files.entries()) names.push(entry.name);
    return names.sort();
  };

  it('keeps only the latest checkpoint, and once the run finishes only its model files', async () => {
    await settleLeftoverRuns(api);
    const team = await createTeamFixture(api);
    const { dataset } = await createImageDataset(api, team, { a: 1, b: 1 });
    const run = await startRun(api, team.member.token, { datasetId: dataset.id, strategy: 'BASELINE', epochs: 2 });
    const claim = (await claimRun(api, worker)).data!.claimRun!;
    const lease = { runId: run.id, leaseId: claim.leaseId };
    const before = await stored();

    await api.must(REPORT_EPOCH, { ...lease, metric: epochMetric('BASELINE', 1, 0.5) }, worker);
    const first = (await (await putCheckpoint(api, lease, worker, Buffer.from('after epoch 1'), 1)).json()) as { sha256: string };
    expect(await stored()).toContain(first.sha256);
    await api.must(REPORT_EPOCH, { ...lease, metric: epochMetric('BASELINE', 2, 0.6) }, worker);
    const second = (await (await putCheckpoint(api, lease, worker, Buffer.from('after epoch 2'), 2)).json()) as { sha256: string };
    const afterSecond = await stored();
    expect(afterSecond).toContain(second.sha256);
    expect(afterSecond).not.toContain(first.sha256);

    const files = modelFiles(['a', 'b']);
    const upload = (await (await uploadModel(api, lease, worker, files)).json()) as { files: Record<string, string> };
    await api.must(FINISH_RUN, lease, worker);
    const deadline = Date.now() + 15_000;
    while ((await stored()).includes(second.sha256) && Date.now() < deadline) await sleep(100);
    expect(await stored()).toEqual([...before, ...Object.values(upload.files)].sort());
  });

  it('removes unfinished writes at start-up, and `transferlab-api gc` deletes files no row names', async () => {
    const files = api.server.services.files as LocalFileStore;
    const keep = await stored();
    const shard = join(files.dir, 'ab');
    await mkdir(shard, { recursive: true });
    const old = new Date(Date.now() - 2 * HOUR);
    const crashed = join(shard, `${'ab'.padEnd(64, '0')}.123.x.tmp`);
    const orphan = `ab${'1'.repeat(62)}`;
    const fresh = `ab${'2'.repeat(62)}`;
    await writeFile(crashed, 'half a file');
    await writeFile(join(shard, orphan), 'a checkpoint whose run row forgot it before a crash');
    await writeFile(join(shard, fresh), 'an upload whose row is not written yet');
    await utimes(crashed, old, old);
    await utimes(join(shard, orphan), old, old);

    // Another API process starting on the same folder clears the crashed write, and nothing else.
    const second = await startApiServer({ database: api.database, dataDir: api.dataDir, logger: createLogger('silent'), predictThreads: 1 });
    await second.close();
    expect(await stored()).toEqual([...keep, orphan, fresh].sort());

    if (kind === 'postgres') {
      // The command itself, as README shows it (PGlite is one process's database: the test holds it).
      const { stdout } = await promisify(execFile)(process.execPath, [API_BIN, 'gc'], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: api.database.url, TRANSFERLAB_DATA_DIR: api.dataDir, TRANSFERLAB_LOG_LEVEL: 'silent' },
        timeout: 300_000,
      });
      expect(JSON.parse(stdout)).toMatchObject({ deletedFiles: 1, deletedBytes: 51 });
    } else {
      expect(await collectGarbage({ db: api.database.db, files })).toMatchObject({ deletedFiles: 1, deletedBytes: 51 });
    }
    // What rows name, and what may be an upload in flight, stay.
    expect(await stored()).toEqual([...keep, fresh].sort());
    // The one-file question (asked before deleting a checkpoint) and the full list agree, file by file.
    const referenced = await referencedFiles(api.database.db);
    expect([...referenced].sort()).toEqual(expect.arrayContaining(keep));
    for (const name of [...keep, fresh, orphan]) expect(await isFileReferenced(api.database.db, name), name).toBe(referenced.has(name));
  }, 360_000);
});
