import { eq } from 'drizzle-orm';
import { apiTokens, teamMembers, teams } from '@transferlab/db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, DB_KINDS, overSocket, startTestApi, type TestApi } from './harness';
import { ADD, CREATE_TEAM, CREATE_TOKEN, REMOVE, REVOKE, UPDATE } from './team-operations';


describe.each(DB_KINDS)('what an API token cannot do: grant or remove access (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  async function ownerTeamWithToken() {
    const owner = await api.signUp();
    const member = await api.signUp();
    const outsider = await api.signUp();
    const teamId = (await api.must<{ createTeam: { id: string } }>(CREATE_TEAM, { name: 'Flowers' }, owner.token)).createTeam.id;
    await api.must(ADD, { teamId, email: member.email, role: 'MEMBER' }, owner.token);
    const create = (name: string) => api.must<{ createApiToken: { token: string; id: string } }>(CREATE_TOKEN, { teamId, name }, owner.token);
    const { createApiToken: ci } = await create('ci');
    const { createApiToken: other } = await create('nightly');
    return { owner, member, outsider, teamId, ci, other };
  }

  /** Everything that says who may do what in the team. */
  async function accessRows(teamId: string) {
    const db = api.database.db;
    return {
      members: await db.select().from(teamMembers).where(eq(teamMembers.teamId, teamId)).orderBy(teamMembers.userId),
      tokens: await db.select({ id: apiTokens.id, revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.teamId, teamId)).orderBy(apiTokens.id),
      teams: (await db.select({ id: teams.id }).from(teams)).length,
    };
  }

  it('answers FORBIDDEN to member management, token creation, team creation and revoking other tokens, and changes no row', async () => {
    const { owner, member, outsider, teamId, ci, other } = await ownerTeamWithToken();
    const before = await accessRows(teamId);
    const attempts: [string, string, Record<string, unknown>][] = [
      ['addTeamMember', ADD, { teamId, email: outsider.email, role: 'OWNER' }],
      ['updateTeamMember', UPDATE, { teamId, userId: member.userId, role: 'OWNER' }],
      ['removeTeamMember (someone else)', REMOVE, { teamId, userId: member.userId }],
      ['removeTeamMember (its creator)', REMOVE, { teamId, userId: owner.userId }],
      ['createApiToken', CREATE_TOKEN, { teamId, name: 'child' }],
      ['createTeam', CREATE_TEAM, { name: 'Escape' }],
      ['revokeApiToken (another token)', REVOKE, { id: other.id }],
    ];
    for (const [what, query, variables] of attempts) {
      const result = await api.gql(query, variables, ci.token);
      expect(codeOf(result), what).toBe('FORBIDDEN');
      expect(result.errors?.[0]?.message, what).toMatch(/^An API token (cannot .*; sign in and do it with a session|can revoke only itself; sign in to revoke other tokens)\.$/);
    }
    // Over the socket as well.
    const overWs = await overSocket(api.ws(ci.token), `mutation { addTeamMember(teamId: "${teamId}", email: "${outsider.email}", role: OWNER) { role } }`);
    expect(overWs).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    expect(await accessRows(teamId)).toEqual(before);

    // The owner's session does all of it; the token may still end itself.
    await api.must(ADD, { teamId, email: outsider.email, role: 'VIEWER' }, owner.token);
    expect(await api.must<{ revokeApiToken: { id: string; revokedAt: string | null } }>(REVOKE, { id: ci.id }, ci.token)).toMatchObject({
      revokeApiToken: { id: ci.id, revokedAt: expect.any(String) },
    });
    expect(codeOf(await api.gql('{ me { id } }', {}, ci.token))).toBe('UNAUTHENTICATED');
  });
});
