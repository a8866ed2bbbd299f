import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../src/env';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
/** The table after "The API's settings", up to the first line that is not a table row. */
const table = readme.slice(readme.indexOf("The API's settings")).split('\n\n')[1] ?? '';

describe("the README's table of API settings", () => {
  const rows = new Map(
    [...table.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| ([^|]+) \|/gm)].map((m) => [m[1]!, m[2]!.trim()]),
  );

  it('lists every setting apps/api/src/env.ts reads, with its default', () => {
    for (const [name, setting] of Object.entries(settingsSchema.shape)) {
      expect(rows.has(name), `${name} is missing from README.md`).toBe(true);
      const defaultValue = setting.safeParse(undefined).data;
      // An empty default reads `empty`: a bare `` would pair with the next backtick in the README.
      if (defaultValue !== undefined) expect(rows.get(name), name).toBe(defaultValue === '' ? 'empty' : `\`${String(defaultValue)}\``);
    }
  });
});
