// Every docker/*.Dockerfile, read without a Docker engine: what it copies exists, it runs on the
// project's Node major with the pinned pnpm and turbo, it installs a pruned workspace from the
// lockfile, it ends as a non-root user with a health check, and its command and scripts are files
// that will be in the image.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { listenPort } from './lib/apps';
import {
  baseImage,
  commandWords,
  copySteps,
  isNodeImage,
  parseCommand,
  runSteps,
  splitImage,
  splitShellWords,
  stageNamed,
  walk,
  type Stage,
} from './lib/dockerfile';
import { isIgnored } from './lib/dockerignore';
import { dockerfilePaths, loadImage, nodeScript, originProblem, resolveImagePath, type Image } from './lib/images';
import {
  declaredVersion,
  pinnedPnpmVersion,
  pinnedTurboVersion,
  projectNodeMajor,
  projectNodeRange,
  pruneClosure,
  repoPath,
  workspacePackage,
  workspacePackages,
  workspaceYaml,
} from './lib/repo';

const files = dockerfilePaths();
const images = files.map(loadImage);
const byId = (id: string) => {
  const image = images.find((i) => i.df.id === id);
  if (!image) throw new Error(`docker/${id}.Dockerfile is missing`);
  return image;
};

/** The Node version in a node image tag: "20.20-bookworm-slim" gives "20.20". */
function nodeTagVersion(ref: string): string | undefined {
  return splitImage(ref).tag?.split('-')[0];
}

/** Whether a stage runs on Node: it derives from a node image, or copies Node in from a stage that does. */
function hasNode(image: Image, stage: Stage): boolean {
  if (isNodeImage(baseImage(stage))) return true;
  return copySteps(image.df, stage).some((c) => {
    const from = c.from ? stageNamed(image.df, c.from) : undefined;
    return from !== undefined && isNodeImage(baseImage(from)) && c.sources.some((s) => s.replace(/\/$/, '') === '/usr/local/bin') && c.dest === '/usr/local/bin/';
  });
}

function commandsOf(script: string): string[][] {
  return script.split(/&&|\|\||;/).map((part) => splitShellWords(part.trim())).filter((w) => w.length > 0);
}

it('there are the four images', () => {
  expect(images.map((i) => i.df.id)).toEqual(['api', 'trainer-cpu', 'trainer-gpu', 'web']);
});

describe.each(images.map((image) => [image.df.id, image] as const))('docker/%s.Dockerfile', (_id, image) => {
  const { df } = image;

  it('asks for the Dockerfile 1 syntax (RUN --mount cache mounts)', () => {
    expect(df.directives.get('syntax')).toBe('docker/dockerfile:1');
  });

  it('has its own .dockerignore that keeps installs, build output, data and secrets out of the context', () => {
    expect(image.ignore.length, `${df.relPath}.dockerignore is missing or empty`).toBeGreaterThan(0);
    for (const path of ['.git/HEAD', 'node_modules/x/package.json', 'apps/api/node_modules/zod/package.json', 'apps/web/.next/BUILD_ID', '.data/db/x', '.turbo/x', 'docker/.env', 'apps/web/.env.local', 'docker/.test-results/vitest.json']) {
      expect(isIgnored(path, image.ignore), `${path} should be ignored`).toBe(true);
    }
    const needed = ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'turbo.json', 'docker/scripts/healthcheck.mjs'];
    for (const pkg of pruneClosure(image.target)) needed.push(`${pkg.dir}/package.json`, `${pkg.dir}/src`);
    for (const path of needed) expect(isIgnored(path, image.ignore), `${path} must reach the build`).toBe(false);
  });

  it('copies only paths that exist in the build context (the repository root) and are not ignored', () => {
    for (const stage of df.stages) {
      for (const copy of copySteps(df, stage).filter((c) => c.scoped.stage === stage)) {
        const where = `${df.relPath}:${copy.scoped.instruction.line}`;
        if (copy.from !== undefined) {
          const named = stageNamed(df, copy.from);
          const isImageRef = /[:/]/.test(copy.from);
          expect(named !== undefined || isImageRef, `${where}: --from=${copy.from} is neither an earlier stage nor an image`).toBe(true);
          if (named) expect(named.index, `${where}: --from=${copy.from} must be an earlier stage`).toBeLessThan(stage.index);
          continue;
        }
        for (const source of copy.sources) {
          expect(source, `${where}: globs are not checked; name the path`).not.toMatch(/[*?[]/);
          const rel = source.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '') || '.';
          expect(readFileSafe(rel), `${where}: ${source} does not exist in the repository`).toBe(true);
          expect(isIgnored(rel, image.ignore), `${where}: ${source} is excluded by ${df.relPath}.dockerignore`).toBe(false);
        }
      }
    }
  });

  it(`runs Node ${projectNodeMajor()} (the major of engines.node "${projectNodeRange()}") in every Node stage`, () => {
    const nodeRefs = df.stages.map((s) => s.from).filter(isNodeImage);
    expect(nodeRefs.length).toBeGreaterThan(0);
    for (const ref of nodeRefs) {
      const version = semver.coerce(nodeTagVersion(ref));
      expect(version, `${ref}: pin a Node version in the tag`).not.toBeNull();
      expect(version!.major, ref).toBe(projectNodeMajor());
      expect(semver.satisfies(version!, projectNodeRange()), `${ref} is outside engines.node`).toBe(true);
    }
    expect(hasNode(image, df.final), 'the final stage has no Node: derive it from node:… or COPY /usr/local/bin/ from such a stage').toBe(true);
  });

  it('installs the pinned pnpm with npm, and never through corepack', () => {
    const runs = runSteps(df);
    expect(runs.some((r) => /corepack/.test(r.script)), 'corepack is not used').toBe(false);
    const installs = runs.flatMap((r) => commandsOf(r.script)).filter((w) => w[0] === 'npm' && (w[1] === 'install' || w[1] === 'i') && (w.includes('--global') || w.includes('-g')));
    const pnpm = installs.flatMap((w) => w.filter((a) => a.startsWith('pnpm@')));
    expect(pnpm, 'npm install --global pnpm@<version>').toEqual([`pnpm@${pinnedPnpmVersion()}`]);
    const turbo = installs.flatMap((w) => w.filter((a) => a.startsWith('turbo@')));
    expect(turbo, 'npm install --global turbo@<version> (the root devDependency)').toEqual([`turbo@${pinnedTurboVersion()}`]);
  });

  it('prunes the workspace to one app with `turbo prune --docker`', () => {
    const names = workspacePackages().map((p) => p.name);
    expect(names, `${image.target} is not a workspace package`).toContain(image.target);
    expect(image.app.dir.startsWith('apps/'), `${image.target} is not an app`).toBe(true);
    expect(readFileSafe(`${image.app.dir}/src/env.ts`), `${image.app.dir}/src/env.ts holds the app's environment`).toBe(true);
    const runs = runSteps(df).filter((r) => /\bturbo\s+prune\b/.test(r.script));
    expect(runs).toHaveLength(1);
    expect(runs[0]!.script).toMatch(/--docker\b/);
  });

  it('installs from the pruned package.json files and lockfile before copying the sources', () => {
    const installStages = df.stages.filter((s) => s.instructions.some((i) => i.keyword === 'RUN' && /\bpnpm\s+install\b/.test(i.content)));
    expect(installStages.length).toBeGreaterThan(0);
    for (const stage of installStages) {
      const own = walk(df, stage).filter((s) => s.stage === stage);
      const installAt = own.findIndex((s) => s.instruction.keyword === 'RUN' && /\bpnpm\s+install\b/.test(s.instruction.content));
      const install = own[installAt]!.instruction;
      expect(install.content, `${df.relPath}:${install.line}`).toMatch(/--frozen-lockfile\b/);
      const copies = copySteps(df, stage).filter((c) => c.scoped.stage === stage);
      const jsonAt = copies.find((c) => c.sources.some((s) => /\/json\/?$/.test(s)));
      expect(jsonAt, `${df.relPath}: stage ${stage.name} installs without the pruned out/json`).toBeDefined();
      expect(jsonAt!.scoped.instruction.line).toBeLessThan(install.line);
      for (const full of copies.filter((c) => c.sources.some((s) => /\/full\/?$/.test(s)))) {
        expect(full.scoped.instruction.line, `${df.relPath}: copy out/full after installing, so the install layer stays cached`).toBeGreaterThan(install.line);
      }
    }
  });

  it('ends as a non-root user that the image creates', () => {
    expect(image.user, 'USER in the final stage').toBeDefined();
    const user = image.user!.split(':')[0]!;
    expect(['root', '0']).not.toContain(user);
    const creates = walk(df, df.final).some((s) => s.instruction.keyword === 'RUN' && new RegExp(`\\b(useradd|adduser)\\b[^&;]*\\b${user}\\b`).test(s.instruction.content));
    expect(creates || user === 'node', `nothing in the final stage creates the user ${user}`).toBe(true);
  });

  it('has a HEALTHCHECK whose script is in the image', () => {
    expect(image.healthcheck, 'HEALTHCHECK in the final stage').toBeDefined();
    const words = commandWords(image.healthcheck!.command, image.env);
    const script = nodeScript(words, image.workdir);
    expect(script, `the health check runs node <script>: ${words.join(' ')}`).toBeDefined();
    expect(originProblem(resolveImagePath(image, df.final, script!))).toBeUndefined();
    const port = listenPort(image, image.env);
    if (port !== undefined) {
      const url = new URL(words.find((w) => /^https?:\/\//.test(w)) ?? 'missing:');
      expect(Number(url.port || 80), `the health check asks ${url.href}, the app listens on ${port}`).toBe(port);
      expect(['127.0.0.1', 'localhost']).toContain(url.hostname);
    } else {
      expect(words.slice(2, 3), 'an app that listens nowhere is checked by its process').toEqual(['process']);
    }
  });

  it(`runs the app's own entry point (exec form CMD)`, () => {
    const cmdStep = walk(df, df.final).filter((s) => s.instruction.keyword === 'CMD').pop();
    expect(cmdStep && parseCommand(cmdStep.instruction.content).form, 'exec form, so signals reach node').toBe('exec');
    const script = nodeScript(image.cmd, image.workdir);
    expect(script, `CMD runs node <script>: ${image.cmd.join(' ')}`).toBeDefined();
    const origin = resolveImagePath(image, df.final, script!);
    expect(originProblem(origin)).toBeUndefined();
    const bin = image.app.json.bin;
    const bins = typeof bin === 'string' ? [bin] : Object.values(bin ?? {});
    if (bins.length > 0) {
      expect(origin.kind).toBe('pruned');
      expect(bins.map((b) => join(image.app.dir, b))).toContain(origin.kind === 'pruned' ? origin.path : '');
    }
  });

  it('runs only scripts that are in the image', () => {
    for (const stage of df.stages) {
      for (const run of runSteps(df).filter((r) => r.stage === stage)) {
        for (const words of commandsOf(run.script)) {
          const script = nodeScript(words, run.workdir);
          if (script === undefined || words[1] === '-e' || words[1] === '-p') continue;
          expect(originProblem(resolveImagePath(image, stage, script)), `${df.relPath}:${run.instruction.line}`).toBeUndefined();
        }
      }
    }
  });

  it('exposes the port the app listens on, and only that', () => {
    const port = listenPort(image, image.env);
    expect(image.exposes).toEqual(port === undefined ? [] : [port]);
  });

  it("deletes the other platforms' onnxruntime-node binaries where it installs them, before the runner copies /app", () => {
    const prunes = runSteps(df).flatMap((r) =>
      commandsOf(r.script)
        .filter((w) => posix.basename(nodeScript(w, r.workdir) ?? '') === 'prune-onnxruntime.mjs')
        .map((w) => ({ run: r, root: posix.resolve(r.workdir, w[2] ?? '') })),
    );
    if (!pruneClosure(image.target).some((p) => declaredVersion(p, 'onnxruntime-node') !== undefined)) {
      expect(prunes, `${image.target} does not install onnxruntime-node`).toEqual([]);
      return;
    }
    // The stages the final stage copies from that ran pnpm: their installs are what the image holds.
    const copied = copySteps(df, df.final).filter((c) => c.scoped.stage === df.final && c.from !== undefined);
    const installers = [...new Set(copied.map((c) => stageNamed(df, c.from!)).filter((s) => s !== undefined))]
      .map((stage) => ({ stage, installs: runSteps(df).filter((r) => r.stage === stage && /\bpnpm\s+(install|i|rebuild)\b/.test(r.script)) }))
      .filter(({ installs }) => installs.length > 0);
    expect(installers.length, 'the final stage copies an install from an earlier stage').toBeGreaterThan(0);
    for (const { stage, installs } of installers) {
      const after = Math.max(...installs.map((r) => r.instruction.line));
      const root = installs[installs.length - 1]!.workdir;
      const pruned = prunes.some((p) => p.run.stage === stage && p.run.instruction.line > after && p.root === root);
      expect(pruned, `${df.relPath}: RUN node /opt/transferlab/prune-onnxruntime.mjs ${root} in stage ${stage.name} after line ${after}`).toBe(true);
    }
  });

  it('builds only native packages that pnpm-workspace.yaml allows and the app depends on, and verifies them', () => {
    const allowed = workspaceYaml().onlyBuiltDependencies ?? [];
    const closure = pruneClosure(image.target);
    const rebuilds = runSteps(df).flatMap((r) => commandsOf(r.script).filter((w) => w[0] === 'pnpm' && w[1] === 'rebuild').map((w) => ({ run: r, pkgs: w.slice(2).filter((a) => !a.startsWith('-')) })));
    for (const { run, pkgs } of rebuilds) {
      for (const pkg of pkgs) {
        expect(allowed, `${df.relPath}:${run.instruction.line}: ${pkg} is not in onlyBuiltDependencies`).toContain(pkg);
        expect(closure.some((p) => declaredVersion(p, pkg) !== undefined) || pkg === 'esbuild', `${pkg} is no dependency of ${image.target}`).toBe(true);
        if (pkg.startsWith('@tensorflow/tfjs-node')) {
          const verified = runSteps(df).some((r) => r.stage === run.stage && r.instruction.line > run.instruction.line && new RegExp(`verify-native\\.mjs\\s+${pkg.replace('/', '\\/')}(\\s|$)`).test(r.script));
          expect(verified, `${df.relPath}: a failed libtensorflow download only warns; verify ${pkg} after building it`).toBe(true);
        }
      }
    }
  });
});

describe('the images agree with each other', () => {
  it('use one NODE_VERSION', () => {
    const versions = new Set(images.map((i) => i.df.globalArgs.get('NODE_VERSION')));
    expect([...versions]).toHaveLength(1);
  });

  it('run as the same user, so volumes can move between them', () => {
    expect(new Set(images.map((i) => i.user)).size).toBe(1);
  });

  it('api, web and trainers prune to the api, web and trainer apps', () => {
    expect(Object.fromEntries(images.map((i) => [i.df.id, i.target]))).toEqual({
      api: '@transferlab/api',
      web: '@transferlab/web',
      'trainer-cpu': '@transferlab/trainer',
      'trainer-gpu': '@transferlab/trainer',
    });
  });
});

/**
 * TensorFlow's tested GPU build configurations (tensorflow.org/install/source#gpu): the CUDA and
 * cuDNN versions each libtensorflow release was built against. Add a row when tfjs-node-gpu moves to
 * a newer libtensorflow.
 */
const TENSORFLOW_GPU_BUILDS: Record<string, { cuda: string; cudnn: string }> = {
  '2.9': { cuda: '11.2', cudnn: '8' },
};

function installedTfjsNodeGpu(): { version: string; libtensorflow: string } {
  const mlCore = workspacePackage('@transferlab/ml-core');
  const require = createRequire(repoPath(mlCore.dir, 'package.json'));
  const pkgJson = require.resolve('@tensorflow/tfjs-node-gpu/package.json');
  const { version } = JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string };
  const constants = readFileSync(join(dirname(pkgJson), 'scripts', 'deps-constants.js'), 'utf8');
  const libtensorflow = /LIBTENSORFLOW_VERSION\s*=\s*'([\d.]+)'/.exec(constants)?.[1];
  if (!libtensorflow) throw new Error('Cannot read LIBTENSORFLOW_VERSION from @tensorflow/tfjs-node-gpu/scripts/deps-constants.js');
  return { version, libtensorflow };
}

describe('the GPU trainer', () => {
  const image = byId('trainer-gpu');
  const { version, libtensorflow } = installedTfjsNodeGpu();
  const build = TENSORFLOW_GPU_BUILDS[libtensorflow.split('.').slice(0, 2).join('.')];

  it(`installs the @tensorflow/tfjs-node-gpu that ml-core declares (${version}, libtensorflow ${libtensorflow})`, () => {
    expect(declaredVersion(workspacePackage('@transferlab/ml-core'), '@tensorflow/tfjs-node-gpu')).toBe(version);
    expect(build, `add libtensorflow ${libtensorflow}'s CUDA and cuDNN to TENSORFLOW_GPU_BUILDS`).toBeDefined();
  });

  it('runs on the NVIDIA CUDA + cuDNN image that libtensorflow was built against', () => {
    const base = splitImage(baseImage(image.df.final));
    expect(base.repository).toBe('nvidia/cuda');
    const tag = /^(\d+\.\d+)(?:\.\d+)?-cudnn(\d+)-(runtime|devel)-ubuntu[\d.]+$/.exec(base.tag ?? '');
    expect(tag, `nvidia/cuda:${base.tag} should read <cuda>-cudnn<major>-runtime-ubuntu<version>`).not.toBeNull();
    expect({ cuda: tag![1], cudnn: tag![2] }).toEqual(build);
  });

  it('installs and verifies the GPU binding on that same base, with its CUDA and cuDNN libraries', () => {
    const rebuild = runSteps(image.df).find((r) => /pnpm\s+rebuild\b.*@tensorflow\/tfjs-node-gpu/.test(r.script));
    expect(rebuild, 'pnpm rebuild @tensorflow/tfjs-node-gpu').toBeDefined();
    expect(baseImage(rebuild!.stage), 'build the binding on the runner base (same glibc)').toBe(baseImage(image.df.final));
    expect(runSteps(image.df).some((r) => /pnpm\s+rebuild\b.*@tensorflow\/tfjs-node(\s|$)/.test(r.script)), 'not the CPU build').toBe(false);
    const verify = runSteps(image.df).find((r) => /verify-native\.mjs\s+@tensorflow\/tfjs-node-gpu/.test(r.script))!;
    const required = splitShellWords(verify.script).filter((_, i, all) => all[i - 1] === '--require-lib');
    expect(required).toContain(`libcudart.so.${build!.cuda.split('.')[0]}.0`);
    expect(required).toContain(`libcudnn.so.${build!.cudnn}`);
  });

  it('names the tensorflow-gpu backend, so it fails rather than training on CPU when the binding does not load', () => {
    expect(image.env.get('TRANSFERLAB_BACKEND')).toBe('tensorflow-gpu');
  });
});

describe('the CPU trainer', () => {
  const image = byId('trainer-cpu');

  it('builds @tensorflow/tfjs-node, loads it at build time, and names the tensorflow backend', () => {
    expect(runSteps(image.df).some((r) => /pnpm\s+rebuild\b.*@tensorflow\/tfjs-node(\s|$)/.test(r.script))).toBe(true);
    expect(runSteps(image.df).some((r) => /verify-native\.mjs\s+@tensorflow\/tfjs-node\s.*--load/.test(r.script))).toBe(true);
    expect(runSteps(image.df).some((r) => /tfjs-node-gpu/.test(r.script)), 'not the GPU build').toBe(false);
    expect(image.env.get('TRANSFERLAB_BACKEND')).toBe('tensorflow');
  });
});

function readFileSafe(rel: string): boolean {
  try {
    readFileSync(repoPath(rel));
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EISDIR';
  }
}
