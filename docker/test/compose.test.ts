// docker/compose.yaml, read without a Docker engine: the services it builds exist, PostgreSQL is
// healthy before the API starts, ports are the ones the apps listen on, data lands on volumes, and
// the trainer gets a GPU.
import { existsSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listenPort } from './lib/apps';
import { buildOf, dependencies, loadCompose, portMappings, resolvedEnvironment, volumeMounts } from './lib/compose';
import { containerEnvOf as containerEnv, imageOf, sampleVariables, serviceBuiltFrom } from './lib/deployment';
import { dockerDir, repoRoot } from './lib/repo';

const project = loadCompose();
const services = Object.entries(project.services);

it('runs PostgreSQL, MinIO (and the one-off service that creates its bucket), the API, the dashboard and a GPU trainer', () => {
  expect(Object.keys(project.services).sort()).toEqual(['api', 'minio', 'minio-bucket', 'postgres', 'trainer-gpu', 'web']);
  for (const id of ['api', 'web', 'trainer-gpu']) expect(serviceBuiltFrom(id)[0]).toBe(id);
});

describe.each(services.filter(([, s]) => s.build))('service %s', (name, service) => {
  const build = buildOf(service)!;
  const image = imageOf(service)!;

  it('builds from the repository root with a Dockerfile under docker/', () => {
    expect(resolve(dockerDir, build.context)).toBe(repoRoot);
    expect(existsSync(resolve(dockerDir, build.context, build.dockerfile)), build.dockerfile).toBe(true);
  });

  it('tags the image transferlab-<Dockerfile name>, the name the README uses', () => {
    expect(service.image).toBe(`transferlab-${image.df.id}`);
  });

  it('publishes exactly the port the app listens on', () => {
    const port = listenPort(image, containerEnv(service));
    expect(portMappings(service).map((p) => p.target)).toEqual(port === undefined ? [] : [port]);
  });

  it('keeps TRANSFERLAB_DATA_DIR on a named volume declared at the top level', () => {
    const dataDir = containerEnv(service).get('TRANSFERLAB_DATA_DIR');
    if (image.target === '@transferlab/web') {
      expect(dataDir).toBeUndefined();
      return;
    }
    expect(dataDir && posix.isAbsolute(dataDir), 'an absolute TRANSFERLAB_DATA_DIR').toBe(true);
    const mount = volumeMounts(service).find((m) => dataDir === m.target || dataDir!.startsWith(`${m.target}/`));
    expect(mount?.source, `${name}: mount a named volume at ${dataDir}`).toBeDefined();
    expect(Object.keys(project.volumes ?? {})).toContain(mount!.source);
  });

  it('waits for what it needs to be healthy', () => {
    const needs: Record<string, string[]> = {
      '@transferlab/api': ['postgres'],
      '@transferlab/web': ['api'],
      '@transferlab/trainer': ['api'],
    };
    const deps = dependencies(service);
    for (const dep of needs[image.target] ?? []) {
      expect(deps.get(dep), `${name} depends_on ${dep}: condition service_healthy`).toBe('service_healthy');
      const target = project.services[dep]!;
      const depImage = imageOf(target);
      expect(Boolean(target.healthcheck?.test ?? depImage?.healthcheck), `${dep} needs a health check for that`).toBe(true);
    }
  });
});

describe('postgres', () => {
  const service = project.services.postgres!;

  it('is PostgreSQL 15 with its data on a named volume and a health check', () => {
    expect(service.image).toMatch(/^postgres:15(\.\d+)?(-[\w.]+)?$/);
    const mount = volumeMounts(service).find((m) => m.target === '/var/lib/postgresql/data');
    expect(mount?.source).toBeDefined();
    expect(Object.keys(project.volumes ?? {})).toContain(mount!.source);
    const test = ([] as string[]).concat(service.healthcheck?.test ?? []).join(' ');
    expect(test).toMatch(/pg_isready/);
  });

  it('is what the API connects to: same role, database and password variable, on the default port', () => {
    const [, api] = serviceBuiltFrom('api');
    const declared = new Map(Object.entries(service.environment as Record<string, string>));
    const url = new URL(containerEnv(api).get('DATABASE_URL')!);
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('postgres');
    expect(url.port || '5432').toBe('5432');
    expect(decodeURIComponent(url.username)).toBe(declared.get('POSTGRES_USER'));
    expect(url.pathname.slice(1)).toBe(declared.get('POSTGRES_DB'));
    expect(decodeURIComponent(url.password)).toBe(sampleVariables().POSTGRES_PASSWORD);
    expect(declared.get('POSTGRES_PASSWORD')).toMatch(/^\$\{POSTGRES_PASSWORD[:?}]/);
  });
});

describe('object storage: MinIO, its bucket, and the API on it', () => {
  const minio = project.services.minio!;
  const bucket = project.services['minio-bucket']!;
  const [, api] = serviceBuiltFrom('api');
  const apiEnv = containerEnv(api);

  it('runs an official MinIO image pinned by release, its data on a named volume, with a health check', () => {
    expect(minio.image).toMatch(/^minio\/minio:RELEASE\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/);
    const mount = volumeMounts(minio).find((m) => m.target === '/data');
    expect(Object.keys(project.volumes ?? {})).toContain(mount?.source);
    expect(([] as string[]).concat(minio.command ?? [])).toEqual(['server', '/data', '--console-address', ':9001']);
    expect(([] as string[]).concat(minio.healthcheck?.test ?? []).join(' ')).toMatch(/mc ready local/);
  });

  it("creates the API's bucket with the official, pinned mc image once MinIO is healthy, keeping one that exists", () => {
    expect(bucket.image).toMatch(/^minio\/mc:RELEASE\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/);
    expect(dependencies(bucket).get('minio')).toBe('service_healthy');
    const script = ([] as string[]).concat(bucket.entrypoint ?? []).join(' ');
    expect(script).toContain('mc alias set minio http://minio:9000 transferlab');
    expect(script).toContain('mc mb --ignore-existing "minio/$$BUCKET"');
    expect(resolvedEnvironment(bucket, sampleVariables()).get('BUCKET')).toBe(apiEnv.get('TRANSFERLAB_S3_BUCKET'));
    expect(resolvedEnvironment(bucket, { ...sampleVariables(), TRANSFERLAB_S3_BUCKET: 'ours' }).get('BUCKET')).toBe(containerEnv(api, { ...sampleVariables(), TRANSFERLAB_S3_BUCKET: 'ours' }).get('TRANSFERLAB_S3_BUCKET'));
  });

  it('starts the API once the bucket exists, on MinIO, signed in as its user', () => {
    expect(dependencies(api).get('minio-bucket')).toBe('service_completed_successfully');
    expect(apiEnv.get('TRANSFERLAB_S3_ENDPOINT')).toBe('http://minio:9000');
    expect(apiEnv.get('TRANSFERLAB_S3_FORCE_PATH_STYLE')).toBe('true');
    const minioEnv = resolvedEnvironment(minio, sampleVariables());
    expect(apiEnv.get('AWS_ACCESS_KEY_ID')).toBe(minioEnv.get('MINIO_ROOT_USER'));
    expect(apiEnv.get('AWS_SECRET_ACCESS_KEY')).toBe(minioEnv.get('MINIO_ROOT_PASSWORD'));
    expect(minioEnv.get('MINIO_ROOT_PASSWORD')).toBe(sampleVariables().MINIO_ROOT_PASSWORD);
  });
});

describe('the GPU trainer service', () => {
  const [, service] = serviceBuiltFrom('trainer-gpu');

  it('reserves one NVIDIA GPU', () => {
    const devices = service.deploy?.resources?.reservations?.devices ?? [];
    expect(devices).toContainEqual(expect.objectContaining({ driver: 'nvidia', capabilities: expect.arrayContaining(['gpu']) }));
    const gpu = devices.find((d) => d.driver === 'nvidia')!;
    expect(Number(gpu.count)).toBeGreaterThanOrEqual(1);
  });
});
