import type { Resolvers } from '../../generated/graphql';
import { addTeamMember } from './add-team-member';
import { createApiToken } from './create-api-token';
import { createTeam } from './create-team';
import { findTeam } from './find-team';
import { listApiTokens } from './list-api-tokens';
import { listMembers } from './list-members';
import { loadUser } from './load-user';
import { myRole } from './my-role';
import { removeTeamMember } from './remove-team-member';
import { revokeApiToken } from './revoke-api-token';
import { updateTeamMember } from './update-team-member';

// Team.datasets, Team.runs and Team.models belong to their own domains.
export const teamResolvers: Resolvers = {
  Query: {
    team: (_parent, args, ctx) => findTeam(ctx, args),
  },
  Mutation: {
    createTeam: (_parent, args, ctx) => createTeam(ctx, args),
    addTeamMember: (_parent, args, ctx) => addTeamMember(ctx, args),
    updateTeamMember: (_parent, args, ctx) => updateTeamMember(ctx, args),
    removeTeamMember: (_parent, args, ctx) => removeTeamMember(ctx, args),
    createApiToken: (_parent, args, ctx) => createApiToken(ctx, args),
    revokeApiToken: (_parent, args, ctx) => revokeApiToken(ctx, args),
  },
  Team: {
    id: (team) => team.id,
    name: (team) => team.name,
    members: (team, _args, ctx) => listMembers(ctx, team.id),
    myRole: (team, _args, ctx) => myRole(ctx, team.id),
    apiTokens: (team, _args, ctx) => listApiTokens(ctx, team.id),
  },
  TeamMember: {
    user: (member, _args, ctx) => member.user ?? loadUser(ctx, member.userId),
    role: (member) => member.role,
  },
  ApiToken: {
    createdBy: (token, _args, ctx) => loadUser(ctx, token.createdBy),
  },
};
