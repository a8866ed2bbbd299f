import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { apiTokens } from '@transferlab/db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, DB_KINDS, overSocket, startTestApi, type TestApi } from './harness';
import { ADD, CREATE_TEAM, CREATE_TOKEN, REMOVE, REVOKE, UPDATE } from './team-operations';

interface Person {
  token: string;
  userId: string;
  email: string;
}

const TOKENS = 'query ($id: ID!) { team(id: $id) { apiTokens { id name createdAt lastUsedAt revokedAt createdBy { id email } } } }';
const TEAM = 'query ($id: ID!) { team(id: $id) { id myRole } }';
const ME = '{ me { id teams { id } } }';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe.each(DB_KINDS)('API tokens (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  async function createTeam(owner: Person, name = 'Flowers'): Promise<string> {
    return (await api.must<{ createTeam: { id: string } }>(CREATE_TEAM, { name }, owner.token)).createTeam.id;
  }

  async function createToken(teamId: string, by: Person, name = 'ci') {
    return (await api.must<{ createApiToken: { token: string; id: string; name: string } }>(CREATE_TOKEN, { teamId, name }, by.token)).createApiToken;
  }

  it('returns the token once, stores only its sha256, and lists it for admins with its creator', async () => {
    const owner = await api.signUp();
    const teamId = await createTeam(owner);
    const created = await createToken(teamId, owner, '  nightly  ');
    expect(created.name).toBe('nightly');
    expect(created.token).toMatch(/^tla_/);

    const rows = await api.database.db.select().from(apiTokens).where(eq(apiTokens.teamId, teamId));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(sha256(created.token));
    expect(JSON.stringify(rows)).not.toContain(created.token.slice(4));

    const { team } = await api.must<{ team: { apiTokens: Record<string, unknown>[] } }>(TOKENS, { id: teamId }, owner.token);
    expect(team.apiTokens).toEqual([
      { id: created.id, name: 'nightly', createdAt: expect.any(String), lastUsedAt: null, revokedAt: null, createdBy: { id: owner.userId, email: owner.email } },
    ]);
    expect(JSON.stringify(team)).not.toContain(created.token);
  });

  it('viewers and members can neither create tokens nor list them', async () => {
    const owner = await api.signUp();
    const teamId = await createTeam(owner);
    for (const role of ['MEMBER', 'VIEWER']) {
      const person = await api.signUp();
      await api.must(ADD, { teamId, email: person.email, role }, owner.token);
      expect(await api.gql(CREATE_TOKEN, { teamId, name: 'mine' }, person.token).then(codeOf)).toBe('FORBIDDEN');
      const list = await api.gql(TOKENS, { id: teamId }, person.token);
      expect(codeOf(list)).toBe('FORBIDDEN');
      expect(list.errors?.[0]?.message).toMatch(/ADMIN role or higher/);
    }
    expect(await api.database.db.select().from(apiTokens).where(eq(apiTokens.teamId, teamId))).toHaveLength(0);
  });

  it("acts as its creator, only inside its own team, even when the creator is in another team too", async () => {
    const owner = await api.signUp();
    const teamA = await createTeam(owner, 'A');
    const teamB = await createTeam(owner, 'B');
    const { token } = await createToken(teamA, owner);

    expect(await api.must(TEAM, { id: teamA }, token)).toEqual({ team: { id: teamA, myRole: 'OWNER' } });
    const other = await api.gql(TEAM, { id: teamB }, token);
    expect(codeOf(other)).toBe('NOT_FOUND');
    expect(await api.must(ME, {}, token)).toEqual({ me: { id: owner.userId, teams: [{ id: teamA }] } });
    // Nothing in team B can be done with it either.
    const stranger = await api.signUp();
    expect(await api.gql(ADD, { teamId: teamB, email: stranger.email, role: 'VIEWER' }, token).then(codeOf)).toBe('NOT_FOUND');
    expect(await api.gql(TOKENS, { id: teamB }, token).then(codeOf)).toBe('NOT_FOUND');
    // The session of the same person still sees both.
    const mine = await api.must<{ me: { teams: { id: string }[] } }>(ME, {}, owner.token);
    expect(mine.me.teams.map((t) => t.id).sort()).toEqual([teamA, teamB].sort());
    // Its use is recorded.
    const [row] = await api.database.db.select().from(apiTokens).where(eq(apiTokens.teamId, teamA));
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
  });

  it('cannot create teams, mint tokens or sign out, and works over the socket', async () => {
    const owner = await api.signUp();
    const teamId = await createTeam(owner);
    const { token } = await createToken(teamId, owner);
    expect(await api.gql(CREATE_TEAM, { name: 'Escape' }, token).then(codeOf)).toBe('FORBIDDEN');
    expect(await api.gql(CREATE_TOKEN, { teamId, name: 'child' }, token).then(codeOf)).toBe('FORBIDDEN');
    expect(await api.gql('mutation { signOut }', {}, token).then(codeOf)).toBe('FORBIDDEN');
    expect(await api.database.db.select().from(apiTokens).where(eq(apiTokens.teamId, teamId))).toHaveLength(1);
    expect(await overSocket(api.ws(token), ME)).toMatchObject({ data: { me: { id: owner.userId, teams: [{ id: teamId }] } } });
  });

  it('a revoked token stops working at once, on HTTP and for new sockets; revoking again is harmless', async () => {
    const owner = await api.signUp();
    const admin = await api.signUp();
    const teamId = await createTeam(owner);
    await api.must(ADD, { teamId, email: admin.email, role: 'ADMIN' }, owner.token);
    const created = await createToken(teamId, owner);
    expect(await api.must(TEAM, { id: teamId }, created.token)).toMatchObject({ team: { id: teamId } });

    const { revokeApiToken } = await api.must<{ revokeApiToken: { id: string; revokedAt: string | null } }>(REVOKE, { id: created.id }, admin.token);
    expect(revokeApiToken.id).toBe(created.id);
    expect(revokeApiToken.revokedAt).toEqual(expect.any(String));

    expect(await api.gql(TEAM, { id: teamId }, created.token).then(codeOf)).toBe('UNAUTHENTICATED');
    expect(await overSocket(api.ws(created.token), ME)).toMatch(/^closed:4403/);

    const again = await api.must<{ revokeApiToken: { revokedAt: string } }>(REVOKE, { id: created.id }, owner.token);
    expect(again.revokeApiToken.revokedAt).toBe(revokeApiToken.revokedAt);
    const { team } = await api.must<{ team: { apiTokens: { revokedAt: string | null }[] } }>(TOKENS, { id: teamId }, owner.token);
    expect(team.apiTokens).toEqual([expect.objectContaining({ revokedAt: revokeApiToken.revokedAt })]);
  });

  it('only admins and owners of the token’s team can revoke it; to anyone else it does not exist', async () => {
    const owner = await api.signUp();
    const member = await api.signUp();
    const teamA = await createTeam(owner);
    await api.must(ADD, { teamId: teamA, email: member.email, role: 'MEMBER' }, owner.token);
    const created = await createToken(teamA, owner);

    const outsider = await api.signUp();
    await createTeam(outsider, 'B');
    const foreign = await api.gql(REVOKE, { id: created.id }, outsider.token);
    expect(codeOf(foreign)).toBe('NOT_FOUND');
    expect(foreign.errors?.[0]?.message).toBe('API token not found, or you cannot see it.');
    expect(await api.gql(REVOKE, { id: created.id }, member.token).then(codeOf)).toBe('FORBIDDEN');
    expect(await api.gql(REVOKE, { id: 'not-a-uuid' }, owner.token).then(codeOf)).toBe('NOT_FOUND');

    const [row] = await api.database.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row?.revokedAt).toBeNull();
    expect(await api.must(TEAM, { id: teamA }, created.token)).toMatchObject({ team: { id: teamA } });
  });

  it("follows its creator's current role, and is revoked when the creator leaves the team", async () => {
    const owner = await api.signUp();
    const admin = await api.signUp();
    const teamId = await createTeam(owner);
    await api.must(ADD, { teamId, email: admin.email, role: 'ADMIN' }, owner.token);
    const { token, id } = await createToken(teamId, admin);
    await api.must(TOKENS, { id: teamId }, token);

    await api.must(UPDATE, { teamId, userId: admin.userId, role: 'VIEWER' }, owner.token);
    expect(await api.must(TEAM, { id: teamId }, token)).toEqual({ team: { id: teamId, myRole: 'VIEWER' } });
    expect(await api.gql(TOKENS, { id: teamId }, token).then(codeOf)).toBe('FORBIDDEN');

    await api.must(REMOVE, { teamId, userId: admin.userId }, owner.token);
    const [row] = await api.database.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row?.revokedAt).toBeInstanceOf(Date);
    // Added back, the person does not get the old token back.
    await api.must(ADD, { teamId, email: admin.email, role: 'ADMIN' }, owner.token);
    expect(await api.gql(TEAM, { id: teamId }, token).then(codeOf)).toBe('UNAUTHENTICATED');
  });
});
