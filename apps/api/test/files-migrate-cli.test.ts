import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoredBytes } from '../src/files/file-store';
import { sha256Of } from '../src/files/hashing-stream';
import { LocalFileStore } from '../src/files/local-file-store';
import { S3FileStore } from '../src/files/s3-file-store';
import { S3_CREDENTIALS, startS3Server, type TestS3 } from './s3-server';

const BIN = resolve(import.meta.dirname, '../bin/transferlab-api.js');

describe('transferlab-api files migrate --to s3', () => {
  let s3: TestS3;
  let dataDir: string;
  beforeAll(async () => {
    s3 = await startS3Server();
    dataDir = await mkdtemp(join(tmpdir(), 'files-migrate-'));
  });
  afterAll(async () => {
    await s3.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The CLI as an operator runs it: the API's settings, and bucket credentials from the SDK's usual AWS_* variables. */
  function migrate(settings: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = {
      PATH: process.env.PATH,
      TRANSFERLAB_DATA_DIR: dataDir,
      TRANSFERLAB_LOG_LEVEL: 'silent',
      TRANSFERLAB_S3_BUCKET: 'transferlab-test',
      TRANSFERLAB_S3_ENDPOINT: s3.endpoint,
      TRANSFERLAB_S3_PREFIX: 'moved/',
      TRANSFERLAB_S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
      ...settings,
    };
    return promisify(execFile)(process.execPath, [BIN, 'files', 'migrate', '--to', 's3'], { env, timeout: 120_000 }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  }

  it('copies the local store into the bucket, verifying each file, and resumes where it stopped', async () => {
    const local = new LocalFileStore(join(dataDir, 'files'));
    const contents = [randomBytes(1000), randomBytes(2_000_000), randomBytes(10)];
    const names = await Promise.all(contents.map((bytes) => local.put(bytes)));
    // A file damaged on disk: its bytes no longer hash to its name.
    const damaged = sha256Of(Buffer.from('what the file held'));
    await mkdir(dirname(local.pathOf(damaged)), { recursive: true });
    await writeFile(local.pathOf(damaged), 'bit rot');
    await writeFile(join(local.dir, '123.abc.tmp'), 'an unfinished write');
    const bucket = new S3FileStore(s3.settings('moved/'));
    // An earlier run that was interrupted after the first file.
    await bucket.put(contents[0]!);

    const first = await migrate();
    expect(first.code, first.stderr).toBe(1);
    expect(JSON.parse(first.stdout)).toEqual({ copied: 2, copiedBytes: 2_000_010, skipped: 1, damaged: [damaged] });
    for (const [i, name] of names.entries()) expect(await readStoredBytes(bucket, name)).toEqual(contents[i]);
    expect(await bucket.has(damaged)).toBe(false);

    await local.remove(damaged);
    const again = await migrate();
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ copied: 0, copiedBytes: 0, skipped: 3, damaged: [] });
  });

  it('needs the bucket setting, and says so', async () => {
    const result = await migrate({ TRANSFERLAB_S3_BUCKET: undefined });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('files migrate --to s3 needs TRANSFERLAB_S3_BUCKET');
  });
});
