import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import { BACKBONE_NAMES } from '@transferlab/ml-core/no-tfjs';
import type { TrainerEnv } from '../env';
import { parseNumber } from '../options';

interface UploadFlags {
  api?: string;
  tokenFile: string;
  backbone: string;
  alpha?: number;
  name?: string;
  imagenet?: boolean;
}

/** The files to send for FILE: an .h5 or .zip as it is, or a TF.js model.json (or its folder) with the shards it lists. */
async function filesFor(path: string): Promise<{ name: string; bytes: Buffer }[]> {
  const modelJson = (await stat(path)).isDirectory() ? join(path, 'model.json') : path;
  if (basename(modelJson) !== 'model.json') return [{ name: basename(path), bytes: await readFile(path) }];
  const text = await readFile(modelJson, 'utf8');
  const manifest = (JSON.parse(text) as { weightsManifest?: { paths?: string[] }[] }).weightsManifest ?? [];
  const shards = manifest.flatMap((group) => group.paths ?? []);
  return [{ name: 'model.json', bytes: Buffer.from(text) }, ...(await Promise.all(shards.map(async (shard) => ({ name: shard, bytes: await readFile(join(dirname(modelJson), shard)) }))))];
}

/** The token's team when it has exactly one (an API token always does). */
async function onlyTeam(apiUrl: string, token: string): Promise<string> {
  const res = await fetch(`${apiUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ me { teams { id name } } }' }) });
  const body = (await res.json().catch(() => ({}))) as { data?: { me?: { teams: { id: string; name: string }[] } | null }; errors?: { message: string }[] };
  const teams = body.data?.me?.teams;
  if (!teams) throw new Error(`Cannot tell the token's team: ${body.errors?.[0]?.message ?? `HTTP ${res.status}`}`);
  if (teams.length !== 1 || !teams[0]) throw new Error(`The token reaches ${teams.length} teams (${teams.map((t) => `${t.name} ${t.id}`).join(', ')}); name one with --team.`);
  return teams[0].id;
}

/** `transferlab weights upload`: a team's pretrained weights (or the server's ImageNet copy) over the API's upload route. */
export function registerWeightsUploadCommand(program: Command, env: TrainerEnv): void {
  program
    .command('weights')
    .description("A team's pretrained weights on a TransferLab server.")
    .command('upload')
    .description('Upload weights for a backbone: a Keras .h5 file, or a TensorFlow.js export (model.json, its folder, or a .zip). The server loads them into the backbone first and refuses them, naming the first mismatching layer, when they do not fit.')
    .argument('<file>', '.h5, .zip, model.json or the folder holding it')
    .option('--team <id>', "the team that owns the weights (default: the token's only team)")
    .option('--api <url>', 'the API base URL (env TRANSFERLAB_API_URL), e.g. http://127.0.0.1:4000')
    .requiredOption('--token-file <path>', "a file holding a session or API token of the team's ADMIN or OWNER")
    .addOption(new Option('-b, --backbone <backbone>', 'the backbone they are for').choices(BACKBONE_NAMES).makeOptionMandatory())
    .option('--alpha <n>', 'the width multiplier, for backbones that have one (MobileNetV2)', parseNumber)
    .option('--name <name>', 'how the team will see them in the run form (default: the file name)')
    .option('--imagenet', "mark the file as the server's copy of Keras's ImageNet file (checked against Keras's md5)")
    .action(async (file: string, flags: UploadFlags & { team?: string }) => {
      const apiUrl = (flags.api ?? env.apiUrl)?.replace(/\/+$/, '');
      if (!apiUrl) throw new Error('Give the API URL with --api or TRANSFERLAB_API_URL.');
      const token = (await readFile(flags.tokenFile, 'utf8').catch(() => {
        throw new Error(`Cannot read the token file ${flags.tokenFile}.`);
      })).trim();
      const teamId = flags.team ?? (await onlyTeam(apiUrl, token));
      const form = new FormData();
      form.append('name', flags.name ?? basename(file).replace(/\.(h5|hdf5|zip|json)$/i, ''));
      form.append('backbone', flags.backbone);
      if (flags.alpha !== undefined) form.append('alpha', String(flags.alpha));
      if (flags.imagenet) form.append('imagenet', 'true');
      for (const { name, bytes } of await filesFor(file)) form.append('files', new Blob([new Uint8Array(bytes)]), name);
      const res = await fetch(`${apiUrl}/api/teams/${encodeURIComponent(teamId)}/weights`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json().catch(() => ({ error: `HTTP ${res.status}` }))) as { error?: string };
      if (!res.ok) throw new Error(`The server refused the weights (HTTP ${res.status}): ${body.error ?? 'no reason given'}`);
      process.stdout.write(`${JSON.stringify(body)}\n`);
    });
}
