#!/usr/bin/env node
// The images' HEALTHCHECK, in plain Node (no curl or procps in the slim and CUDA bases):
//
//   healthcheck.mjs http <url> [--timeout-ms N]
//       healthy when <url> answers below 400 (redirects are not followed: the dashboard's front
//       page sends a signed-out visitor to /sign-in, which is a healthy answer).
//   healthcheck.mjs process <needle>...
//       healthy when a live process (not a zombie, not this check) has every needle in its command
//       line, e.g. `process apps/trainer/bin/transferlab.js worker` for a trainer.
//
// Exit 0 healthy, 1 unhealthy (the reason on stderr, which Docker keeps in `docker inspect`).
import { readFileSync, readdirSync } from 'node:fs';

const USAGE = 'usage: healthcheck.mjs http <url> [--timeout-ms N] | healthcheck.mjs process <needle>...';

/**
 * @param {string} message
 * @returns {never}
 */
function unhealthy(message) {
  process.stderr.write(`unhealthy: ${message}\n`);
  process.exit(1);
}

/**
 * @param {string} url
 * @param {number} timeoutMs
 */
async function checkHttp(url, timeoutMs) {
  let status;
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    status = res.status;
    await res.body?.cancel();
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    unhealthy(`GET ${url} failed (${error instanceof Error ? error.message : String(error)}${cause})`);
  }
  if (status >= 400) unhealthy(`GET ${url} answered HTTP ${status}`);
  process.stdout.write(`healthy: GET ${url} answered HTTP ${status}\n`);
}

/**
 * The command lines of the live processes on this machine (Linux /proc), without this one.
 * @returns {{ pid: number, args: string[] }[]}
 */
function liveProcesses() {
  /** @type {{ pid: number, args: string[] }[]} */
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) S ..."; comm may hold spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'Z' || state === 'X') continue;
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (args.length > 0) found.push({ pid, args });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** @param {string[]} needles */
function checkProcess(needles) {
  const match = liveProcesses().find(({ args }) => {
    if (args.some((arg) => arg.endsWith('healthcheck.mjs'))) return false;
    const line = args.join(' ');
    return needles.every((needle) => line.includes(needle));
  });
  if (!match) unhealthy(`no live process runs "${needles.join(' ')}"`);
  process.stdout.write(`healthy: pid ${match.pid} runs ${match.args.join(' ')}\n`);
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'http') {
  const url = rest[0];
  const flag = rest.indexOf('--timeout-ms');
  const timeoutMs = flag >= 0 ? Number(rest[flag + 1]) : 4000;
  if (!url || !/^https?:\/\//.test(url) || !Number.isFinite(timeoutMs) || timeoutMs <= 0) unhealthy(USAGE);
  await checkHttp(url, timeoutMs);
} else if (mode === 'process' && rest.length > 0) {
  checkProcess(rest);
} else {
  unhealthy(USAGE);
}
