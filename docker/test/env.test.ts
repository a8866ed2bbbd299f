// The environment, checked against the apps' own env modules (apps/<app>/src/env.ts, the only
// modules that read process.env): the images and the compose file set only variables the apps
// read, give them everything they require, and produce values the apps' own validation accepts.
// .env.example documents every setting and invents none.
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { appSchema, isReadBy, listenPort } from './lib/apps';
import { allReferences, declaredEnvironment, loadCompose } from './lib/compose';
import { containerEnvOf, imageOf, sampleVariables, serviceBuiltFrom } from './lib/deployment';
import { readEnvExample } from './lib/env-example';
import { readEnvSchema } from './lib/env-schema';
import { loadImages, type Image } from './lib/images';
import { repoPath, workspacePackages } from './lib/repo';

const images = loadImages();
const project = loadCompose();
const appServices = Object.entries(project.services).filter(([, s]) => s.build);
const example = readEnvExample();

/** Every variable any app's env module reads. */
function allAppVariables(): Set<string> {
  const names = new Set<string>();
  for (const pkg of workspacePackages().filter((p) => p.dir.startsWith('apps/'))) {
    try {
      for (const v of readEnvSchema(repoPath(pkg.dir, 'src', 'env.ts'))) names.add(v.name);
    } catch {
      // An app without an env module reads no variables.
    }
  }
  return names;
}

/** Parses an environment with the app's own env module, as the app does at start. */
async function parseWithApp(image: Image, env: ReadonlyMap<string, string>): Promise<unknown> {
  vi.resetModules();
  const module = (await import(pathToFileURL(image.envModule).href)) as {
    readEnv?: (source: Record<string, string>) => unknown;
    env?: () => unknown;
  };
  if (module.readEnv) return module.readEnv(Object.fromEntries(env));
  if (!module.env) throw new Error(`${image.envModule} exports neither readEnv(source) nor env()`);
  // env() reads process.env itself: give it exactly the container's variables for the ones it knows.
  for (const v of appSchema(image)) vi.stubEnv(v.name, env.get(v.name));
  return module.env();
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.each(images.map((i) => [i.df.id, i] as const))('docker/%s.Dockerfile', (_id, image) => {
  it(`sets only variables its app reads`, () => {
    for (const name of image.env.keys()) {
      expect(isReadBy(image, name).ok, `${name} is read by neither ${image.envModule} nor a known platform reader`).toBe(true);
    }
  });

  it('makes the app listen on all interfaces when its env module has a HOST', () => {
    if (!appSchema(image).some((v) => v.name === 'HOST')) return;
    expect(['0.0.0.0', '::']).toContain(image.env.get('HOST'));
  });

  it('keeps the data directory absolute, where a volume can be mounted', () => {
    const dataDir = image.env.get('TRANSFERLAB_DATA_DIR');
    if (appSchema(image).some((v) => v.name === 'TRANSFERLAB_DATA_DIR')) expect(dataDir).toBe('/data');
  });

  it("passes the app's own validation with nothing but the image's ENV", async () => {
    if (image.target === '@transferlab/web') return; // its required wiring comes from compose (below)
    await expect(parseWithApp(image, image.env)).resolves.toBeDefined();
  });
});

describe.each(appServices)('compose service %s', (name, service) => {
  const image = imageOf(service)!;

  it('passes only variables its app reads', () => {
    for (const variable of declaredEnvironment(service).keys()) {
      expect(isReadBy(image, variable).ok, `${name}: ${variable} is not read by ${image.envModule}`).toBe(true);
    }
  });

  it('provides every variable the app requires', () => {
    const env = containerEnvOf(service);
    for (const v of appSchema(image).filter((s) => s.required)) {
      expect(env.has(v.name), `${name}: ${image.envModule} requires ${v.name}`).toBe(true);
    }
  });

  it("passes the app's own validation, with .env.example as shipped and with every example switched on", async () => {
    await expect(parseWithApp(image, containerEnvOf(service, sampleVariables()))).resolves.toBeDefined();
    await expect(parseWithApp(image, containerEnvOf(service, sampleVariables({ withExamples: true })))).resolves.toBeDefined();
  });

  it('listens on all interfaces of its container, so other containers and the published port reach it', () => {
    if (!appSchema(image).some((v) => v.name === 'HOST')) return;
    expect(['0.0.0.0', '::']).toContain(containerEnvOf(service).get('HOST'));
  });

  it('passes optional settings through instead of defaulting them to empty strings the app would reject', () => {
    for (const [variable, value] of declaredEnvironment(service)) {
      expect(value ?? '', `${name}: ${variable}`).not.toMatch(/\$\{[A-Z0-9_]+:?-\}/);
    }
  });
});

describe('wiring between the services', () => {
  const [, api] = serviceBuiltFrom('api');
  const apiImage = imageOf(api)!;
  const apiPort = listenPort(apiImage, containerEnvOf(api));

  it('points the dashboard and the trainer at the API service on the port it listens on', () => {
    for (const id of ['web', 'trainer-gpu']) {
      const [name, service] = serviceBuiltFrom(id);
      const url = new URL(containerEnvOf(service).get('TRANSFERLAB_API_URL') ?? 'missing:');
      expect(`${url.hostname}:${url.port}`, `${name}: TRANSFERLAB_API_URL`).toBe(`api:${apiPort}`);
    }
  });

  it('runs the API on PostgreSQL, not the embedded PGlite', () => {
    expect(containerEnvOf(api).get('DATABASE_URL')).toMatch(/^postgres(ql)?:\/\//);
  });

  it('gives browsers and trainers one public API address: the API and the dashboard take it from the same setting', () => {
    const [, web] = serviceBuiltFrom('web');
    const apiPublic = declaredEnvironment(api).get('TRANSFERLAB_PUBLIC_URL');
    const webPublic = declaredEnvironment(web).get('TRANSFERLAB_PUBLIC_API_URL');
    expect(apiPublic).toMatch(/^\$\{TRANSFERLAB_PUBLIC_URL:\?/);
    expect(webPublic).toBe(apiPublic);
  });

  it("gives the trainer its worker token from .env, unset (so the trainer says it needs one) until it is there", () => {
    const [, trainer] = serviceBuiltFrom('trainer-gpu');
    expect(declaredEnvironment(trainer).get('TRANSFERLAB_WORKER_TOKEN')).toBeNull();
    expect(containerEnvOf(trainer, { ...sampleVariables(), TRANSFERLAB_WORKER_TOKEN: 't' }).get('TRANSFERLAB_WORKER_TOKEN')).toBe('t');
    const withoutToken = sampleVariables();
    delete withoutToken.TRANSFERLAB_WORKER_TOKEN;
    expect(containerEnvOf(trainer, withoutToken).has('TRANSFERLAB_WORKER_TOKEN')).toBe(false);
  });
});

describe('.env.example', () => {
  const references = allReferences(project);
  const passThrough = Object.values(project.services).flatMap((s) => [...declaredEnvironment(s)].filter(([, v]) => v === null).map(([n]) => n));
  const documented = new Set(example.entries.map((e) => e.name));
  const used = new Set([...references.map((r) => r.name), ...passThrough]);

  it("documents every ${VAR} of compose.yaml and every variable it passes through", () => {
    for (const name of used) expect(documented, `${name} is used by compose.yaml`).toContain(name);
  });

  it('offers no setting that compose.yaml ignores', () => {
    for (const entry of example.entries) expect(used, `.env.example:${entry.line}: ${entry.name} has no effect`).toContain(entry.name);
  });

  it('mentions every variable the apps in compose.yaml read, settable or fixed', () => {
    for (const [, service] of appServices) {
      for (const v of appSchema(imageOf(service)!)) {
        expect(example.text, `${v.name} (${imageOf(service)!.envModule})`).toMatch(new RegExp(`\\b${v.name}\\b`));
      }
    }
  });

  it("shows each app's own default in its examples", () => {
    const schemas = appServices.flatMap(([, s]) => appSchema(imageOf(s)!));
    for (const entry of example.entries.filter((e) => !e.active)) {
      for (const v of schemas.filter((s) => s.name === entry.name && s.defaultValue !== undefined)) {
        expect(entry.value, `.env.example:${entry.line}`).toBe(v.defaultValue);
      }
    }
  });

  it('ships no value for what compose.yaml requires: the operator sets the passwords and the address', () => {
    const required = new Set(references.filter((r) => r.operator === ':?' || r.operator === '?').map((r) => r.name));
    expect([...required].sort()).toEqual(['MINIO_ROOT_PASSWORD', 'POSTGRES_PASSWORD', 'TRANSFERLAB_PUBLIC_URL']);
    for (const name of required) {
      expect(example.entries.find((e) => e.name === name), name).toMatchObject({ active: true, value: '' });
    }
  });

  it('names only TRANSFERLAB_ variables that some app reads (no settings for features that do not exist)', () => {
    const known = allAppVariables();
    for (const name of new Set(example.text.match(/\bTRANSFERLAB_[A-Z0-9_]+\b/g) ?? [])) expect(known, name).toContain(name);
    const prose = example.text.replace(/\n#\s*/g, ' ');
    expect(prose).toMatch(/Files are stored in MinIO's bucket/);
  });

  it("explains how to create the trainer's worker token with the API's own command", () => {
    expect(example.text).toContain('docker compose run --rm api node apps/api/bin/transferlab-api.js worker-token --name gpu-1');
  });
});
