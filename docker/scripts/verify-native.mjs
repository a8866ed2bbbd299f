#!/usr/bin/env node
// Fails an image build when a TensorFlow.js native backend did not install. The native packages
// are optional dependencies of @transferlab/ml-core, so when their install script cannot download
// libtensorflow, `pnpm install`/`pnpm rebuild` only warn and the image would quietly train on
// WebAssembly. This turns that into a build error that says what is missing.
//
//   verify-native.mjs <package> --from <dir> [--load] [--require-lib <soname>]... [--lib-dir <dir>]...
//
// <package> is resolved the way code in <dir> resolves it (pnpm's strict layout). Checks that its
// libtensorflow (deps/lib/libtensorflow.so*) and its Node binding (lib/napi-v*/tfjs_binding.node)
// are there. --load also loads it and runs one op (only where no GPU driver is needed).
// --require-lib checks that the dynamic loader can find a shared library (ldconfig's cache or a
// --lib-dir), e.g. the CUDA and cuDNN libraries that libtensorflow's GPU build opens at run time.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const USAGE = 'usage: verify-native.mjs <package> --from <dir> [--load] [--require-lib <soname>]... [--lib-dir <dir>]...';

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  process.stderr.write(`verify-native: ${message}\n`);
  process.exit(1);
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ pkg?: string, from?: string, load: boolean, libs: string[], libDirs: string[] }} */
  const options = { load: false, libs: [], libDirs: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) fail(`${arg} needs a value.\n${USAGE}`);
      i += 1;
      return next;
    };
    if (arg === '--from') options.from = value();
    else if (arg === '--load') options.load = true;
    else if (arg === '--require-lib') options.libs.push(value());
    else if (arg === '--lib-dir') options.libDirs.push(value());
    else if (arg !== undefined && !arg.startsWith('--') && options.pkg === undefined) options.pkg = arg;
    else fail(`unexpected argument ${arg}.\n${USAGE}`);
  }
  if (!options.pkg || !options.from) fail(USAGE);
  return { ...options, pkg: options.pkg, from: options.from };
}

/** @param {string} dir */
function list(dir) {
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** The sonames ldconfig's cache knows; empty where there is no ldconfig. */
function ldconfigCache() {
  try {
    return execFileSync('ldconfig', ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

const options = parseArgs(process.argv.slice(2));
const require = createRequire(join(resolve(options.from), 'package.json'));
let packageJson;
try {
  packageJson = require.resolve(`${options.pkg}/package.json`);
} catch {
  fail(`${options.pkg} is not installed where ${options.from} can load it.`);
}
const packageDir = dirname(packageJson);
const { version } = /** @type {{ version: string }} */ (require(packageJson));

const libDir = join(packageDir, 'deps', 'lib');
const libtensorflow = list(libDir).filter((name) => name.startsWith('libtensorflow.so'));
if (libtensorflow.length === 0) {
  fail(
    `${options.pkg} ${version} has no libtensorflow in ${libDir}: its install script did not download it. ` +
      `Run the build where storage.googleapis.com is reachable, or see the script's output above.`,
  );
}
const bindings = list(join(packageDir, 'lib'))
  .filter((name) => /^napi-v\d+$/.test(name))
  .map((name) => join(packageDir, 'lib', name, 'tfjs_binding.node'))
  .filter((file) => existsSync(file));
if (bindings.length === 0) {
  fail(`${options.pkg} ${version} has no Node binding (lib/napi-v*/tfjs_binding.node): node-pre-gyp neither downloaded nor built it.`);
}

if (options.libs.length > 0) {
  const cache = ldconfigCache();
  const missing = options.libs.filter(
    (soname) => !cache.includes(`${soname} `) && !options.libDirs.some((dir) => existsSync(join(dir, soname))),
  );
  if (missing.length > 0) {
    fail(`the dynamic loader cannot find ${missing.join(', ')}, which ${options.pkg}'s libtensorflow opens at run time. Is the base image the right CUDA/cuDNN one?`);
  }
}

if (options.load) {
  /** @type {{ add(a: number, b: number): { dataSync(): ArrayLike<number> }, getBackend(): string }} */
  const tf = require(options.pkg);
  const sum = tf.add(1, 2).dataSync()[0];
  if (sum !== 3) fail(`${options.pkg} loaded but computed 1 + 2 = ${sum}.`);
  process.stdout.write(`verify-native: ${options.pkg} loads; backend '${tf.getBackend()}' computed 1 + 2 = 3.\n`);
}
process.stdout.write(`verify-native: ${options.pkg} ${version}: ${libtensorflow.join(', ')}; ${bindings.length} binding(s).\n`);
