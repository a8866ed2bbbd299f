import { clientNetwork } from '../../auth/client-network';
import type { ApiContext } from '../../context';
import { AppError } from '../../errors';

/**
 * Runs one sign-in or sign-up attempt for `email` under the sign-in throttle, counted against the
 * address and the client's network. A success is given back, so only failures use up the budget;
 * so is an attempt refused before it checked a password (the hasher was busy).
 */
export async function throttledAttempt<T>(ctx: ApiContext, email: string, attempt: () => Promise<T>): Promise<T> {
  const keys = [
    { kind: 'email', value: email },
    { kind: 'network', value: clientNetwork(ctx.clientAddress) },
  ] as const;
  await ctx.signInThrottle.take([...keys]);
  let giveBack = false;
  try {
    const result = await attempt();
    giveBack = true;
    return result;
  } catch (error) {
    giveBack = error instanceof AppError && error.code === 'RATE_LIMITED';
    throw error;
  } finally {
    if (giveBack) await ctx.signInThrottle.refund([...keys]);
  }
}
