// The compose file as the checks need it: its services, their environment (mapping or list form,
// with pass-through entries), ports and volumes, and Compose's ${...} interpolation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { dockerDir } from './repo';

export const composeFile = join(dockerDir, 'compose.yaml');

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: Array<string | number | { target: number; published?: string | number }>;
  volumes?: Array<string | { type?: string; source?: string; target: string }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  command?: string | string[];
  entrypoint?: string | string[];
  deploy?: {
    resources?: { reservations?: { devices?: Array<{ driver?: string; count?: number | string; capabilities?: string[] }> } };
  };
}

export interface ComposeProject {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function loadCompose(file = composeFile): ComposeProject {
  const project = parseYaml(readFileSync(file, 'utf8')) as ComposeProject;
  if (!project || typeof project.services !== 'object') throw new Error(`${file} has no services.`);
  return project;
}

export interface VariableReference {
  name: string;
  /** ":-", "-", ":?", "?", ":+", "+" or undefined for a plain ${NAME} / $NAME. */
  operator: string | undefined;
  word: string | undefined;
}

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** The ${...} references in one string ($$ is a literal dollar). */
export function references(value: string): VariableReference[] {
  const found: VariableReference[] = [];
  for (const match of value.matchAll(REFERENCE)) {
    if (match[0] === '$$') continue;
    found.push({ name: match[1] ?? match[4] ?? '', operator: match[2], word: match[3] });
    if (match[3]) found.push(...references(match[3]));
  }
  return found;
}

/** Every ${...} reference anywhere in the compose file (Compose interpolates all values). */
export function allReferences(node: unknown): VariableReference[] {
  if (typeof node === 'string') return references(node);
  if (Array.isArray(node)) return node.flatMap((item) => allReferences(item));
  if (node && typeof node === 'object') return Object.values(node).flatMap((item) => allReferences(item));
  return [];
}

/** Compose's interpolation of one value; a missing required variable throws with its message. */
export function interpolate(value: string, env: Readonly<Record<string, string | undefined>>): string {
  return value.replace(REFERENCE, (match, braced?: string, op?: string, word?: string, bare?: string) => {
    if (match === '$$') return '$';
    const name = braced ?? bare ?? '';
    const current = env[name];
    const set = current !== undefined;
    const nonEmpty = set && current !== '';
    switch (op) {
      case ':-':
        return nonEmpty ? current : interpolate(word ?? '', env);
      case '-':
        return set ? current : interpolate(word ?? '', env);
      case ':?':
        if (!nonEmpty) throw new Error(`required variable ${name} is missing a value: ${word}`);
        return current;
      case '?':
        if (!set) throw new Error(`required variable ${name} is missing a value: ${word}`);
        return current;
      case ':+':
        return nonEmpty ? interpolate(word ?? '', env) : '';
      case '+':
        return set ? interpolate(word ?? '', env) : '';
      default:
        return current ?? '';
    }
  });
}

/**
 * A service's environment as written: name to value, with null for a pass-through entry (a name
 * without a value, taken from the shell or .env, or left unset).
 */
export function declaredEnvironment(service: ComposeService): Map<string, string | null> {
  const env = new Map<string, string | null>();
  const declared = service.environment ?? {};
  if (Array.isArray(declared)) {
    for (const entry of declared) {
      const eq = entry.indexOf('=');
      if (eq < 0) env.set(entry, null);
      else env.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
  } else {
    for (const [name, value] of Object.entries(declared)) env.set(name, value === null ? null : String(value));
  }
  return env;
}

/** The environment the container gets from compose, given the variables of the shell and .env. */
export function resolvedEnvironment(service: ComposeService, vars: Readonly<Record<string, string | undefined>>): Map<string, string> {
  const env = new Map<string, string>();
  for (const [name, value] of declaredEnvironment(service)) {
    if (value === null) {
      const passed = vars[name];
      if (passed !== undefined) env.set(name, passed);
    } else {
      env.set(name, interpolate(value, vars));
    }
  }
  return env;
}

export interface PortMapping {
  published: string | undefined;
  target: number;
}

/** "4000:4000", "127.0.0.1:4000:4000/tcp", "4000" or the long form. */
export function portMappings(service: ComposeService): PortMapping[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') return { published: port.published?.toString(), target: Number(port.target) };
    const spec = String(port).replace(/\/(tcp|udp)$/, '');
    const parts = spec.split(':');
    const target = Number(parts.pop());
    return { published: parts.pop(), target };
  });
}

export interface VolumeMount {
  source: string | undefined;
  target: string;
}

export function volumeMounts(service: ComposeService): VolumeMount[] {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume === 'object') return { source: volume.source, target: volume.target };
    const [source, target] = volume.split(':');
    return target === undefined ? { source: undefined, target: source! } : { source, target };
  });
}

export function dependencies(service: ComposeService): Map<string, string | undefined> {
  const deps = service.depends_on ?? [];
  if (Array.isArray(deps)) return new Map(deps.map((d) => [d, undefined]));
  return new Map(Object.entries(deps).map(([name, spec]) => [name, spec?.condition]));
}

export function buildOf(service: ComposeService): { context: string; dockerfile: string } | undefined {
  if (!service.build) return undefined;
  if (typeof service.build === 'string') return { context: service.build, dockerfile: 'Dockerfile' };
  return { context: service.build.context ?? '.', dockerfile: service.build.dockerfile ?? 'Dockerfile' };
}
