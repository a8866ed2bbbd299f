// The compose file's services joined with the images they build: the environment a container
// really starts with (the image's ENV, then compose's on top), given sample values for the
// settings .env.example leaves to the operator.
import { resolve } from 'node:path';
import { buildOf, loadCompose, resolvedEnvironment, type ComposeService } from './compose';
import { readEnvExample } from './env-example';
import { loadImage, type Image } from './images';
import { dockerDir } from './repo';

/** Sample values for what .env.example asks the operator to fill in. */
export const OPERATOR_SAMPLES: Record<string, string> = {
  POSTGRES_PASSWORD: 'sample0password',
  TRANSFERLAB_PUBLIC_URL: 'http://transferlab.example.lan:4000',
  TRANSFERLAB_WORKER_TOKEN: 'sample-worker-token',
  MINIO_ROOT_PASSWORD: 'sample0minio0password',
};

/**
 * The variables Compose would see from docker/.env: the active settings of .env.example, the
 * operator's values for the empty ones, and (withExamples) the commented examples switched on.
 */
export function sampleVariables({ withExamples = false } = {}): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const entry of readEnvExample().entries) {
    if (entry.active || (withExamples && entry.value !== '')) vars[entry.name] = entry.value;
  }
  for (const [name, value] of Object.entries(OPERATOR_SAMPLES)) if (!vars[name]) vars[name] = value;
  return vars;
}

export function imageOf(service: ComposeService): Image | undefined {
  const build = buildOf(service);
  return build ? loadImage(resolve(dockerDir, build.context, build.dockerfile)) : undefined;
}

/** The container's environment: the image's ENV, then compose's environment on top. */
export function containerEnvOf(service: ComposeService, vars: Record<string, string> = sampleVariables()): Map<string, string> {
  return new Map([...(imageOf(service)?.env ?? []), ...resolvedEnvironment(service, vars)]);
}

export function serviceBuiltFrom(id: string): [string, ComposeService] {
  const found = Object.entries(loadCompose().services).find(([, s]) => buildOf(s)?.dockerfile === `docker/${id}.Dockerfile`);
  if (!found) throw new Error(`no service in compose.yaml builds docker/${id}.Dockerfile`);
  return found;
}
