import { eq } from 'drizzle-orm';
import { users } from '@transferlab/db/schema';
import { hashPassword } from '../../auth/password';
import type { ApiContext } from '../../context';
import { AppError } from '../../errors';
import type { AuthPayloadParent } from '../../graphql-parents';
import { boundedEmail, boundedPassword } from './credentials';
import { startSession } from './start-session';
import { throttledAttempt } from './throttled-attempt';

export interface SignInOptions {
  email: string;
  password: string;
}

// Checked against when the address is unknown, so that both failures take as long as each other
// and the answer time does not tell which addresses have accounts. Made once per process.
let decoyHash: Promise<string> | undefined;

/**
 * Checks the password and opens a new session. One message for every wrong guess: no account
 * hints. Over-long input is refused before hashing, and failures are rate-limited per address
 * and per client network.
 */
export async function signIn(ctx: ApiContext, { email, password }: SignInOptions): Promise<AuthPayloadParent> {
  const address = boundedEmail(email);
  boundedPassword(password);
  return throttledAttempt(ctx, address, async () => {
    const [user] = await ctx.db.select().from(users).where(eq(users.email, address)).limit(1);
    decoyHash ??= hashPassword('decoy password that no account has');
    const ok = await ctx.passwords.verify(password, user?.passwordHash ?? (await decoyHash));
    if (!user || !ok) throw new AppError('UNAUTHENTICATED', 'The email or password is wrong; check both and try again.');
    return { token: await startSession(ctx.db, user.id), user };
  });
}
