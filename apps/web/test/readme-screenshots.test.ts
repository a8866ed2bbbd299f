// The README's pictures of the dashboard: each one it shows is committed, and is a PNG the browser
// tests took (`pnpm --filter @transferlab/web screenshots` writes them; see e2e/fixtures/readme-screenshot.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../scripts/readme-commands.mjs';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const images = [...readFileSync(join(REPO_ROOT, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);

describe("the README's pictures", () => {
  it('show the dashboard from apps/web/docs/screenshots', () => {
    expect(images.length).toBeGreaterThan(0);
    expect(images.filter((path) => !path.startsWith('apps/web/docs/screenshots/'))).toEqual([]);
  });

  it.each(images)('%s is committed and is a PNG', (path) => {
    const file = join(REPO_ROOT, path);
    expect(existsSync(file), `${path} is missing: run pnpm --filter @transferlab/web screenshots`).toBe(true);
    expect(readFileSync(file).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });
});
