// The commands a README shows a reader, so that tests can run them (or name the test that does)
// and a README cannot grow a command that nothing checks.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The READMEs whose commands must each be run by a test (docker/README.md has its own static check). */
export const CHECKED_READMES = ['README.md', 'apps/web/README.md'];

// Inline code counts as a command when it starts with a program a reader would type (after
// optional `NAME=value` settings); everything else in backticks is a name, a flag or a value.
const PROGRAMS = ['transferlab', 'node', 'npm', 'pnpm', 'curl', 'docker', 'bash', 'apt-get', 'cd', 'next', '.ci/run'];
const SETTINGS = String.raw`(?:[A-Z][A-Z0-9_]*=\S*\s+)*`;
const INLINE_COMMAND = new RegExp(`^${SETTINGS}(?:${PROGRAMS.map((p) => p.replace(/[.]/g, '\\.')).join('|')})(?:\\s|$)`);
const SH_BLOCK = /^```sh\n([\s\S]*?)^```$/gm;
const ANY_BLOCK = /^```[\s\S]*?^```$/gm;

/**
 * Every command in a markdown text, once each, in order of first appearance: each line of its
 * ```sh blocks (continuation lines joined, comments and blank lines dropped) and each inline
 * code span that is a command.
 * @param {string} markdown
 * @returns {import('./readme-commands.d.mts').ReadmeCommand[]}
 */
export function extractCommands(markdown) {
  /** @type {Map<string, { command: string, line: number, kind: 'block' | 'inline' }>} */
  const found = new Map();
  const add = (command, index, kind) => {
    const normalized = command.replace(/\s+/g, ' ').trim();
    if (normalized && !found.has(normalized)) found.set(normalized, { command: normalized, line: lineAt(markdown, index), kind });
  };
  for (const block of markdown.matchAll(SH_BLOCK)) {
    let offset = block.index + block[0].indexOf('\n') + 1;
    for (const line of block[1].replace(/\\\n/g, '  ').split('\n')) {
      add(stripComment(line), offset, 'block');
      offset += line.length + 1;
    }
  }
  // Blocks blanked out (newlines kept, for line numbers), so that their fences pair with no backtick.
  const prose = markdown.replace(ANY_BLOCK, (block) => block.replace(/[^\n]/g, ' '));
  for (const span of prose.matchAll(/`([^`]+)`/g)) {
    const code = span[1].replace(/\s+/g, ' ').trim();
    // A program's bare name (`transferlab`, `npm`) names it; `.ci/run` alone is a command.
    const bareName = !code.includes(' ') && PROGRAMS.includes(code) && code !== '.ci/run';
    if (INLINE_COMMAND.test(code) && !bareName) add(code, span.index, 'inline');
  }
  return [...found.values()].sort((a, b) => a.line - b.line);
}

/** The commands of a README, by its path relative to the repository's root. */
export function readmeCommands(relativePath) {
  return extractCommands(readFileSync(join(REPO_ROOT, relativePath), 'utf8'));
}

/** A shell line without its trailing `# comment` (a `#` that starts a word, as in sh). */
function stripComment(line) {
  return line.replace(/(^|\s)#.*$/, '');
}

function lineAt(text, index) {
  return text.slice(0, index).split('\n').length;
}
