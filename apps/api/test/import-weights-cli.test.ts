import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kerasH5 } from './weights-fixtures';

const BIN = resolve(import.meta.dirname, '../bin/transferlab-api.js');

function importWeights(dataDir: string, file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, [BIN, 'import-weights', file], { env: { PATH: process.env.PATH, TRANSFERLAB_DATA_DIR: dataDir, TRANSFERLAB_LOG_LEVEL: 'silent' }, timeout: 380_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('transferlab-api import-weights FILE (the embedded database)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'import-weights-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("stores one of Keras's ImageNet files, known by its name, for every trainer", async () => {
    const bytes = await kerasH5('MOBILENET_V2', 0.35, 5);
    const file = join(dir, 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_224_no_top.h5');
    await writeFile(file, bytes);
    const result = await importWeights(join(dir, 'data'), file);
    expect(result.code, result.stderr).toBe(0);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(JSON.parse(result.stdout)).toMatchObject({ fileName: 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_224_no_top.h5', backbone: 'MOBILENET_V2', sha256, sizeBytes: bytes.length });
    await access(join(dir, 'data', 'files', sha256.slice(0, 2), sha256));
  }, 400_000);

  it("refuses a file that is not Keras's, saying why", async () => {
    const notKeras = join(dir, 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5');
    await writeFile(notKeras, await kerasH5('MOBILENET_V2', 0.35, 6));
    const wrongMd5 = await importWeights(join(dir, 'data'), notKeras);
    expect(wrongMd5.code).toBe(1);
    expect(wrongMd5.stderr).toMatch(/md5 is [0-9a-f]{32}, not Keras's 6d6bbae143d832006294945121d1f1fc/);

    const unnamed = join(dir, 'weights.h5');
    await writeFile(unnamed, 'x');
    expect((await importWeights(join(dir, 'data'), unnamed)).stderr).toContain('is not one of Keras\'s ImageNet files; keep Keras\'s file name');
  }, 400_000);
});
