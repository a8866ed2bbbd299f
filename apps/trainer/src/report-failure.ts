import { classifyFailure } from '@transferlab/ml-core/no-tfjs';
import { ApiRequestError } from './worker/api-client';

/**
 * Prints one clear line for a failure and returns the exit code: 1 for something the user can
 * fix or a missing resource, 70 (EX_SOFTWARE) for our own bug, with the stack only then.
 */
export function reportFailure(error: unknown, debug: boolean): number {
  // The API refused a request (e.g. a revoked or mistyped worker token): the user's to fix.
  if (error instanceof ApiRequestError) {
    const hint = error.codes.some((c) => c === 'FORBIDDEN' || c === 'UNAUTHENTICATED') ? ' Check the worker token (create one with `transferlab-api worker-token --name NAME`).' : '';
    process.stderr.write(`transferlab: the API refused the request: ${error.message}.${hint}\n`);
    return 1;
  }
  const failure = classifyFailure(error);
  if (failure.kind === 'system') {
    process.stderr.write(`transferlab: internal error: ${failure.message}\n`);
    process.stderr.write(debug && error instanceof Error ? `${error.stack}\n` : 'Set TRANSFERLAB_DEBUG=1 for the stack trace, and please report it.\n');
    return 70;
  }
  process.stderr.write(`transferlab: ${failure.message}\n`);
  if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return 1;
}
