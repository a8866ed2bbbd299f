// The four images as the checks see them: which workspace app each runs, the environment, user,
// working directory, command and health check of its final stage, and where a path inside the
// image comes from (a file of the build context, the pruned workspace, or a package install).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import {
  chain,
  commandWords,
  containerEnv,
  copySteps,
  healthcheckOf,
  last,
  parseCommand,
  parseDockerfile,
  pruneTargets,
  stageNamed,
  walk,
  workdirOf,
  type CopyStep,
  type Dockerfile,
  type Healthcheck,
  type Stage,
} from './dockerfile';
import { isIgnored, readDockerignore, type IgnorePattern } from './dockerignore';
import { dockerDir, pruneClosure, repoPath, workspacePackage, type WorkspacePackage } from './repo';

/** docker/*.Dockerfile, so a new image is checked without touching the tests. */
export function dockerfilePaths(): string[] {
  return readdirSync(dockerDir)
    .filter((name) => name.endsWith('.Dockerfile'))
    .sort()
    .map((name) => join(dockerDir, name));
}

export interface Image {
  df: Dockerfile;
  /** The workspace package `turbo prune` keeps, i.e. the app the image runs. */
  target: string;
  app: WorkspacePackage;
  /** apps/<app>/src/env.ts, absolute. */
  envModule: string;
  env: Map<string, string>;
  user: string | undefined;
  workdir: string;
  cmd: string[];
  healthcheck: Healthcheck | undefined;
  exposes: number[];
  ignore: IgnorePattern[];
}

export function loadImage(file: string): Image {
  const df = parseDockerfile(file);
  const targets = [...new Set(pruneTargets(df).map((p) => p.target))];
  if (targets.length !== 1) throw new Error(`${df.relPath} should prune to exactly one workspace package, found ${targets.join(', ') || 'none'}.`);
  const target = targets[0]!;
  const app = workspacePackage(target);
  const cmdStep = last(df, df.final, 'CMD');
  const cmd = cmdStep ? parseCommand(cmdStep.instruction.content) : undefined;
  const env = containerEnv(df, df.final);
  const exposes = walk(df, df.final)
    .filter((s) => s.instruction.keyword === 'EXPOSE')
    .flatMap((s) => s.instruction.content.split(/\s+/))
    .map((p) => Number(p.replace(/\/(tcp|udp)$/, '')));
  return {
    df,
    target,
    app,
    envModule: repoPath(app.dir, 'src', 'env.ts'),
    env,
    user: last(df, df.final, 'USER')?.instruction.content,
    workdir: workdirOf(df, df.final),
    cmd: cmd ? commandWords(cmd, env) : [],
    healthcheck: healthcheckOf(df, df.final),
    exposes,
    ignore: readDockerignore(`${file}.dockerignore`),
  };
}

export function loadImages(): Image[] {
  return dockerfilePaths().map(loadImage);
}

export type Origin =
  | { kind: 'context'; path: string }
  | { kind: 'pruned'; target: string; path: string }
  | { kind: 'installed'; path: string }
  | { kind: 'image'; image: string; path: string }
  | { kind: 'missing'; reason: string };

function isDirLike(source: string): boolean {
  return source.endsWith('/') || source === '.' || source.endsWith('/.');
}

/** Where `path` would come from if this COPY source provided it, or undefined. */
function mapThroughCopy(step: CopyStep, source: string, path: string, sourceIsDir: boolean): string | undefined {
  const dest = step.dest;
  if (sourceIsDir) {
    const destDir = dest.replace(/\/+$/, '') || '/';
    if (path === destDir) return source;
    const prefix = destDir === '/' ? '/' : `${destDir}/`;
    return path.startsWith(prefix) ? posix.join(source, path.slice(prefix.length)) : undefined;
  }
  const target = dest.endsWith('/') ? posix.join(dest, posix.basename(source)) : dest;
  return path === target ? source : undefined;
}

function contextPath(source: string): string {
  return posix.normalize(source).replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '') || '.';
}

function isUnder(path: string, dir: string): string | undefined {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
}

/**
 * Traces a path inside the image built from `stage` back to where it comes from, latest writer
 * first: COPY from the build context (the file must exist and not be dockerignored), COPY from
 * another stage (traced there), `turbo prune --out-dir D` (D/full holds the pruned workspace,
 * never node_modules), or a `pnpm install` in the working directory (node_modules).
 */
export function resolveImagePath(image: Pick<Image, 'df' | 'ignore'>, stage: Stage, path: string, depth = 0): Origin {
  const { df, ignore } = image;
  if (depth > df.stages.length) return { kind: 'missing', reason: 'COPY --from cycle' };
  const copies = new Map(copySteps(df, stage).map((c) => [c.scoped.instruction, c]));
  const steps = walk(df, stage);
  for (let i = steps.length - 1; i >= 0; i -= 1) {
    const step = steps[i]!;
    const { instruction, workdir } = step;
    const copy = copies.get(instruction);
    if (copy) {
      for (const source of [...copy.sources].reverse()) {
        if (copy.from === undefined) {
          const local = repoPath(contextPath(source));
          const sourceIsDir = isDirLike(source) || (existsSync(local) && statSync(local).isDirectory());
          const mapped = mapThroughCopy(copy, source, path, sourceIsDir);
          if (mapped === undefined) continue;
          const rel = contextPath(mapped);
          if (existsSync(repoPath(rel)) && !isIgnored(rel, ignore)) return { kind: 'context', path: rel };
          continue;
        }
        const fromStage = stageNamed(df, copy.from);
        const mapped = mapThroughCopy(copy, source, path, isDirLike(source) || !posix.extname(source));
        if (mapped === undefined) continue;
        if (!fromStage) return { kind: 'image', image: copy.from, path: mapped };
        const found = resolveImagePath(image, fromStage, mapped, depth + 1);
        if (found.kind !== 'missing') return found;
      }
      continue;
    }
    if (instruction.keyword !== 'RUN') continue;
    for (const prune of pruneTargets(df).filter((p) => p.step.instruction === instruction)) {
      const full = isUnder(path, `${prune.outDir}/full`);
      if (full !== undefined && !full.split('/').includes('node_modules')) return { kind: 'pruned', target: prune.target, path: full };
      const json = isUnder(path, `${prune.outDir}/json`) ?? isUnder(path, prune.outDir);
      if (json !== undefined && /(^|\/)(package\.json|pnpm-lock\.yaml|pnpm-workspace\.yaml)$/.test(json)) {
        return { kind: 'pruned', target: prune.target, path: json };
      }
    }
    if (/\bpnpm\s+(install|i|add|rebuild)\b/.test(instruction.content)) {
      const rel = isUnder(path, workdir);
      if (rel !== undefined && rel.split('/').includes('node_modules')) return { kind: 'installed', path: rel };
    }
  }
  return { kind: 'missing', reason: `nothing in ${df.relPath} (stage ${stage.name ?? stage.index}, from ${chain(stage)[0]!.from}) puts ${path} there` };
}

/**
 * Whether a traced path is really there: a context file exists (checked when traced), a pruned
 * file exists in the repository inside a package `turbo prune` keeps (or is a root file it
 * copies), an installed file exists in this checkout's own install.
 */
export function originProblem(origin: Origin): string | undefined {
  switch (origin.kind) {
    case 'missing':
      return origin.reason;
    case 'context':
    case 'image':
      return undefined;
    case 'installed':
      return existsSync(repoPath(origin.path)) ? undefined : `${origin.path} is not installed in this checkout (run pnpm install)`;
    case 'pruned': {
      if (!existsSync(repoPath(origin.path))) return `${origin.path} does not exist in the repository`;
      const rootFiles = ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'turbo.json'];
      const kept = pruneClosure(origin.target).some((p) => origin.path === p.dir || origin.path.startsWith(`${p.dir}/`));
      return kept || rootFiles.includes(origin.path) ? undefined : `${origin.path} is outside what turbo prune ${origin.target} keeps`;
    }
  }
}

/** The script a `node <script> ...` command runs, as a path inside the image. */
export function nodeScript(words: readonly string[], workdir: string): string | undefined {
  if (words[0] !== 'node' && words[0] !== '/usr/local/bin/node') return undefined;
  const script = words.slice(1).find((w) => !w.startsWith('-'));
  return script === undefined ? undefined : posix.resolve(workdir, script);
}

