import { eq } from 'drizzle-orm';
import { users, type User } from '@transferlab/db/schema';
import type { ApiContext } from '../../context';

/** A user row by id, for fields whose parent holds only the id (members, token creators). */
export async function loadUser(ctx: ApiContext, id: string): Promise<User> {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, id)).limit(1);
  // Foreign keys guarantee the row; its absence is a bug, not a caller's mistake.
  if (!user) throw new Error(`User ${id} is referenced but does not exist.`);
  return user;
}
