import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';

/** The real executable, as `pnpm exec transferlab` runs it. */
export const BIN = resolve(import.meta.dirname, '../bin/transferlab.js');

export interface CliResult {
  args: string[];
  /** What ran, for messages: `transferlab …`, or the command line given to bash. */
  command: string;
  /** null when the process was killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunOptions {
  /** Extra environment variables; the child gets only these and TRANSFERLAB_DATA_DIR. */
  env?: Record<string, string>;
  cwd?: string;
  /** Kill the child after this long (default 120 s); the result says so. */
  timeoutMs?: number;
}

/** A scratch folder for one test file, with its own TRANSFERLAB_DATA_DIR. */
export interface CliSandbox {
  /** Temporary folder for datasets, models and other files the tests make. */
  dir: string;
  /** The TRANSFERLAB_DATA_DIR every run of this sandbox gets (weights and feature caches live here). */
  dataDir: string;
  run(args: string[], options?: RunOptions): Promise<CliResult>;
  cleanup(): Promise<void>;
}

// Tests may start many runs at once; more processes than cores only makes each slower (and would
// skew the timing assertions), so runs beyond that wait their turn.
const MAX_RUNNING = Math.max(2, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

async function limit<T>(task: () => Promise<T>): Promise<T> {
  while (running >= MAX_RUNNING) await new Promise<void>((wake) => waiting.push(wake));
  running++;
  try {
    return await task();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export async function createSandbox(name: string): Promise<CliSandbox> {
  const dir = await mkdtemp(join(tmpdir(), `transferlab-${name}-`));
  const dataDir = join(dir, 'data');
  await mkdir(dataDir);
  return {
    dir,
    dataDir,
    // The child's environment is built from scratch, so a TRANSFERLAB_* variable (or DEBUG=1) in
    // the developer's shell cannot change what the tests see.
    run: (args, options = {}) => limit(() => runCli(args, { cwd: dir, ...options, env: { TRANSFERLAB_DATA_DIR: dataDir, ...options.env } })),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Spawns `node bin/transferlab.js ...args` and collects its output and exit code. */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return runProcess(process.execPath, [BIN, ...args], { args, command: `transferlab ${args.join(' ')}` }, options);
}

/**
 * Runs one command line through bash, as a reader would type it (variables, quoting, `&&`); the
 * result's `args` is the command line.
 */
export function runCommandLine(commandLine: string, options: RunOptions = {}): Promise<CliResult> {
  return runProcess('bash', ['-c', commandLine], { args: [commandLine], command: commandLine }, options);
}

function runProcess(file: string, argv: string[], what: Pick<CliResult, 'args' | 'command'>, { env = {}, cwd, timeoutMs = 120_000 }: RunOptions): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    // Its own process group, so that a timeout also ends what a command line started (npm's
    // children hold the output pipes open after bash itself is killed).
    const child = spawn(file, argv, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        ...what,
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
      });
    });
  });
}

export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** Every non-empty stdout line parsed as JSON (fails the test on a line that is not JSON). */
export function jsonLines(result: CliResult): Record<string, unknown>[] {
  return lines(result.stdout).map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`stdout line is not JSON: ${line}\n${formatRun(result)}`);
    }
  });
}

/** For assertion messages: what ran and what it printed. */
export function formatRun(result: CliResult): string {
  return `${result.command} → exit ${result.code}${result.signal ? ` (${result.signal})` : ''}\n--- stdout\n${result.stdout}--- stderr\n${result.stderr}`;
}

export function expectSuccess(result: CliResult): void {
  expect(result.code, formatRun(result)).toBe(0);
}

const STACK_FRAME = /^\s+at /m;

/**
 * Asserts the CLI's contract for a mistake the user can fix: exit code 1 (not 0, not 70 for our
 * own bugs), no stack trace, and exactly one `transferlab: …` line, last on stderr (informational
 * lines such as the backend may come before it). Returns that line.
 */
export function expectUserError(result: CliResult): string {
  const context = formatRun(result);
  expect(result.timedOut, context).toBe(false);
  expect(result.code, context).toBe(1);
  expect(result.stderr, context).not.toMatch(STACK_FRAME);
  expect(result.stderr, context).not.toContain('internal error');
  const stderrLines = lines(result.stderr);
  const errorLines = stderrLines.filter((line) => line.startsWith('transferlab:'));
  expect(errorLines, context).toHaveLength(1);
  expect(stderrLines.at(-1), context).toBe(errorLines[0]);
  return errorLines[0]!;
}
