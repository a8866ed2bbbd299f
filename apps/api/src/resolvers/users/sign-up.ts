import { eq } from 'drizzle-orm';
import { users } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';
import { AppError } from '../../errors';
import type { AuthPayloadParent } from '../../graphql-parents';
import { validEmail, validNewPassword, validUserName } from './credentials';
import { startSession } from './start-session';
import { throttledAttempt } from './throttled-attempt';
import { isUniqueViolation } from './unique-violation';

export interface SignUpOptions {
  email: string;
  password: string;
  name?: string | null;
}

const emailTaken = () => new AppError('CONFLICT', 'An account with this email already exists; sign in instead.');

/** Creates an account and signs it in; failures (an address already taken) count like failed sign-ins. */
export async function signUp(ctx: ApiContext, { email, password, name }: SignUpOptions): Promise<AuthPayloadParent> {
  const normalized = validEmail(email);
  validNewPassword(password);
  const displayName = validUserName(name);

  // Counted like sign-ins: "already exists" answers tell which addresses have accounts.
  return throttledAttempt(ctx, normalized, async () => {
    const [existing] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, normalized)).limit(1);
    if (existing) throw emailTaken();

    // Hashing takes a while (that is its point): do it before the transaction, not inside it.
    const passwordHash = await ctx.passwords.hash(password);
    try {
      return await ctx.db.transaction(async (tx) => {
        const [user] = await tx.insert(users).values({ email: normalized, name: displayName, passwordHash }).returning();
        if (!user) throw new Error('Inserting the user returned no row.');
        return { token: await startSession(tx, user.id), user };
      });
    } catch (error) {
      // Two sign-ups with one address at once: the unique constraint decides.
      if (isUniqueViolation(error, 'users_email_unique')) throw emailTaken();
      throw error;
    }
  });
}
