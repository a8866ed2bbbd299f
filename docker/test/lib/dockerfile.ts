// A Dockerfile as stages of instructions, on top of dockerfile-ast (which handles line
// continuations, comments, parser directives, flags and quoting). This module adds what the checks
// need and dockerfile-ast leaves to the builder: which stage builds on which, ARG and ENV
// expansion with Docker's scoping, and the exec or shell form of CMD and HEALTHCHECK.
import { readFileSync } from 'node:fs';
import { basename, posix, relative } from 'node:path';
import { DockerfileParser, type Instruction as AstInstruction } from 'dockerfile-ast';
import { repoRoot } from './repo';

export interface Instruction {
  keyword: string;
  /** 1-based line in the Dockerfile, for messages. */
  line: number;
  flags: Map<string, string | null>;
  /** The arguments after the flags, continuation lines joined, variables not yet expanded. */
  content: string;
  /** ENV and ARG: name and raw value (undefined for `ARG NAME` without a default). */
  properties: Array<[string, string | undefined]>;
}

export interface Stage {
  index: number;
  name: string | undefined;
  /** The FROM reference with global ARGs expanded: an image, or the name of an earlier stage. */
  from: string;
  /** The earlier stage this one builds on, if `from` names one. */
  parent: Stage | undefined;
  instructions: Instruction[];
}

export interface Dockerfile {
  file: string;
  /** Relative to the repository root, e.g. "docker/api.Dockerfile". */
  relPath: string;
  /** "api" for docker/api.Dockerfile. */
  id: string;
  directives: Map<string, string>;
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Map<string, string | undefined>;
  stages: Stage[];
  final: Stage;
}

type Vars = ReadonlyMap<string, string | undefined>;

/**
 * Expands $NAME, ${NAME}, ${NAME:-word}, ${NAME-word}, ${NAME:+word} and ${NAME+word} the way the
 * Dockerfile frontend does. Unknown names expand to "". Backslash-escaped dollars stay literal.
 */
export function expand(value: string, vars: Vars): string {
  return value.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced?: string, op?: string, word?: string, bare?: string) => {
    if (match === '\\$') return '$';
    const name = braced ?? bare ?? '';
    const current = vars.get(name);
    const set = current !== undefined;
    const nonEmpty = set && current !== '';
    switch (op) {
      case ':-':
        return nonEmpty ? current : expand(word ?? '', vars);
      case '-':
        return set ? current : expand(word ?? '', vars);
      case ':+':
        return nonEmpty ? expand(word ?? '', vars) : '';
      case '+':
        return set ? expand(word ?? '', vars) : '';
      default:
        return current ?? '';
    }
  });
}

/** Splits a shell command line into words: quotes and backslashes as sh does, no expansion. */
export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else current += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) current += line[++i];
      else current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`Unterminated ${quote} quote in: ${line}`);
  if (inWord) words.push(current);
  return words;
}

function toInstruction(ast: AstInstruction): Instruction {
  const flags = new Map<string, string | null>();
  const withFlags = ast as AstInstruction & { getFlags?: () => Array<{ getName(): string; getValue(): string | null }> };
  for (const flag of withFlags.getFlags?.() ?? []) flags.set(flag.getName(), flag.getValue());
  const keyword = ast.getKeyword().toUpperCase();
  const properties: Array<[string, string | undefined]> = [];
  if (keyword === 'ENV' || keyword === 'ARG') {
    const withProps = ast as AstInstruction & { getProperties(): Array<{ getName(): string; getValue(): string | null }> };
    for (const p of withProps.getProperties()) properties.push([p.getName(), p.getValue() ?? undefined]);
  }
  return {
    keyword,
    line: ast.getRange().start.line + 1,
    flags,
    content: (ast.getArgumentsContent() ?? '').trim(),
    properties,
  };
}

export function parseDockerfile(file: string): Dockerfile {
  const ast = DockerfileParser.parse(readFileSync(file, 'utf8'));
  const directives = new Map(ast.getDirectives().map((d) => [d.getName(), d.getValue()] as [string, string]));
  const globalArgs = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  for (const raw of ast.getInstructions()) {
    const instruction = toInstruction(raw);
    if (instruction.keyword === 'FROM') {
      const words = splitShellWords(instruction.content);
      const asIndex = words.findIndex((w) => w.toUpperCase() === 'AS');
      const ref = expand(words[0] ?? '', globalArgs);
      const name = asIndex >= 0 ? words[asIndex + 1]?.toLowerCase() : undefined;
      const parent = stages.find((s) => s.name !== undefined && s.name === ref.toLowerCase());
      stages.push({ index: stages.length, name, from: ref, parent, instructions: [instruction] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') throw new Error(`${file}:${instruction.line}: only ARG may come before the first FROM.`);
      for (const [name, value] of instruction.properties) globalArgs.set(name, value);
    } else {
      stages[stages.length - 1]!.instructions.push(instruction);
    }
  }
  const final = stages[stages.length - 1];
  if (!final) throw new Error(`${file} has no FROM.`);
  return {
    file,
    relPath: relative(repoRoot, file),
    id: basename(file).replace(/\.Dockerfile$/, ''),
    directives,
    globalArgs,
    stages,
    final,
  };
}

/** The stage and the stages it builds on, root first. */
export function chain(stage: Stage): Stage[] {
  const stages: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.parent) stages.unshift(s);
  return stages;
}

/** The image the stage ultimately builds on (its chain's root FROM). */
export function baseImage(stage: Stage): string {
  return chain(stage)[0]!.from;
}

export interface ScopedInstruction {
  stage: Stage;
  instruction: Instruction;
  /** ARGs and ENVs in scope at this instruction, for expanding its arguments. */
  vars: Map<string, string | undefined>;
  /** The working directory at this instruction. */
  workdir: string;
}

/**
 * Walks a stage's chain in order with Docker's scoping: a global ARG is visible in a stage only
 * once the stage declares it again (`ARG NAME`), ENV values carry on into stages built on this one,
 * and relative WORKDIRs resolve against the previous one.
 */
export function walk(df: Dockerfile, stage: Stage): ScopedInstruction[] {
  const out: ScopedInstruction[] = [];
  const env = new Map<string, string | undefined>();
  let workdir = '/';
  for (const s of chain(stage)) {
    const args = new Map<string, string | undefined>();
    for (const instruction of s.instructions) {
      const vars = new Map([...args, ...env]);
      out.push({ stage: s, instruction, vars, workdir });
      if (instruction.keyword === 'ARG') {
        for (const [name, value] of instruction.properties) {
          args.set(name, value !== undefined ? expand(value, vars) : df.globalArgs.get(name));
        }
      } else if (instruction.keyword === 'ENV') {
        for (const [name, value] of instruction.properties) env.set(name, expand(value ?? '', vars));
      } else if (instruction.keyword === 'WORKDIR') {
        workdir = posix.resolve(workdir, expand(instruction.content, vars));
      }
    }
  }
  return out;
}

/** The ENV a container of this stage starts with (from this Dockerfile; base images may add more). */
export function containerEnv(df: Dockerfile, stage: Stage): Map<string, string> {
  const env = new Map<string, string>();
  for (const { instruction, vars } of walk(df, stage)) {
    if (instruction.keyword !== 'ENV') continue;
    for (const [name, value] of instruction.properties) env.set(name, expand(value ?? '', vars));
  }
  return env;
}

/** The last instruction with this keyword in the stage's chain, with its scope. */
export function last(df: Dockerfile, stage: Stage, keyword: string): ScopedInstruction | undefined {
  return walk(df, stage).filter((s) => s.instruction.keyword === keyword).pop();
}

export function workdirOf(df: Dockerfile, stage: Stage): string {
  const steps = walk(df, stage);
  const end = steps[steps.length - 1];
  if (!end) return '/';
  return end.instruction.keyword === 'WORKDIR' ? posix.resolve(end.workdir, expand(end.instruction.content, end.vars)) : end.workdir;
}

export type Command = { form: 'exec'; argv: string[] } | { form: 'shell'; script: string };

/** The exec form (a JSON array) or the shell form of CMD, ENTRYPOINT, RUN or HEALTHCHECK CMD. */
export function parseCommand(text: string): Command {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const argv: unknown = JSON.parse(trimmed);
      if (Array.isArray(argv) && argv.every((a) => typeof a === 'string')) return { form: 'exec', argv };
    } catch {
      // Docker runs an unparseable array as a shell command; so do we.
    }
  }
  return { form: 'shell', script: trimmed };
}

export interface Healthcheck {
  instruction: ScopedInstruction;
  flags: Map<string, string | null>;
  command: Command;
}

export function healthcheckOf(df: Dockerfile, stage: Stage): Healthcheck | undefined {
  const found = last(df, stage, 'HEALTHCHECK');
  if (!found) return undefined;
  const match = /^CMD\s+([\s\S]*)$/i.exec(found.instruction.content);
  if (!match?.[1]) return undefined; // HEALTHCHECK NONE
  return { instruction: found, flags: found.instruction.flags, command: parseCommand(match[1]) };
}

/**
 * The words a command runs, as the container would see them: exec form as is; shell form split
 * into words after expanding the container's environment (what `sh -c` would do for simple
 * commands, which is all these images use).
 */
export function commandWords(command: Command, env: ReadonlyMap<string, string | undefined>): string[] {
  return command.form === 'exec' ? command.argv : splitShellWords(expand(command.script, env));
}

/** COPY and ADD sources and destination, with --from and the other flags. */
export interface CopyStep {
  scoped: ScopedInstruction;
  from: string | undefined;
  sources: string[];
  dest: string;
}

export function copySteps(df: Dockerfile, stage: Stage): CopyStep[] {
  const steps: CopyStep[] = [];
  for (const scoped of walk(df, stage)) {
    const { instruction, vars, workdir } = scoped;
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
    const command = parseCommand(instruction.content);
    const words = (command.form === 'exec' ? command.argv : splitShellWords(command.script)).map((w) => expand(w, vars));
    const dest = words.pop();
    if (!dest || words.length === 0) throw new Error(`${df.relPath}:${instruction.line}: ${instruction.keyword} needs a source and a destination.`);
    const from = instruction.flags.get('from') ?? undefined;
    steps.push({
      scoped,
      from: from === undefined ? undefined : expand(from, vars),
      sources: words,
      dest: dest.endsWith('/') || dest === '.' ? `${posix.resolve(workdir, dest)}/` : posix.resolve(workdir, dest),
    });
  }
  return steps;
}

/** An image reference split into repository and tag, e.g. "node:20.20-bookworm-slim". */
export function splitImage(ref: string): { repository: string; tag: string | undefined } {
  const withoutDigest = ref.split('@')[0]!;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  if (colon > slash) return { repository: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1) };
  return { repository: withoutDigest, tag: undefined };
}

/** Whether an image reference is the official Node.js image. */
export function isNodeImage(ref: string): boolean {
  return ['node', 'library/node', 'docker.io/library/node'].includes(splitImage(ref).repository);
}

/** The stage a name refers to, or undefined for an image reference. */
export function stageNamed(df: Dockerfile, name: string): Stage | undefined {
  return df.stages.find((s) => s.name === name.toLowerCase()) ?? (/^\d+$/.test(name) ? df.stages[Number(name)] : undefined);
}

/** Every RUN in the Dockerfile, with its scope and the command expanded. */
export function runSteps(df: Dockerfile): Array<ScopedInstruction & { script: string }> {
  const seen = new Set<Instruction>();
  const out: Array<ScopedInstruction & { script: string }> = [];
  for (const stage of df.stages) {
    for (const scoped of walk(df, stage)) {
      if (scoped.instruction.keyword !== 'RUN' || seen.has(scoped.instruction)) continue;
      seen.add(scoped.instruction);
      const command = parseCommand(scoped.instruction.content);
      out.push({ ...scoped, script: expand(command.form === 'exec' ? command.argv.join(' ') : command.script, scoped.vars) });
    }
  }
  return out;
}

/** The workspace packages the Dockerfile prunes to: `turbo prune <name>...`. */
export function pruneTargets(df: Dockerfile): Array<{ target: string; outDir: string; docker: boolean; step: ScopedInstruction }> {
  const found: Array<{ target: string; outDir: string; docker: boolean; step: ScopedInstruction }> = [];
  for (const step of runSteps(df)) {
    for (const command of step.script.split(/&&|;|\|\|/)) {
      const words = splitShellWords(command.trim());
      const at = words.indexOf('prune');
      if (words[at - 1] !== 'turbo' || at < 0) continue;
      const args = words.slice(at + 1);
      const outFlag = args.findIndex((a) => a === '--out-dir' || a.startsWith('--out-dir='));
      const outArg = outFlag < 0 ? 'out' : args[outFlag]!.includes('=') ? args[outFlag]!.split('=')[1]! : args[outFlag + 1]!;
      const outDir = posix.resolve(step.workdir, outArg);
      const skip = new Set<number>(outFlag >= 0 && !args[outFlag]!.includes('=') ? [outFlag, outFlag + 1] : [outFlag]);
      for (const [i, arg] of args.entries()) {
        if (!skip.has(i) && !arg.startsWith('-')) found.push({ target: arg, outDir, docker: args.includes('--docker'), step });
      }
    }
  }
  return found;
}
