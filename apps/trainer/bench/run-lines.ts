import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The `transferlab` command line the benches run, as a user would. */
export const TRANSFERLAB_CLI = resolve(import.meta.dirname, '../bin/transferlab.js');

/** The recipe both side-by-side benches train: the same folder, sizes and epochs as their peers. */
export interface RecipeSettings {
  data: string;
  size: number;
  batch: number;
  epochs: number;
  ftEpochs: number;
}

/**
 * `transferlab train --strategy FINE_TUNE` from random weights, as the side-by-side benches run it:
 * in a fresh data folder, so no earlier run's feature cache makes it faster; no early stopping and
 * no learning-rate reduction (both off by default) and unweighted cross-entropy (TransferLab
 * balances classes by default), as the plain PyTorch peers train. `backboneFlags` name the
 * backbone, where fine-tuning starts and any rates; `then` runs with the same data folder (its
 * environment) before the folder is removed.
 */
export async function trainFineTuneWithCli<T>(o: RecipeSettings, backboneFlags: string[], then: (train: LinesResult, env: NodeJS.ProcessEnv) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), 'transferlab-bench-side-by-side-'));
  const env = { ...process.env, TRANSFERLAB_DATA_DIR: dataDir };
  try {
    const train = await runLines('transferlab', process.execPath, [
      TRANSFERLAB_CLI, 'train', o.data, '--out', join(dataDir, 'model'), '--strategy', 'FINE_TUNE', ...backboneFlags, '--weights', 'none',
      '--image-size', String(o.size), '--batch-size', String(o.batch), '--epochs', String(o.epochs), '--fine-tune-epochs', String(o.ftEpochs),
      '--class-weight', 'none', '--seed', '1337', '--json',
    ], env);
    return await then(train, env);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

export interface LinesResult {
  /** Every stdout line that parsed as a JSON object, in order. */
  json: Record<string, unknown>[];
  /** stderr, kept for the engine line and for error messages. */
  stderr: string[];
  wallSeconds: number;
}

/**
 * Runs a command to completion and collects its JSON stdout lines. Every line is echoed to our
 * stderr with a label as it arrives, so a long run shows progress while our stdout stays one
 * JSON object.
 */
export async function runLines(label: string, command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<LinesResult> {
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const json: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  const out = createInterface({ input: child.stdout });
  const err = createInterface({ input: child.stderr });
  out.on('line', (text) => {
    process.stderr.write(`[${label}] ${text}\n`);
    if (!text.startsWith('{')) return;
    try {
      json.push(JSON.parse(text) as Record<string, unknown>);
    } catch {
      // a line that only looks like JSON: echoed above, nothing to collect
    }
  });
  err.on('line', (text) => {
    stderr.push(text);
    process.stderr.write(`[${label}] ${text}\n`);
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c, s) => resolve([c, s]));
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (code !== 0) {
    const tail = stderr.slice(-5).join('\n');
    throw new Error(`${label}: '${[command, ...args].join(' ').slice(0, 200)}' exited with ${code === null ? `signal ${signal}` : `code ${code}`}\n${tail}`);
  }
  return { json, stderr, wallSeconds };
}
