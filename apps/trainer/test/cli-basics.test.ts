import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, expectSuccess, expectUserError, formatRun, lines, type CliSandbox } from './run-cli';

const HEAVY_MODULES_PROBE = join(import.meta.dirname, 'fixtures', 'heavy-modules-probe.mjs');

let cli: CliSandbox;
beforeAll(async () => {
  cli = await createSandbox('basics');
});
afterAll(() => cli.cleanup());

const COMMANDS = ['train', 'evaluate', 'predict', 'embed', 'download-weights', 'weights', 'demo-data', 'demo', 'worker', 'throughput'];

// What each command's --help must offer: the flags of the contract, and positional arguments.
const COMMAND_HELP: Record<string, string[]> = {
  train: [
    '<dataset>',
    '-o, --out <dir>',
    '-s, --strategy <strategy>',
    '"BASELINE", "FEATURE_EXTRACTION", "FINE_TUNE"',
    '-b, --backbone <backbone>',
    '--alpha <n>',
    '-w, --weights <source>',
    '--image-size <px>',
    '--batch-size <n>',
    '-e, --epochs <n>',
    '--fine-tune-epochs <n>',
    '--learning-rate <lr>',
    '--fine-tune-learning-rate <lr>',
    '--unfreeze-from <layer>',
    '--dropout <rate>',
    '--flip',
    '--rotation <degrees>',
    '--zoom <fraction>',
    '--brightness <fraction>',
    '--contrast <fraction>',
    '--saturation <fraction>',
    '--hue <turns>',
    '--early-stopping-patience <epochs>',
    '--reduce-lr-patience <epochs>',
    '--validation-split <fraction>',
    '--test-split <fraction>',
    '--class-weight <mode>',
    '--seed <n>',
    '--json',
  ],
  evaluate: ['<model>', '<dataset>', '--json'],
  predict: ['<model>', '<images...>', '-k, --top-k <k>'],
  embed: ['<images...>', '-b, --backbone <backbone>', '--alpha <n>', '-w, --weights <source>', '--image-size <px>'],
  'download-weights': ['-b, --backbone <backbone>', '"VGG16", "MOBILENET_V2", "RESNET50", "EFFICIENTNET_B0"', '--alpha <n>', '--image-size <px>'],
  weights: ['upload [options] <file>'],
  'demo-data': ['<dir>', '--classes <n>', '--images-per-class <n>', '--image-size <px>', '--seed <n>'],
  demo: ['--epochs <n>'],
  worker: ['--api <url>', '--token <token>', '--token-file <path>', '--name <name>', '--concurrency <n>', '--memory-mb <mb>', '--poll-ms <ms>', '--once'],
  throughput: ['-b, --backbone <backbone>', '--alpha <n>', '--image-size <px>', '--batch-size <n>', '--unfreeze-from <layer>', '--reps <n>', '--json'],
};

describe.concurrent('help', () => {
  it('lists every command for the program', async () => {
    const result = await cli.run(['--help']);
    expectSuccess(result);
    expect(result.stdout).toMatch(/^Usage: transferlab \[options\] \[command\]/);
    const listed = lines(result.stdout.split('Commands:')[1] ?? '').map((line) => line.trim().split(' ')[0]);
    expect(listed).toEqual([...COMMANDS, 'help']);
    expect(result.stderr).toBe('');
  });

  it.each(COMMANDS)('lists the options of %s', async (command) => {
    const result = await cli.run([command, '--help']);
    expectSuccess(result);
    expect(result.stdout).toMatch(new RegExp(`^Usage: transferlab ${command} `));
    // Commander wraps long descriptions; options always start their line.
    const text = result.stdout.replace(/\s+/g, ' ');
    for (const expected of [...COMMAND_HELP[command]!, '-h, --help']) expect(text, formatRun(result)).toContain(expected);
    // The weights cache follows TRANSFERLAB_DATA_DIR.
    if (command === 'download-weights') expect(text).toContain(`weights cache (${join(cli.dataDir, 'weights')})`);
    expect(result.stderr).toBe('');
  });

  // Help and flag parsing answer at once: ml-core's main entry (TensorFlow.js, ONNX Runtime) takes
  // seconds to load, so commands load it when they run. The last case is the probe's own check: a command
  // that runs (and fails on a missing model folder) has loaded it.
  it.each([
    { name: 'transferlab --help', args: ['--help'], loads: false },
    { name: 'train --help', args: ['train', '--help'], loads: false },
    { name: 'worker --help', args: ['worker', '--help'], loads: false },
    { name: 'a flag out of bounds', args: ['train', 'dataset', '--epochs', '0'], loads: false },
    { name: 'predict, run', args: ['predict', 'no-such-model', 'image.png'], loads: true },
  ])('$name loads TensorFlow.js: $loads', async ({ args, loads }) => {
    const result = await cli.run(args, { env: { NODE_OPTIONS: `--import=${HEAVY_MODULES_PROBE}` } });
    const line = lines(result.stderr).find((l) => l.startsWith('heavy-modules '));
    expect(line, formatRun(result)).toBeDefined();
    const loaded = JSON.parse(line!.slice('heavy-modules '.length)) as Record<string, boolean>;
    expect(loaded, formatRun(result)).toEqual({ tensorflow: loads });
  });
});

describe.concurrent('demo-data', () => {
  it('writes the Keras folder layout with the stated number of readable images', async () => {
    const dir = join(cli.dir, 'demo');
    const result = await cli.run(['demo-data', dir, '--classes', '3', '--images-per-class', '12', '--image-size', '32']);
    expectSuccess(result);
    expect(result.stdout).toBe(`wrote 36 images in 3 classes (circles, squares, stripes) to ${dir}\n`);

    const classes = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(classes).toEqual(['circles', 'squares', 'stripes']);
    expect((await readdir(dir)).sort()).toEqual(classes);
    const formats = new Set<string>();
    for (const name of classes) {
      const files = await readdir(join(dir, name));
      expect(files, name).toHaveLength(12);
      for (const file of files) {
        expect(file).toMatch(new RegExp(`^${name}_\\d{3}\\.(png|jpg)$`));
        const image = imageHeader(await readFile(join(dir, name, file)));
        expect(image, file).toMatchObject({ width: 32, height: 32 });
        expect(file.endsWith(image.format === 'png' ? '.png' : '.jpg'), file).toBe(true);
        formats.add(image.format);
      }
    }
    // Both encoders, as real datasets mix them.
    expect([...formats].sort()).toEqual(['jpeg', 'png']);
  });

  it('refuses a class count it cannot make as a usage error, writing nothing', async () => {
    const dir = join(cli.dir, 'five-classes');
    const result = await cli.run(['demo-data', dir, '--classes', '5']);
    expect(result.code, formatRun(result)).toBe(1);
    expect(lines(result.stderr)).toEqual(["error: option '--classes <n>' argument '5' is invalid. '5' is not between 2 and 4.", '(run with --help for usage)']);
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe.concurrent('TRANSFERLAB_BACKEND', () => {
  it("'cpu' selects the plain JavaScript backend and says so on stderr", async () => {
    // A missing dataset fails right after the backend is chosen, which keeps this fast.
    const result = await cli.run(['train', join(cli.dir, 'missing'), '--out', join(cli.dir, 'never')], { env: { TRANSFERLAB_BACKEND: 'cpu' } });
    expect(lines(result.stderr)[0]).toMatch(/^backend: TensorFlow\.js backend 'cpu' on /);
    expect(expectUserError(result)).toContain('does not exist');
  });

  it('a bogus value fails before anything runs, naming the variable and the valid choices', async () => {
    const result = await cli.run(['--help'], { env: { TRANSFERLAB_BACKEND: 'bogus' } });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    const [line, ...rest] = lines(result.stderr);
    expect(rest).toEqual([]);
    expect(line).toMatch(/^transferlab: Invalid environment: TRANSFERLAB_BACKEND: /);
    for (const choice of ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']) expect(line).toContain(`"${choice}"`);
  });
});

/** Format and size from a PNG's IHDR or a JPEG's start-of-frame segment; throws for anything else. */
function imageHeader(bytes: Buffer): { format: 'png' | 'jpeg'; width: number; height: number } {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    if (bytes.toString('latin1', 12, 16) !== 'IHDR') throw new Error('PNG without IHDR');
    return { format: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    if (bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9) throw new Error('JPEG without end-of-image marker');
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) throw new Error(`JPEG segment expected at ${i}`);
      const marker = bytes[i + 1]!;
      // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { format: 'jpeg', height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
      }
      i += 2 + bytes.readUInt16BE(i + 2);
    }
    throw new Error('JPEG without a start-of-frame segment');
  }
  throw new Error(`not a PNG or JPEG (starts ${bytes.subarray(0, 4).toString('hex')})`);
}
