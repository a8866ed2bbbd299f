import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

// In a fresh process: does importing this entry load TensorFlow.js (its engine becomes a global) or
// sharp (libvips, a native library)? The full entry is the check that the probe sees them.
const PROBE = `
  await import(process.argv[1]);
  const libraries = process.report.getReport().sharedObjects;
  console.log(JSON.stringify({ tensorflow: '_tfengine' in globalThis, sharp: libraries.some((p) => p.includes('vips')) }));
`;

async function loadedBy(entry: string): Promise<{ tensorflow: boolean; sharp: boolean }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE, resolve(import.meta.dirname, '..', entry)], { cwd: resolve(import.meta.dirname, '..') });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { tensorflow: boolean; sharp: boolean };
}

describe("'@transferlab/ml-core/light'", () => {
  it('loads neither TensorFlow.js nor sharp', async () => {
    expect(await loadedBy('src/light.ts')).toEqual({ tensorflow: false, sharp: false });
  }, 60_000);

  it('(while the full entry loads both)', async () => {
    expect(await loadedBy('src/index.ts')).toEqual({ tensorflow: true, sharp: true });
  }, 60_000);
});
