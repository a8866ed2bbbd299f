// The no-tfjs entry exists to keep TensorFlow.js out of a process; check that in a fresh one
// (this test process has loaded TensorFlow.js through other tests' imports).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as main from './index';
import * as noTfjs from './no-tfjs';

const run = promisify(execFile);

// tfjs-core registers its engine on the global object when it loads; ONNX Runtime maps its library.
const PROBE = `
const [what] = process.argv.slice(-1);
await import(what);
const maps = (await import('node:fs')).readFileSync('/proc/self/maps', 'utf8');
console.log(JSON.stringify({ tfjs: '_tfengine' in globalThis, onnxRuntime: /onnxruntime/.test(maps) }));
`;

async function loads(specifier: string): Promise<{ tfjs: boolean; onnxRuntime: boolean }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE, specifier], { cwd: new URL('..', import.meta.url) });
  return JSON.parse(stdout) as { tfjs: boolean; onnxRuntime: boolean };
}

describe('@transferlab/ml-core/no-tfjs', () => {
  it('loads neither TensorFlow.js nor ONNX Runtime, where the main entry loads TensorFlow.js', async () => {
    expect(await loads('./src/no-tfjs.ts')).toEqual({ tfjs: false, onnxRuntime: false });
    expect((await loads('./src/index.ts')).tfjs).toBe(true);
  }, 120_000);

  it('exports the same things as the main entry under the same names', () => {
    for (const [name, value] of Object.entries(noTfjs)) expect(main[name as keyof typeof main], name).toBe(value);
  });
});
