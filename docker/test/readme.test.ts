// The commands docker/README.md, .env.example and the Dockerfiles' headers tell people to run name
// services, images, files and variables that exist.
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appSchema } from './lib/apps';
import { loadCompose } from './lib/compose';
import { imageOf } from './lib/deployment';
import { splitShellWords } from './lib/dockerfile';
import { readEnvExample } from './lib/env-example';
import { dockerfilePaths, loadImages, nodeScript, originProblem, resolveImagePath, type Image } from './lib/images';
import { dockerDir, repoPath } from './lib/repo';

const readme = readFileSync(join(dockerDir, 'README.md'), 'utf8');
// The root README's short version of the deployment; its commands must hold as this folder's do.
const rootReadme = readFileSync(repoPath('README.md'), 'utf8');
const rootDeploySection = rootReadme.slice(rootReadme.indexOf('## Deploy for a team'), rootReadme.indexOf('\n## ', rootReadme.indexOf('## Deploy for a team') + 1));
const project = loadCompose();
const images = loadImages();

/** Every `docker …` command in a text: code blocks (continuation lines joined, `&&` chains split), inline code, comments. */
function dockerCommands(text: string): string[] {
  const joined = text.replace(/\\\n\s*(#\s*)?/g, ' ');
  const commands = new Set<string>();
  for (const line of joined.split(/\n|\s&&\s/)) {
    const bare = line.replace(/^\s*(#\s*)?(\$\s*)?/, '');
    if (/^docker\s/.test(bare)) commands.add(bare.replace(/\s+#\s.*$/, '').trim());
  }
  for (const match of joined.matchAll(/`(docker [^`]+)`/g)) commands.add(match[1]!.trim());
  return [...commands].map((c) => c.split(/\s+\|\s+/)[0]!.replace(/\s*>\s*\S+$/, ''));
}

const VALUE_FLAGS = new Set(['--name', '--restart', '--gpus', '-v', '--volume', '-e', '--env', '-p', '--publish', '-f', '--file', '-t', '--tag', '-u', '--user', '--scale', '--network']);

function positional(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const w = words[i]!;
    if (VALUE_FLAGS.has(w)) i += 1;
    else if (!w.startsWith('-')) out.push(w);
  }
  return out;
}

function flagValues(words: string[], ...names: string[]): string[] {
  return words.flatMap((w, i) => (names.includes(w) ? [words[i + 1] ?? ''] : []));
}

const imageByName = (name: string): Image | undefined => images.find((i) => `transferlab-${i.df.id}` === name);

const sources: Array<[string, string]> = [
  ['docker/README.md', readme],
  ['README.md', rootDeploySection],
  ['docker/.env.example', readEnvExample().text],
  ['docker/compose.yaml', readFileSync(join(dockerDir, 'compose.yaml'), 'utf8')],
  ...dockerfilePaths().map((f) => [`docker/${posix.basename(f)}`, readFileSync(f, 'utf8')] as [string, string]),
];

it('has the "Deploy for a team" and "Scale" sections', () => {
  expect(readme).toMatch(/^## Deploy for a team$/m);
  expect(readme).toMatch(/^### Add a GPU trainer on another host$/m);
  expect(readme).toMatch(/^## Scale$/m);
});

it("the root README's deployment starts from a file this folder has", () => {
  expect(rootDeploySection).toContain('cd docker && cp .env.example .env');
  expect(() => readFileSync(join(dockerDir, '.env.example')), '.env.example').not.toThrow();
});

it('names only files of this folder that exist', () => {
  for (const match of readme.matchAll(/`((?:scripts\/|test\/)?[\w.-]+\.(?:Dockerfile|yaml|example))`/g)) {
    expect(() => readFileSync(join(dockerDir, match[1]!)), match[1]).not.toThrow();
  }
});

describe.each(sources)('the docker commands in %s', (_name, text) => {
  const commands = dockerCommands(text);

  it('name compose services that exist, and run files that are in their images', () => {
    for (const command of commands.filter((c) => c.startsWith('docker compose '))) {
      const words = splitShellWords(command).slice(2);
      const [sub, ...rest] = words;
      const args = positional(rest);
      const services = sub === 'run' || sub === 'exec' ? args.slice(0, 1) : sub === 'up' || sub === 'logs' || sub === 'build' ? args : [];
      for (const service of services) expect(Object.keys(project.services), command).toContain(service);
      if (sub === 'run' || sub === 'exec') {
        const service = project.services[args[0]!]!;
        const image = imageOf(service);
        const script = image ? nodeScript(args.slice(1), image.workdir) : undefined;
        if (image && script) expect(originProblem(resolveImagePath(image, image.df.final, script)), command).toBeUndefined();
      }
    }
  });

  it('build and run the images compose.yaml tags, with variables and volumes the app reads', () => {
    for (const command of commands.filter((c) => /^docker (build|run|save)\s/.test(c))) {
      const words = splitShellWords(command.replace(/…/g, 'x'));
      if (words[1] === 'build') {
        const [file] = flagValues(words, '-f', '--file');
        const [tag] = flagValues(words, '-t', '--tag');
        expect(() => readFileSync(repoPath(file!)), command).not.toThrow();
        expect(tag, command).toBe(`transferlab-${posix.basename(file!).replace(/\.Dockerfile$/, '')}`);
        expect(positional(words.slice(2)), `${command}: the context is the repository root`).toEqual(['.']);
        continue;
      }
      const imageName = words[1] === 'save' ? words[2] : positional(words.slice(2))[0];
      const image = imageByName(imageName ?? '');
      expect(image, `${command}: ${imageName} is not an image this folder builds`).toBeDefined();
      if (words[1] !== 'run') continue;
      for (const env of flagValues(words, '-e', '--env')) {
        const name = env.split('=')[0]!;
        expect(appSchema(image!).map((v) => v.name), `${command}: ${name}`).toContain(name);
      }
      for (const volume of flagValues(words, '-v', '--volume')) {
        expect(volume.split(':')[1], `${command}: mount the volume at the image's data directory`).toBe(image!.env.get('TRANSFERLAB_DATA_DIR'));
      }
    }
  });
});

it("tells how to create a worker token with the API's own command, the same way everywhere", () => {
  const command = 'docker compose run --rm api node apps/api/bin/transferlab-api.js worker-token --name';
  expect(readme).toContain(command);
  expect(readEnvExample().text).toContain(command);
  expect(readFileSync(repoPath('apps', 'api', 'src', 'main.ts'), 'utf8')).toMatch(/command === 'worker-token'/);
});

it('names only TRANSFERLAB_ variables that the apps read', () => {
  const known = new Set(images.flatMap((i) => appSchema(i).map((v) => v.name)));
  for (const [name, text] of sources) {
    for (const variable of new Set(text.match(/\bTRANSFERLAB_[A-Z0-9_]+\b/g) ?? [])) expect(known, `${name}: ${variable}`).toContain(variable);
  }
});
