import { requireUser } from '../../auth/authorize';
import type { Resolvers } from '../../generated/graphql';
import { signIn } from './sign-in';
import { signOut } from './sign-out';
import { signUp } from './sign-up';
import { visibleTeamsOf } from './visible-teams';

export const userResolvers: Resolvers = {
  Query: {
    // Anonymous callers get UNAUTHENTICATED rather than null: everything but signUp/signIn needs a token.
    me: (_parent, _args, ctx) => requireUser(ctx),
  },
  Mutation: {
    signUp: (_parent, args, ctx) => signUp(ctx, args),
    signIn: (_parent, args, ctx) => signIn(ctx, args),
    signOut: (_parent, _args, ctx) => signOut(ctx),
  },
  User: {
    teams: (user, _args, ctx) => visibleTeamsOf(ctx, user.id),
  },
};
