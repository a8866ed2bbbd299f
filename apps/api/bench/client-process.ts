import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClientResult, ClientTask } from './client-tasks';

const CLIENTS_SCRIPT = fileURLToPath(new URL('./clients.ts', import.meta.url));

type Reply = { ok: true; result: ClientResult } | { ok: false; error: string };

/**
 * Runs one client task in a separate Node process (same flags, so the same tsx loader), so the
 * clients do not share the API's event loop; they still share the machine's cores.
 */
export async function runInClientProcess<R extends ClientResult>(task: ClientTask, timeoutMs: number): Promise<R> {
  const child = spawn(process.execPath, [...process.execArgv, CLIENTS_SCRIPT], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  // stdout stays JSON lines only: whatever the child prints goes to stderr.
  child.stdout!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  let reply: Reply | undefined;
  child.on('message', (message: Reply) => (reply = message));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    child.send(task);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c, s) => resolve([c, s]));
    });
    if (!reply) throw new Error(`The client process exited (${code === null ? `signal ${signal}` : `code ${code}`}) without a result${signal === 'SIGKILL' ? ` (stopped after ${Math.round(timeoutMs / 1000)} s)` : ''}.`);
    if (!reply.ok) throw new Error(reply.error);
    return reply.result as R;
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
