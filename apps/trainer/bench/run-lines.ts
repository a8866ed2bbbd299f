import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The `transferlab` command line the benches run, as a user would. */
export const TRANSFERLAB_CLI = resolve(import.meta.dirname, '../bin/transferlab.js');

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
