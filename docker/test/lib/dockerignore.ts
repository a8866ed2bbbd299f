// .dockerignore matching as BuildKit does it (moby/patternmatcher): patterns are cleaned paths
// relative to the context root; `*` and `?` stay within a path segment, `**` spans any number of
// segments; a pattern that matches a folder excludes everything under it; `!` re-includes; the
// last matching pattern wins.
import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';

export interface IgnorePattern {
  pattern: string;
  negated: boolean;
  regex: RegExp;
}

function toRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      if (pattern[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const cleaned = posix.normalize(negated ? line.slice(1).trim() : line).replace(/^\/+/, '').replace(/\/+$/, '');
    if (!cleaned || cleaned === '.') continue;
    patterns.push({ pattern: cleaned, negated, regex: toRegex(cleaned) });
  }
  return patterns;
}

export function readDockerignore(file: string): IgnorePattern[] {
  return existsSync(file) ? parseDockerignore(readFileSync(file, 'utf8')) : [];
}

/** Whether a path (relative to the context root) is left out of the build context. */
export function isIgnored(path: string, patterns: readonly IgnorePattern[]): boolean {
  const cleaned = posix.normalize(path).replace(/^\.?\/+/, '').replace(/\/+$/, '');
  if (cleaned === '' || cleaned === '.') return false;
  const segments = cleaned.split('/');
  const candidates = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const p of patterns) {
    if (candidates.some((c) => p.regex.test(c))) ignored = !p.negated;
  }
  return ignored;
}
