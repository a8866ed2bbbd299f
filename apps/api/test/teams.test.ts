import { and, eq } from 'drizzle-orm';
import { teamMembers } from '@transferlab/db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, DB_KINDS, startTestApi, type TestApi } from './harness';

type Role = 'OWNER' | 'ADMIN' | 'MEMBER' | 'VIEWER';
interface Person {
  token: string;
  userId: string;
  email: string;
}

const CREATE_TEAM = 'mutation ($name: String!) { createTeam(name: $name) { id name myRole members { role user { id email } } } }';
const ADD = 'mutation ($teamId: ID!, $email: String!, $role: TeamRole!) { addTeamMember(teamId: $teamId, email: $email, role: $role) { role user { id email } } }';
const UPDATE = 'mutation ($teamId: ID!, $userId: ID!, $role: TeamRole!) { updateTeamMember(teamId: $teamId, userId: $userId, role: $role) { role user { id } } }';
const REMOVE = 'mutation ($teamId: ID!, $userId: ID!) { removeTeamMember(teamId: $teamId, userId: $userId) }';
const TEAM = 'query ($id: ID!) { team(id: $id) { id name myRole members { role user { id email } } } }';

describe.each(DB_KINDS)('teams and members (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  async function createTeam(owner: Person, name = 'Flowers'): Promise<string> {
    const { createTeam } = await api.must<{ createTeam: { id: string } }>(CREATE_TEAM, { name }, owner.token);
    return createTeam.id;
  }

  /** A fresh team with an owner and one person per other role. */
  async function teamWithRoles() {
    const [owner, admin, member, viewer] = await Promise.all([api.signUp(), api.signUp(), api.signUp(), api.signUp()]);
    const teamId = await createTeam(owner!);
    for (const [person, role] of [[admin, 'ADMIN'], [member, 'MEMBER'], [viewer, 'VIEWER']] as [Person, Role][]) {
      await api.must(ADD, { teamId, email: person.email, role }, owner!.token);
    }
    return { teamId, owner: owner!, admin: admin!, member: member!, viewer: viewer! };
  }

  async function roleIn(teamId: string, userId: string): Promise<Role | undefined> {
    const [row] = await api.database.db
      .select({ role: teamMembers.role })
      .from(teamMembers)
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)));
    return row?.role;
  }

  it('creates a team with its creator as OWNER, listed in me.teams', async () => {
    const owner = await api.signUp();
    const { createTeam } = await api.must<{ createTeam: { id: string; name: string; myRole: Role; members: unknown[] } }>(CREATE_TEAM, { name: '  Flowers  ' }, owner.token);
    expect(createTeam).toMatchObject({ name: 'Flowers', myRole: 'OWNER', members: [{ role: 'OWNER', user: { id: owner.userId, email: owner.email } }] });
    const { me } = await api.must<{ me: { teams: { id: string }[] } }>('{ me { teams { id } } }', {}, owner.token);
    expect(me.teams).toEqual([{ id: createTeam.id }]);
    expect(await api.must(TEAM, { id: createTeam.id }, owner.token)).toMatchObject({ team: { id: createTeam.id, myRole: 'OWNER' } });
  });

  it('refuses an empty team name', async () => {
    const owner = await api.signUp();
    const result = await api.gql(CREATE_TEAM, { name: '   ' }, owner.token);
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/name is empty/);
  });

  it('adds existing accounts by email; unknown addresses must sign up first; members cannot be added twice', async () => {
    const owner = await api.signUp();
    const friend = await api.signUp();
    const teamId = await createTeam(owner);

    const missing = await api.gql(ADD, { teamId, email: 'nobody-here@example.com', role: 'MEMBER' }, owner.token);
    expect(codeOf(missing)).toBe('NOT_FOUND');
    expect(missing.errors?.[0]?.message).toMatch(/sign up first/);

    const added = await api.must<{ addTeamMember: { role: Role; user: { id: string } } }>(ADD, { teamId, email: friend.email.toUpperCase(), role: 'MEMBER' }, owner.token);
    expect(added.addTeamMember).toEqual({ role: 'MEMBER', user: { id: friend.userId, email: friend.email } });
    const seen = await api.must<{ team: { myRole: Role; members: unknown[] } }>(TEAM, { id: teamId }, friend.token);
    expect(seen.team.myRole).toBe('MEMBER');
    expect(seen.team.members).toHaveLength(2);

    const again = await api.gql(ADD, { teamId, email: friend.email, role: 'ADMIN' }, owner.token);
    expect(codeOf(again)).toBe('CONFLICT');
    expect(await roleIn(teamId, friend.userId)).toBe('MEMBER');
  });

  it('viewers and members can read the team but not add members', async () => {
    const { teamId, member, viewer } = await teamWithRoles();
    const outsider = await api.signUp();
    for (const person of [member, viewer]) {
      const { team } = await api.must<{ team: { members: unknown[] } }>(TEAM, { id: teamId }, person.token);
      expect(team.members).toHaveLength(4);
      const result = await api.gql(ADD, { teamId, email: outsider.email, role: 'VIEWER' }, person.token);
      expect(codeOf(result)).toBe('FORBIDDEN');
      expect(await api.gql(UPDATE, { teamId, userId: viewer.userId, role: 'MEMBER' }, person.token).then(codeOf)).toBe('FORBIDDEN');
    }
    expect(await roleIn(teamId, outsider.userId)).toBeUndefined();
    expect(await roleIn(teamId, viewer.userId)).toBe('VIEWER');
  });

  it('admins manage members below OWNER but cannot add, promote, demote or remove owners', async () => {
    const { teamId, owner, admin, member, viewer } = await teamWithRoles();
    const newcomer = await api.signUp();

    expect(await api.gql(ADD, { teamId, email: newcomer.email, role: 'OWNER' }, admin.token).then(codeOf)).toBe('FORBIDDEN');
    expect(await api.gql(UPDATE, { teamId, userId: owner.userId, role: 'MEMBER' }, admin.token).then(codeOf)).toBe('FORBIDDEN');
    expect(await api.gql(UPDATE, { teamId, userId: member.userId, role: 'OWNER' }, admin.token).then(codeOf)).toBe('FORBIDDEN');
    expect(await api.gql(UPDATE, { teamId, userId: admin.userId, role: 'OWNER' }, admin.token).then(codeOf)).toBe('FORBIDDEN');
    expect(await api.gql(REMOVE, { teamId, userId: owner.userId }, admin.token).then(codeOf)).toBe('FORBIDDEN');
    expect(await roleIn(teamId, owner.userId)).toBe('OWNER');
    expect(await roleIn(teamId, admin.userId)).toBe('ADMIN');

    await api.must(ADD, { teamId, email: newcomer.email, role: 'VIEWER' }, admin.token);
    expect(await api.must(UPDATE, { teamId, userId: member.userId, role: 'ADMIN' }, admin.token)).toEqual({ updateTeamMember: { role: 'ADMIN', user: { id: member.userId } } });
    expect(await api.must(REMOVE, { teamId, userId: viewer.userId }, admin.token)).toEqual({ removeTeamMember: true });
    expect(await roleIn(teamId, viewer.userId)).toBeUndefined();
    expect(await api.gql(TEAM, { id: teamId }, viewer.token).then(codeOf)).toBe('NOT_FOUND');
  });

  it('keeps the last OWNER: no demotion, no leaving; with a second owner both are allowed', async () => {
    const { teamId, owner, admin } = await teamWithRoles();
    const demote = await api.gql(UPDATE, { teamId, userId: owner.userId, role: 'ADMIN' }, owner.token);
    expect(codeOf(demote)).toBe('CONFLICT');
    expect(demote.errors?.[0]?.message).toMatch(/last OWNER/);
    expect(await api.gql(REMOVE, { teamId, userId: owner.userId }, owner.token).then(codeOf)).toBe('CONFLICT');
    expect(await roleIn(teamId, owner.userId)).toBe('OWNER');

    await api.must(UPDATE, { teamId, userId: admin.userId, role: 'OWNER' }, owner.token);
    await api.must(UPDATE, { teamId, userId: owner.userId, role: 'MEMBER' }, owner.token);
    expect(await roleIn(teamId, owner.userId)).toBe('MEMBER');
    // Now `admin` is the only owner and cannot leave.
    expect(await api.gql(REMOVE, { teamId, userId: admin.userId }, admin.token).then(codeOf)).toBe('CONFLICT');
  });

  it('two owners demoting each other at once leave one owner', async () => {
    const { teamId, owner, admin } = await teamWithRoles();
    await api.must(UPDATE, { teamId, userId: admin.userId, role: 'OWNER' }, owner.token);
    const results = await Promise.all([
      api.gql(UPDATE, { teamId, userId: admin.userId, role: 'MEMBER' }, owner.token),
      api.gql(UPDATE, { teamId, userId: owner.userId, role: 'MEMBER' }, admin.token),
    ]);
    // Whichever runs second finds its caller already demoted.
    expect(results.map(codeOf).sort()).toEqual(['FORBIDDEN', undefined]);
    const owners = await api.database.db.select().from(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.role, 'OWNER')));
    expect(owners).toHaveLength(1);
  });

  it('two owners stepping down at once leave one owner', async () => {
    const { teamId, owner, admin } = await teamWithRoles();
    await api.must(UPDATE, { teamId, userId: admin.userId, role: 'OWNER' }, owner.token);
    const results = await Promise.all([
      api.gql(UPDATE, { teamId, userId: owner.userId, role: 'ADMIN' }, owner.token),
      api.gql(UPDATE, { teamId, userId: admin.userId, role: 'ADMIN' }, admin.token),
    ]);
    expect(results.map(codeOf).sort()).toEqual(['CONFLICT', undefined]);
    const owners = await api.database.db.select().from(teamMembers).where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.role, 'OWNER')));
    expect(owners).toHaveLength(1);
  });

  it('members may leave, but not remove others', async () => {
    const { teamId, member, viewer } = await teamWithRoles();
    expect(await api.gql(REMOVE, { teamId, userId: viewer.userId }, member.token).then(codeOf)).toBe('FORBIDDEN');
    expect(await roleIn(teamId, viewer.userId)).toBe('VIEWER');
    expect(await api.must(REMOVE, { teamId, userId: viewer.userId }, viewer.token)).toEqual({ removeTeamMember: true });
    expect(await roleIn(teamId, viewer.userId)).toBeUndefined();
    const { me } = await api.must<{ me: { teams: unknown[] } }>('{ me { teams { id } } }', {}, viewer.token);
    expect(me.teams).toEqual([]);
  });

  it("a user of team B can neither read nor change team A, and another member's teams show only shared ones", async () => {
    const a = await teamWithRoles();
    const b = await api.signUp();
    const teamB = await createTeam(b, 'Team B');
    // a.member is in B as well; a.owner must not learn about B through a.member.
    await api.must(ADD, { teamId: teamB, email: a.member.email, role: 'MEMBER' }, b.token);

    const read = await api.gql(TEAM, { id: a.teamId }, b.token);
    expect(codeOf(read)).toBe('NOT_FOUND');
    expect(read.errors?.[0]?.message).toBe('Team not found, or you cannot see it.');
    expect(await api.gql(ADD, { teamId: a.teamId, email: b.email, role: 'OWNER' }, b.token).then(codeOf)).toBe('NOT_FOUND');
    expect(await api.gql(UPDATE, { teamId: a.teamId, userId: a.owner.userId, role: 'VIEWER' }, b.token).then(codeOf)).toBe('NOT_FOUND');
    expect(await api.gql(REMOVE, { teamId: a.teamId, userId: a.member.userId }, b.token).then(codeOf)).toBe('NOT_FOUND');
    expect(await roleIn(a.teamId, b.userId)).toBeUndefined();
    expect(await roleIn(a.teamId, a.owner.userId)).toBe('OWNER');
    expect(await roleIn(a.teamId, a.member.userId)).toBe('MEMBER');

    const members = await api.must<{ team: { members: { user: { id: string; teams: { id: string }[] } }[] } }>(
      'query ($id: ID!) { team(id: $id) { members { user { id teams { id } } } } }',
      { id: a.teamId },
      a.owner.token,
    );
    const shared = members.team.members.find((m) => m.user.id === a.member.userId);
    expect(shared?.user.teams).toEqual([{ id: a.teamId }]);
    const mine = await api.must<{ me: { teams: { id: string }[] } }>('{ me { teams { id } } }', {}, a.member.token);
    expect(mine.me.teams.map((t) => t.id).sort()).toEqual([a.teamId, teamB].sort());
  });

  it('answers malformed and unknown ids with NOT_FOUND, not a server error', async () => {
    const owner = await api.signUp();
    const teamId = await createTeam(owner);
    expect(await api.gql(TEAM, { id: 'not-a-uuid' }, owner.token).then(codeOf)).toBe('NOT_FOUND');
    expect(await api.gql(TEAM, { id: '00000000-0000-0000-0000-000000000000' }, owner.token).then(codeOf)).toBe('NOT_FOUND');
    expect(await api.gql(UPDATE, { teamId, userId: 'nope', role: 'VIEWER' }, owner.token).then(codeOf)).toBe('NOT_FOUND');
    expect(await api.gql(REMOVE, { teamId, userId: '00000000-0000-0000-0000-000000000000' }, owner.token).then(codeOf)).toBe('NOT_FOUND');
  });
});
