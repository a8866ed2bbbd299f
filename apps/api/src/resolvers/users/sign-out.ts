import { eq } from 'drizzle-orm';
import { sessions } from '@transferlab/db/schema';
import { requireUser } from '../../auth/authorize';
import type { ApiContext } from '../../context';
import { forbidden } from '../../errors';

/** Ends the session whose token made this request; the token stops working at once, its subscriptions too. */
export async function signOut(ctx: ApiContext): Promise<boolean> {
  requireUser(ctx);
  const { viewer } = ctx;
  if (viewer.kind !== 'user') throw forbidden('signOut ends a session, and this request used an API token; revoke API tokens with revokeApiToken.');
  await ctx.db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, viewer.sessionId));
    // Subscriptions opened with this session end too, on every API process.
    await ctx.events.publish({ type: 'sessionEnded', sessionId: viewer.sessionId }, tx);
  });
  return true;
}
