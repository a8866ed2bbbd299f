import { eq } from 'drizzle-orm';
import { normalizeEmail, users } from '@transferlab/db/schema';
import { hashPassword, verifyPassword } from '../../auth/password';
import type { ApiContext } from '../../context';
import { AppError } from '../../errors';
import type { AuthPayloadParent } from '../../graphql-parents';
import { startSession } from './start-session';

export interface SignInOptions {
  email: string;
  password: string;
}

// Checked against when the address is unknown, so that both failures take as long as each other
// and the answer time does not tell which addresses have accounts.
let decoyHash: Promise<string> | undefined;

/** Checks the password and opens a new session. One message for every failure: no account hints. */
export async function signIn(ctx: ApiContext, { email, password }: SignInOptions): Promise<AuthPayloadParent> {
  const [user] = await ctx.db.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
  decoyHash ??= hashPassword('decoy password that no account has');
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash));
  if (!user || !ok) throw new AppError('UNAUTHENTICATED', 'The email or password is wrong; check both and try again.');
  return { token: await startSession(ctx.db, user.id), user };
}
