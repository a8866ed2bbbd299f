import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Runs this script again as a separate process (same Node flags, so the same tsx loader) and
 * returns the last JSON object it printed on stdout; anything else it prints goes to stderr.
 */
export async function runChild(script: string, args: string[], timeoutMs: number): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let last: Record<string, unknown> | null = null;
  const reader = createInterface({ input: child.stdout });
  reader.on('line', (text) => {
    if (text.startsWith('{')) {
      try {
        last = JSON.parse(text) as Record<string, unknown>;
        return;
      } catch {
        // not JSON: printed below
      }
    }
    if (text.trim()) process.stderr.write(`${text}\n`);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
  }, timeoutMs);
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c, s) => resolve([c, s]));
    });
    if (timedOut) throw new Error(`child '${args.join(' ')}' was stopped after ${Math.round(timeoutMs / 1000)} s`);
    if (code !== 0 || !last) throw new Error(`child '${args.slice(0, 4).join(' ')}' exited with ${code === null ? `signal ${signal}` : `code ${code}`}`);
    return last;
  } finally {
    clearTimeout(timer);
    reader.close();
  }
}
