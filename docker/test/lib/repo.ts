// Facts about the workspace that the images must agree with: where things are, the pinned
// versions of Node, pnpm and turbo, and the workspace packages with their dependencies.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { parse as parseYaml } from 'yaml';

export const dockerDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const repoRoot = resolve(dockerDir, '..');

export function repoPath(...segments: string[]): string {
  return join(repoRoot, ...segments);
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function isFile(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}

interface PackageJson {
  name?: string;
  version?: string;
  packageManager?: string;
  engines?: { node?: string };
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export function rootPackage(): PackageJson {
  return readJson<PackageJson>(repoPath('package.json'));
}

/** The root package.json's engines.node, e.g. ">=20.19 <21 || >=22". */
export function projectNodeRange(): string {
  const range = rootPackage().engines?.node;
  if (!range || !semver.validRange(range)) throw new Error('The root package.json needs a valid engines.node range.');
  return range;
}

/** The Node major the project is built and tested on: the lowest one its engines range allows. */
export function projectNodeMajor(): number {
  const min = semver.minVersion(projectNodeRange());
  if (!min) throw new Error(`engines.node ${projectNodeRange()} allows no version.`);
  return min.major;
}

/** "pnpm@10.34.9" in the root package.json's packageManager gives "10.34.9". */
export function pinnedPnpmVersion(): string {
  const match = /^pnpm@(\d+\.\d+\.\d+)$/.exec(rootPackage().packageManager ?? '');
  if (!match?.[1]) throw new Error('The root package.json needs "packageManager": "pnpm@X.Y.Z".');
  return match[1];
}

/** The exact turbo version the root package.json pins. */
export function pinnedTurboVersion(): string {
  const version = rootPackage().devDependencies?.turbo;
  if (!version || !semver.valid(version)) throw new Error('The root package.json should pin turbo to an exact version.');
  return version;
}

interface WorkspaceYaml {
  packages?: string[];
  onlyBuiltDependencies?: string[];
}

export function workspaceYaml(): WorkspaceYaml {
  return parseYaml(readFileSync(repoPath('pnpm-workspace.yaml'), 'utf8')) as WorkspaceYaml;
}

export interface WorkspacePackage {
  name: string;
  /** Relative to the repository root, e.g. "apps/api". */
  dir: string;
  json: PackageJson;
}

/** The packages pnpm-workspace.yaml names ("dir/*" globs and plain folders). */
export function workspacePackages(): WorkspacePackage[] {
  const found: WorkspacePackage[] = [];
  for (const pattern of workspaceYaml().packages ?? []) {
    const dirs = pattern.endsWith('/*')
      ? readdirSync(repoPath(pattern.slice(0, -2)), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => `${pattern.slice(0, -2)}/${entry.name}`)
      : [pattern];
    for (const dir of dirs) {
      const file = repoPath(dir, 'package.json');
      if (!isFile(file)) continue;
      const json = readJson<PackageJson>(file);
      if (json.name) found.push({ name: json.name, dir, json });
    }
  }
  return found;
}

export function workspacePackage(name: string): WorkspacePackage {
  const pkg = workspacePackages().find((p) => p.name === name);
  if (!pkg) throw new Error(`${name} is not a workspace package (see pnpm-workspace.yaml).`);
  return pkg;
}

function allDependencies(json: PackageJson): Record<string, string> {
  return { ...json.dependencies, ...json.devDependencies, ...json.optionalDependencies };
}

/**
 * What `turbo prune <name>` keeps: the package and, transitively, every workspace package it
 * depends on (any kind of dependency, as turbo keeps dev dependencies too).
 */
export function pruneClosure(name: string): WorkspacePackage[] {
  const byName = new Map(workspacePackages().map((p) => [p.name, p]));
  const seen = new Map<string, WorkspacePackage>();
  const visit = (pkgName: string) => {
    const pkg = byName.get(pkgName);
    if (!pkg || seen.has(pkgName)) return;
    seen.set(pkgName, pkg);
    for (const [dep, spec] of Object.entries(allDependencies(pkg.json))) {
      if (spec.startsWith('workspace:')) visit(dep);
    }
  };
  visit(name);
  return [...seen.values()];
}

/** The version of a dependency as a workspace package declares it (any dependency kind). */
export function declaredVersion(pkg: WorkspacePackage, dependency: string): string | undefined {
  return allDependencies(pkg.json)[dependency];
}
