// The checks are only as good as their readers: these pin down the parsing they rely on.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpolate, portMappings, references, resolvedEnvironment, volumeMounts } from './lib/compose';
import { containerEnv, copySteps, expand, healthcheckOf, parseDockerfile, pruneTargets, splitShellWords, walk } from './lib/dockerfile';
import { isIgnored, parseDockerignore } from './lib/dockerignore';
import { parseEnvExample } from './lib/env-example';
import { readEnvSchema } from './lib/env-schema';

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'transferlab-docker-')), name);
  writeFileSync(file, text);
  return file;
}

describe('Dockerfile reading', () => {
  const file = tempFile(
    'x.Dockerfile',
    `# syntax=docker/dockerfile:1
ARG NODE_VERSION=20.20
ARG TOOL_VERSION=1.2.3
FROM node:\${NODE_VERSION}-bookworm-slim AS base
ARG TOOL_VERSION
ENV A=one \\
    B="two words"
RUN npm i -g tool@\${TOOL_VERSION}

FROM base AS pruner
WORKDIR /repo
COPY . .
RUN turbo prune @scope/app --docker --out-dir /out

FROM node:\${NODE_VERSION}-bookworm-slim AS runner
WORKDIR /app
COPY --from=pruner /out/full/ ./
ENV C=\${A:-fallback} PORT=4000
USER app
HEALTHCHECK --interval=5s CMD node /opt/h.mjs http "http://127.0.0.1:\${PORT}/healthz"
CMD ["node", "bin/app.js", "serve"]
`,
  );
  const df = parseDockerfile(file);

  it('splits stages and resolves global ARGs in FROM', () => {
    expect(df.directives.get('syntax')).toBe('docker/dockerfile:1');
    expect(df.stages.map((s) => [s.name, s.from, s.parent?.name])).toEqual([
      ['base', 'node:20.20-bookworm-slim', undefined],
      ['pruner', 'base', 'base'],
      ['runner', 'node:20.20-bookworm-slim', undefined],
    ]);
  });

  it('scopes ARG and ENV as Docker does', () => {
    const run = walk(df, df.stages[0]!).find((s) => s.instruction.keyword === 'RUN')!;
    expect(expand(run.instruction.content, run.vars)).toBe('npm i -g tool@1.2.3');
    expect(containerEnv(df, df.stages[1]!)).toEqual(new Map([['A', 'one'], ['B', 'two words']]));
    // The runner does not build on base: A is unknown there, so the default applies.
    expect(containerEnv(df, df.final)).toEqual(new Map([['C', 'fallback'], ['PORT', '4000']]));
  });

  it('reads COPY, turbo prune and HEALTHCHECK', () => {
    expect(copySteps(df, df.final).map((c) => [c.from, c.sources, c.dest])).toEqual([[ 'pruner', ['/out/full/'], '/app/' ]]);
    expect(pruneTargets(df).map((p) => [p.target, p.outDir, p.docker])).toEqual([['@scope/app', '/out', true]]);
    const hc = healthcheckOf(df, df.final)!;
    expect(hc.flags.get('interval')).toBe('5s');
    expect(hc.command).toEqual({ form: 'shell', script: 'node /opt/h.mjs http "http://127.0.0.1:${PORT}/healthz"' });
  });

  it('expands like the Dockerfile frontend', () => {
    const vars = new Map([['SET', 'x'], ['EMPTY', '']]);
    expect(expand('$SET ${SET} ${MISSING:-d} ${EMPTY:-d} ${EMPTY-d} ${SET:+alt} ${MISSING:+alt} \\$SET', vars)).toBe('x x d d  alt  $SET');
  });

  it('splits shell words', () => {
    expect(splitShellWords(`node a.mjs "two words" 'single $X' plain\\ space`)).toEqual(['node', 'a.mjs', 'two words', 'single $X', 'plain space']);
    expect(() => splitShellWords('"open')).toThrow(/Unterminated/);
  });
});

describe('dockerignore matching', () => {
  const patterns = parseDockerignore('# comment\n.git\n**/node_modules\n**/.env\n**/.env.*\n!keep/.env.example\n/dist/\n');

  it('excludes folders and everything under them, anywhere for **', () => {
    expect(isIgnored('node_modules/x/index.js', patterns)).toBe(true);
    expect(isIgnored('apps/api/node_modules/zod/package.json', patterns)).toBe(true);
    expect(isIgnored('.git/HEAD', patterns)).toBe(true);
    expect(isIgnored('dist/a.js', patterns)).toBe(true);
    expect(isIgnored('docker/.env', patterns)).toBe(true);
    expect(isIgnored('docker/.env.local', patterns)).toBe(true);
  });

  it('keeps other paths and honours exceptions', () => {
    expect(isIgnored('apps/api/src/main.ts', patterns)).toBe(false);
    expect(isIgnored('packages/dist-tools/x.ts', patterns)).toBe(false);
    expect(isIgnored('keep/.env.example', patterns)).toBe(false);
    expect(isIgnored('.', patterns)).toBe(false);
  });
});

describe('compose reading', () => {
  it('finds references, including inside defaults, and skips $$', () => {
    expect(references('a ${A} $B ${C:-${D}} ${E:?say} $$F').map((r) => [r.name, r.operator])).toEqual([
      ['A', undefined],
      ['B', undefined],
      ['C', ':-'],
      ['D', undefined],
      ['E', ':?'],
    ]);
  });

  it('interpolates like Compose', () => {
    const env = { SET: 'x', EMPTY: '' };
    expect(interpolate('${SET}-${EMPTY:-d}-${EMPTY-d}-${MISSING:-d}-$$SET', env)).toBe('x-d--d-$SET');
    expect(() => interpolate('${EMPTY:?needs a value}', env)).toThrow(/EMPTY.*needs a value/);
    expect(interpolate('${EMPTY?only unset fails}', env)).toBe('');
  });

  it('passes a name without a value through, or leaves it unset', () => {
    const service = { environment: { FIXED: 'http://api:4000', PASSED: null, ABSENT: null, PORT: 4000 } };
    expect(resolvedEnvironment(service, { PASSED: 'p' })).toEqual(new Map([['FIXED', 'http://api:4000'], ['PASSED', 'p'], ['PORT', '4000']]));
    expect(resolvedEnvironment({ environment: ['A=1', 'B'] }, { B: '2' })).toEqual(new Map([['A', '1'], ['B', '2']]));
  });

  it('reads ports and volumes in short and long form', () => {
    expect(portMappings({ ports: ['4000:4000', '127.0.0.1:3001:3000/tcp', 5432, { target: 80, published: 8080 }] })).toEqual([
      { published: '4000', target: 4000 },
      { published: '3001', target: 3000 },
      { published: undefined, target: 5432 },
      { published: '8080', target: 80 },
    ]);
    expect(volumeMounts({ volumes: ['files:/data', '/anon', { type: 'volume', source: 'x', target: '/x' }] })).toEqual([
      { source: 'files', target: '/data' },
      { source: undefined, target: '/anon' },
      { source: 'x', target: '/x' },
    ]);
  });
});

describe('env module reading', () => {
  it('lists the schema keys with defaults, optionality and enum choices', () => {
    const file = tempFile(
      'env.ts',
      `import { z } from 'zod';
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LEASE: z.coerce.number().default(60_000),
  MODE: z.enum(['a', 'b']).default('a'),
  URL: z.url().optional(),
  NEEDED: z.string().min(1),
});
export const other = z.object({ IGNORED: z.string() });`,
    );
    expect(readEnvSchema(file).map((v) => [v.name, v.required, v.optional, v.defaultValue, v.choices])).toEqual([
      ['PORT', false, false, '4000', undefined],
      ['LEASE', false, false, '60000', undefined],
      ['MODE', false, false, 'a', ['a', 'b']],
      ['URL', false, true, undefined, undefined],
      ['NEEDED', true, false, undefined, undefined],
    ]);
  });
});

describe('.env.example reading', () => {
  it('tells settings from commented examples and prose', () => {
    const entries = parseEnvExample('# prose with NAME=x inside\nA=1\n# B=two\n#C=no\n#   - D=indented prose\nE=\n');
    expect(entries.map((e) => [e.name, e.value, e.active])).toEqual([
      ['A', '1', true],
      ['B', 'two', false],
      ['E', '', true],
    ]);
  });
});
