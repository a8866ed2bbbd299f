import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseBenchLine, type BenchLine } from './bench-lines';

export interface ChildResult {
  lines: BenchLine[];
  /** Null when the child exited with code 0 and printed no error line. */
  failure: string | null;
}

/**
 * Runs this script again as a separate process (same Node flags, so the same tsx loader) and
 * collects its JSON lines, re-printing each as it arrives. Anything else the child prints goes to
 * stderr, so stdout stays JSON lines only.
 */
export async function runChild(script: string, args: string[], timeoutMs: number): Promise<ChildResult> {
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: BenchLine[] = [];
  const reader = createInterface({ input: child.stdout });
  reader.on('line', (text) => {
    const line = parseBenchLine(text);
    if (line) {
      lines.push(line);
      process.stdout.write(`${text}\n`);
    } else if (text.trim()) {
      process.stderr.write(`${text}\n`);
    }
  });
  let timedOut = false;
  let forceKill: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    // A child busy in a long synchronous kernel only handles SIGTERM afterwards.
    forceKill = setTimeout(() => child.kill('SIGKILL'), 10_000);
  }, timeoutMs);
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      // 'close' rather than 'exit': it fires after stdout has been read to the end.
      child.once('close', (c, s) => resolve([c, s]));
    });
    const what = `child '${args.join(' ')}'`;
    if (timedOut) return { lines, failure: `${what} was stopped after ${Math.round(timeoutMs / 1000)} s` };
    if (code !== 0) return { lines, failure: `${what} exited with ${code === null ? `signal ${signal}` : `code ${code}`}` };
    const errors = lines.filter((l) => l.type === 'error');
    if (errors.length > 0) return { lines, failure: `${what} reported ${errors.length} error(s)` };
    return { lines, failure: null };
  } finally {
    clearTimeout(timer);
    clearTimeout(forceKill);
    reader.close();
  }
}
