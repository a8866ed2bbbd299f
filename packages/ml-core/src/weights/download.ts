import { createHash, randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface DownloadProgress {
  url: string;
  /** Bytes received so far. */
  received: number;
  /** Bytes expected, from Content-Length; undefined when the server does not say. */
  total: number | undefined;
}

export interface VerifiedDownloadOptions {
  url: string;
  /** Final path; the bytes only appear under this name once complete and verified. */
  destination: string;
  /** Lower-case hex md5 the bytes must have; undefined skips the check. */
  expectedMd5?: string | undefined;
  fetch?: typeof fetch;
  /** Longest wait for the response headers (connect + TLS + server think time). */
  timeoutMs: number;
  /** Longest silence between two body chunks once the download has started. */
  idleTimeoutMs: number;
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
}

export interface VerifiedDownload {
  md5: string;
  sha256: string;
  bytes: number;
}

/** Why a download failed, in words fit for a message; `kind` lets callers pick an error code. */
export class DownloadFailure extends Error {
  override readonly name = 'DownloadFailure';
  constructor(
    readonly kind: 'network' | 'timeout' | 'http' | 'incomplete' | 'md5' | 'io',
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}

function networkReason(error: unknown): string {
  // Node's fetch wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED', … } }).
  const cause = (error as { cause?: unknown }).cause;
  const inner = (cause ?? error) as { code?: unknown; message?: unknown };
  const message = typeof inner.message === 'string' ? inner.message : String(inner);
  const code = typeof inner.code === 'string' ? inner.code : undefined;
  if (code === undefined) return message || 'unknown network error';
  return message.includes(code) ? message : `${code}${message ? `: ${message}` : ''}`;
}

/**
 * Streams `url` into a temporary file beside `destination`, checks its md5, then renames it into place.
 * A failed or interrupted download never leaves anything under `destination`, and a file already there
 * is only ever replaced by a complete, verified one.
 */
export async function downloadVerified({
  url,
  destination,
  expectedMd5,
  fetch: fetchImpl = globalThis.fetch,
  timeoutMs,
  idleTimeoutMs,
  onProgress,
}: VerifiedDownloadOptions): Promise<VerifiedDownload> {
  const controller = new AbortController();
  let timedOut: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number, reason: string): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = reason;
      controller.abort(new DownloadFailure('timeout', reason));
    }, ms);
  };
  const fail = (error: unknown, fallback: DownloadFailure['kind']): DownloadFailure => {
    if (timedOut !== undefined) return new DownloadFailure('timeout', timedOut, { cause: error });
    if (error instanceof DownloadFailure) return error;
    return new DownloadFailure(fallback, networkReason(error), { cause: error });
  };

  const temp = join(dirname(destination), `.${basename(destination)}.${randomUUID()}.part`);
  let renamed = false;
  try {
    arm(timeoutMs, `no response within ${formatSeconds(timeoutMs)}`);
    let response: Response;
    try {
      response = await fetchImpl(url, { signal: controller.signal });
    } catch (error) {
      throw fail(error, 'network');
    }
    if (response.status !== 200 || response.body === null) {
      await response.body?.cancel().catch(() => undefined);
      throw new DownloadFailure('http', `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    }
    const lengthHeader = response.headers.get('content-length');
    const totalBytes = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;

    const md5 = createHash('md5');
    const sha256 = createHash('sha256');
    let receivedBytes = 0;
    const reader = response.body.getReader();
    const handle = await open(temp, 'wx').catch((error: unknown) => {
      throw new DownloadFailure('io', `cannot write ${temp}: ${networkReason(error)}`, { cause: error });
    });
    try {
      for (;;) {
        arm(idleTimeoutMs, `the download stalled: no data for ${formatSeconds(idleTimeoutMs)} after ${receivedBytes} bytes`);
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          const failure = fail(error, 'network');
          if (failure.kind !== 'network') throw failure;
          const of = totalBytes === undefined ? '' : ` of ${totalBytes}`;
          throw new DownloadFailure('network', `the connection broke after ${receivedBytes}${of} bytes: ${failure.reason}`, { cause: error });
        }
        if (chunk.done) break;
        md5.update(chunk.value);
        sha256.update(chunk.value);
        await handle.write(chunk.value);
        receivedBytes += chunk.value.byteLength;
        onProgress?.({ url, received: receivedBytes, total: totalBytes });
      }
      await handle.sync();
    } catch (error) {
      await reader.cancel().catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
      await handle.close();
    }

    if (totalBytes !== undefined && receivedBytes !== totalBytes) {
      throw new DownloadFailure('incomplete', `the connection ended after ${receivedBytes} of ${totalBytes} bytes`);
    }
    if (receivedBytes === 0) throw new DownloadFailure('incomplete', 'the server sent an empty file');
    const result = { md5: md5.digest('hex'), sha256: sha256.digest('hex'), bytes: receivedBytes };
    if (expectedMd5 !== undefined && result.md5 !== expectedMd5.toLowerCase()) {
      throw new DownloadFailure('md5', `md5 mismatch: expected ${expectedMd5.toLowerCase()}, got ${result.md5}`);
    }
    await rename(temp, destination);
    renamed = true;
    return result;
  } finally {
    clearTimeout(timer);
    if (!renamed) await rm(temp, { force: true });
  }
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}
