// Mistakes a user can make and resources that are missing: each must end in exit code 1 and one
// `transferlab: …` line that says what is wrong and what to do, never a stack trace and never the
// "internal error" exit code 70.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, expectSuccess, expectUserError, formatRun, lines, type CliSandbox } from './run-cli';

let cli: CliSandbox;
let ds: string;
const SMALL = ['--image-size', '32', '--batch-size', '8', '--epochs', '3', '--weights', 'none'];

// Keras's weights host, played by a local server; the official file's md5 cannot be produced
// here, so every download from it is a mismatch.
const VGG16_FILE = 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5';
const VGG16_PATH = `/vgg16/${VGG16_FILE}`;
const KERAS_MD5 = '6d6bbae143d832006294945121d1f1fc';
const SERVED = Buffer.from('not really VGG16 weights, but bytes a server sent\n'.repeat(200));
const SERVED_MD5 = createHash('md5').update(SERVED).digest('hex');
let server: Server;
let serverUrl: string;
const requests: string[] = [];
let closedPortUrl: string;

beforeAll(async () => {
  cli = await createSandbox('errors');
  ds = join(cli.dir, 'ds');
  expectSuccess(await cli.run(['demo-data', ds, '--classes', '2', '--images-per-class', '4', '--image-size', '32']));
  // Each test mirrors Keras's host under its own prefix, so concurrent tests see their own requests.
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (!req.url?.endsWith(VGG16_PATH)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': SERVED.length }).end(SERVED);
  });
  serverUrl = await listen(server);
  // A port that was just free: nothing listens there, so connecting is refused at once.
  const closed = createServer();
  closedPortUrl = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await cli?.cleanup();
});

describe.concurrent('train', () => {
  it('a dataset folder that does not exist', async () => {
    const missing = join(cli.dir, 'no-such-dataset');
    const line = expectUserError(await cli.run(['train', missing, '--out', join(cli.dir, 'm'), ...SMALL]));
    expect(line).toBe(`transferlab: Dataset folder ${missing} does not exist. Check the path, or create it with one subfolder of images per class.`);
  });

  it('a dataset with only one class folder', async () => {
    const one = join(cli.dir, 'one-class');
    await mkdir(one);
    await cp(join(ds, 'circles'), join(one, 'circles'), { recursive: true });
    const line = expectUserError(await cli.run(['train', one, '--out', join(cli.dir, 'm'), ...SMALL]));
    expect(line).toContain(`Dataset at ${one} has only one class folder ('circles')`);
    expect(line).toContain('add a folder per class');
  });

  it.each([
    [['--epochs', '0'], "option '-e, --epochs <n>' argument '0' is invalid. epochs must be at least 1 (got 0)."],
    [['--epochs', '5000'], "option '-e, --epochs <n>' argument '5000' is invalid. epochs must be at most 300 (got 5000)."],
    [['--batch-size', '1024'], "option '--batch-size <n>' argument '1024' is invalid. batchSize must be at most 512 (got 1024)."],
    [['--dropout', '1.5'], "option '--dropout <rate>' argument '1.5' is invalid. dropout must be below 1 (got 1.5)."],
    [['--saturation', '1.5'], "option '--saturation <fraction>' argument '1.5' is invalid. augmentation.saturation must be at most 1 (got 1.5)."],
    [['--hue', '0.6'], "option '--hue <turns>' argument '0.6' is invalid. augmentation.hue must be at most 0.5 (got 0.6)."],
  ])('%j is refused before anything runs, naming the field, its bound and the value', async (flags, problem) => {
    const result = await cli.run(['train', ds, '--out', join(cli.dir, 'm'), ...SMALL, ...flags]);
    expect(result.code, formatRun(result)).toBe(1);
    expect(lines(result.stderr)).toEqual([`error: ${problem}`, '(run with --help for usage)']);
  });

  it('--learning-rate abc is refused by the argument parser before anything runs', async () => {
    const result = await cli.run(['train', ds, '--out', join(cli.dir, 'm'), '--learning-rate', 'abc']);
    expect(result.code, formatRun(result)).toBe(1);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual(["error: option '--learning-rate <lr>' argument 'abc' is invalid. 'abc' is not a number.", '(run with --help for usage)']);
  });

  it('--weights pointing at a file that does not exist', async () => {
    const line = expectUserError(await cli.run(['train', ds, '--out', join(cli.dir, 'm'), ...SMALL, '--weights', '/nonexistent.h5']));
    expect(line).toBe("transferlab: No weights file at /nonexistent.h5 (ENOENT). Check the path, or use weights 'imagenet' or 'none'.");
  });
});

describe.concurrent('predict and embed', () => {
  it('predict with a folder that is not a model', async () => {
    const result = await cli.run(['predict', ds, join(ds, 'circles', 'circles_000.png')]);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(expectUserError(result)).toBe(`transferlab: No ${join(ds, 'metadata.json')}: ${ds} is not a model folder written by 'transferlab train'.`);
    expect(result.stdout).toBe('');
  });

  it('embed with an image file that does not exist', async () => {
    const missing = join(cli.dir, 'missing.png');
    const result = await cli.run(['embed', join(ds, 'circles', 'circles_000.png'), missing, '--weights', 'none', '--image-size', '32']);
    expect(expectUserError(result)).toBe(`transferlab: Cannot read image ${missing}: no such file. Check the path.`);
    expect(result.stdout).toBe('');
  });
});

describe.concurrent('weights', () => {
  it("download-weights refuses a file whose md5 is not Keras's, and leaves nothing in the cache", async () => {
    const mirror = `${serverUrl}/mismatch`;
    const weightsDir = join(cli.dir, 'cache-mismatch');
    const result = await cli.run(['download-weights', '--backbone', 'VGG16'], { env: { TRANSFERLAB_WEIGHTS_BASE_URL: mirror, TRANSFERLAB_WEIGHTS_DIR: weightsDir } });
    const line = expectUserError(result);
    expect(requests.filter((r) => r.includes('/mismatch/'))).toEqual([`GET /mismatch${VGG16_PATH}`]);
    expect(line).toContain(`weights downloaded from ${mirror}${VGG16_PATH} are corrupt (md5 mismatch: expected ${KERAS_MD5}, got ${SERVED_MD5})`);
    expect(line).toContain('the bad file was discarded');
    expect(line).toContain(`place it at ${join(weightsDir, VGG16_FILE)} (md5 ${KERAS_MD5})`);
    expect(result.stdout).toBe('');
    // Neither the file nor a partial download.
    expect(await readdir(weightsDir)).toEqual([]);
  });

  it('download-weights neither trusts, deletes nor replaces a cached file with the wrong md5', async () => {
    const mirror = `${serverUrl}/stale`;
    const weightsDir = join(cli.dir, 'cache-stale');
    await mkdir(weightsDir);
    const stale = Buffer.from('an older, damaged copy');
    await writeFile(join(weightsDir, VGG16_FILE), stale);
    const staleMd5 = createHash('md5').update(stale).digest('hex');
    const result = await cli.run(['download-weights'], { env: { TRANSFERLAB_WEIGHTS_BASE_URL: mirror, TRANSFERLAB_WEIGHTS_DIR: weightsDir } });
    const line = expectUserError(result);
    expect(requests.filter((r) => r.includes('/stale/'))).toEqual([`GET /stale${VGG16_PATH}`]);
    expect(line).toContain(`The file already at ${join(weightsDir, VGG16_FILE)} has md5 ${staleMd5}, not ${KERAS_MD5}.`);
    expect(await readdir(weightsDir)).toEqual([VGG16_FILE]);
    expect(await readFile(join(weightsDir, VGG16_FILE))).toEqual(stale);
  });

  it('train --weights imagenet without network access fails with the connection error, saying where to put the file', async () => {
    const result = await cli.run(['train', ds, '--out', join(cli.dir, 'm'), '--weights', 'imagenet', '--image-size', '32', '--epochs', '1'], {
      env: { TRANSFERLAB_WEIGHTS_BASE_URL: closedPortUrl },
    });
    const line = expectUserError(result);
    const url = `${closedPortUrl}${VGG16_PATH}`;
    const cachePath = join(cli.dataDir, 'weights', VGG16_FILE);
    expect(line.startsWith(`transferlab: Could not download VGG16 ImageNet weights from ${url} (`), line).toBe(true);
    expect(line).toMatch(/\([^()]*ECONNREFUSED[^()]*\)\. /);
    expect(line.endsWith(
      `Download that file on a machine with internet access and place it at ${cachePath} (md5 ${KERAS_MD5}), or pass a local .h5 path as the weights.`,
    ), line).toBe(true);
    expect(await readdir(join(cli.dataDir, 'weights'))).toEqual([]);
  });
});

async function listen(s: Server): Promise<string> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}
