// docker/.env.example: "NAME=value" lines are settings, "# NAME=value" lines are examples (shown
// with the app's default, commented out so the default applies); everything else is prose.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerDir } from './repo';

export const envExampleFile = join(dockerDir, '.env.example');

export interface EnvExampleEntry {
  name: string;
  value: string;
  /** false for a commented-out example ("# NAME=value"). */
  active: boolean;
  line: number;
}

export function parseEnvExample(text: string): EnvExampleEntry[] {
  const entries: EnvExampleEntry[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const match = /^(# )?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match) entries.push({ name: match[2]!, value: match[3]!, active: !match[1], line: index + 1 });
  }
  return entries;
}

export function readEnvExample(): { text: string; entries: EnvExampleEntry[] } {
  const text = readFileSync(envExampleFile, 'utf8');
  return { text, entries: parseEnvExample(text) };
}
