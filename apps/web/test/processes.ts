// Long-running commands started the way a reader starts them (through bash, in the checkout), each
// in its own process group so that stopping one is Ctrl-C for everything it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface StartedCommand {
  process: ChildProcess;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Waits until `predicate(output)` holds; fails with the output if the command exits or time runs out. */
  waitFor(what: string, predicate: (output: string) => boolean, timeoutMs: number): Promise<void>;
  /** SIGINT to the whole group (what Ctrl-C sends); SIGKILL if it is still there after `graceMs`. Resolves with how it ended. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean }>;
}

/**
 * What a reader's shell gives a command: PATH and HOME, plus `extra`. Nothing else of the test
 * runner's environment (its NODE_ENV=test, a developer's TRANSFERLAB_* settings) leaks in.
 */
export function shellEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
  return env as NodeJS.ProcessEnv;
}

export function startCommand(commandLine: string, { cwd, env }: { cwd: string; env: NodeJS.ProcessEnv }): StartedCommand {
  const child = spawn('bash', ['-c', commandLine], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group is already gone.
    }
  };
  return {
    process: child,
    output: () => output,
    async waitFor(what, predicate, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(output)) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`\`${commandLine}\` exited before ${what}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`\`${commandLine}\`: no ${what} within ${timeoutMs} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return { ...(await exited), killed: false };
      signalGroup('SIGINT');
      const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), graceMs));
      const first = await Promise.race([exited, timer]);
      // Whatever happened to the leader, no process of the group may outlive the test.
      signalGroup('SIGKILL');
      return first === 'late' ? { ...(await exited), killed: true } : { ...first, killed: false };
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** True when something answers HTTP at the URL. */
export async function answers(url: string): Promise<boolean> {
  return fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) }).then(
    () => true,
    () => false,
  );
}
