#!/usr/bin/env node
// Deletes the onnxruntime-node binaries that an image can never load. onnxruntime-node (a
// dependency of @transferlab/ml-core) ships its native library for every platform it supports,
// under bin/napi-v6/<platform>/<arch>/ (about 300 MB installed), and loads only one of them:
// dist/binding.js requires bin/napi-v6/${process.platform}/${process.arch}/onnxruntime_binding.node.
// An image runs on the platform it was built for, so this keeps that folder and removes the others.
//
//   prune-onnxruntime.mjs <app-root>
//
// Finds every onnxruntime-node that pnpm installed under <app-root> (its layout:
// node_modules/.pnpm/onnxruntime-node@<version>/node_modules/onnxruntime-node), and prints one line
// of what it removed and how many MB (10^6 bytes) that freed. Before it deletes anything it checks
// that each copy has this platform's binding, and fails the build if one does not, so an image never
// ends up without a binary it can load. Where onnxruntime-node is not installed it says so and
// does nothing. Run it in the stage that installed, before another stage copies <app-root>: files
// deleted in a later stage of the same image would still be in the layers below it.
import { existsSync, lstatSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const USAGE = 'usage: prune-onnxruntime.mjs <app-root>';
const BINDING = 'onnxruntime_binding.node';
const KEEP = `${process.platform}/${process.arch}`;

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  process.stderr.write(`prune-onnxruntime: ${message}\n`);
  process.exit(1);
}

/** @param {string} dir */
function list(dir) {
  return existsSync(dir) ? readdirSync(dir) : [];
}

/**
 * Bytes in a file, or in every file below a folder (links are not followed).
 * @param {string} path
 * @returns {number}
 */
function sizeOf(path) {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

const args = process.argv.slice(2);
if (args.length !== 1 || args[0]?.startsWith('-')) fail(USAGE);
const root = resolve(args[0] ?? '');
if (!existsSync(root)) fail(`${root} does not exist.\n${USAGE}`);

const store = join(root, 'node_modules', '.pnpm');
const packages = list(store)
  .filter((name) => name.startsWith('onnxruntime-node@'))
  .map((name) => join(store, name, 'node_modules', 'onnxruntime-node'))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => {
    const { version } = /** @type {{ version: string }} */ (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')));
    const napiDirs = list(join(dir, 'bin'))
      .filter((name) => /^napi-v\d+$/.test(name))
      .map((name) => join(dir, 'bin', name));
    return { dir, version, napiDirs };
  });
if (packages.length === 0) {
  process.stdout.write(`prune-onnxruntime: onnxruntime-node is not installed under ${root}; nothing to remove.\n`);
  process.exit(0);
}

// Every copy is checked before any is touched: a failed build leaves the install as it was.
for (const { dir, version, napiDirs } of packages) {
  const missing = napiDirs.length === 0 ? [join(dir, 'bin', 'napi-v*')] : napiDirs.filter((napi) => !existsSync(join(napi, KEEP, BINDING)));
  if (missing.length > 0) {
    const has = napiDirs.flatMap((napi) => list(napi).flatMap((platform) => list(join(napi, platform)).map((arch) => `${platform}/${arch}`)));
    fail(
      `onnxruntime-node ${version} has no binary for this platform (${join(missing[0] ?? dir, KEEP, BINDING)} is missing; ` +
        `it has ${has.join(', ') || 'none'}), so it could not load here. Nothing was removed.`,
    );
  }
}

let freed = 0;
const removed = packages.map(({ version, napiDirs }) => {
  const labels = new Set();
  for (const napi of napiDirs) {
    for (const platform of list(napi)) {
      const platformDir = join(napi, platform);
      if (!lstatSync(platformDir).isDirectory()) continue;
      for (const arch of list(platformDir)) {
        if (`${platform}/${arch}` === KEEP) continue;
        freed += sizeOf(join(platformDir, arch));
        rmSync(join(platformDir, arch), { recursive: true, force: true });
        labels.add(`${platform}/${arch}`);
      }
      // Another platform's folder, now empty, goes too.
      if (list(platformDir).length === 0) rmSync(platformDir, { recursive: true, force: true });
    }
  }
  return `${labels.size > 0 ? [...labels].sort().join(', ') : 'nothing'} from onnxruntime-node ${version}`;
});
process.stdout.write(`prune-onnxruntime: kept ${KEEP}; removed ${removed.join('; ')}; freed ${(freed / 1e6).toFixed(1)} MB.\n`);
