import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { sessions, users } from '@transferlab/db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, DB_KINDS, overSocket, startTestApi, type TestApi } from './harness';

const PASSWORD = 'correct horse battery staple';
const SIGN_UP = 'mutation ($email: String!, $password: String!, $name: String) { signUp(email: $email, password: $password, name: $name) { token user { id email name } } }';
const SIGN_IN = 'mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { token user { id email } } }';
const ME = '{ me { id email name } }';

let seq = 0;
const freshEmail = () => `auth${++seq}-${Date.now()}@example.com`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe.each(DB_KINDS)('accounts and sessions (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind);
  });
  afterAll(() => api.close());

  it('signs up with a normalized email and the session works on HTTP', async () => {
    const email = freshEmail();
    const { signUp } = await api.must<{ signUp: { token: string; user: { id: string; email: string; name: string | null } } }>(SIGN_UP, {
      email: `  ${email.toUpperCase()} `,
      password: PASSWORD,
      name: ' Ada ',
    });
    expect(signUp.user).toMatchObject({ email, name: 'Ada' });
    expect(signUp.token).toMatch(/^tls_/);
    const { me } = await api.must<{ me: { id: string; email: string } }>(ME, {}, signUp.token);
    expect(me).toEqual({ id: signUp.user.id, email, name: 'Ada' });
  });

  it('the session works on the socket through connectionParams', async () => {
    const { token, userId } = await api.signUp(freshEmail());
    const result = await overSocket(api.ws(token), ME);
    expect(result).toMatchObject({ data: { me: { id: userId } } });
  });

  it('stores the password as an scrypt hash and the session token only as its sha256', async () => {
    const email = freshEmail();
    const { token, userId } = await api.signUp(email);
    const [user] = await api.database.db.select().from(users).where(eq(users.id, userId));
    expect(user?.passwordHash).toMatch(/^scrypt\$/);
    expect(user?.passwordHash).not.toContain(PASSWORD);
    const rows = await api.database.db.select().from(sessions).where(eq(sessions.userId, userId));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));
    // Sessions last 30 days.
    const days = (rows[0]!.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });

  it('refuses a password shorter than 10 characters, and creates no account', async () => {
    const email = freshEmail();
    const result = await api.gql(SIGN_UP, { email, password: 'short pw1' });
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/at least 10 characters/);
    expect(await api.database.db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
  });

  it('refuses an address that is not an email', async () => {
    const result = await api.gql(SIGN_UP, { email: 'not-an-address', password: PASSWORD });
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/not a valid email address/);
  });

  it('refuses a second account with the same email (in any case) and keeps the first one intact', async () => {
    const email = freshEmail();
    const first = await api.signUp(email);
    const result = await api.gql(SIGN_UP, { email: email.toUpperCase(), password: 'another long password' });
    expect(codeOf(result)).toBe('CONFLICT');
    expect(result.errors?.[0]?.message).toBe('An account with this email already exists; sign in instead.');
    expect(result.data).toBeNull();
    // The original password still signs in; the attempted one does not.
    const ok = await api.must<{ signIn: { user: { id: string } } }>(SIGN_IN, { email, password: PASSWORD });
    expect(ok.signIn.user.id).toBe(first.userId);
    expect(codeOf(await api.gql(SIGN_IN, { email, password: 'another long password' }))).toBe('UNAUTHENTICATED');
  });

  it('signs in with a new session, and gives one message for a wrong password and an unknown email', async () => {
    const email = freshEmail();
    const { token: signUpToken, userId } = await api.signUp(email);
    const { signIn } = await api.must<{ signIn: { token: string; user: { id: string; email: string } } }>(SIGN_IN, { email: email.toUpperCase(), password: PASSWORD });
    expect(signIn.user).toEqual({ id: userId, email });
    expect(signIn.token).not.toBe(signUpToken);
    expect(await api.database.db.select().from(sessions).where(eq(sessions.userId, userId))).toHaveLength(2);

    const wrong = await api.gql(SIGN_IN, { email, password: 'wrong password, long' });
    const unknown = await api.gql(SIGN_IN, { email: freshEmail(), password: PASSWORD });
    expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    expect(codeOf(unknown)).toBe('UNAUTHENTICATED');
    expect(wrong.errors?.[0]?.message).toBe(unknown.errors?.[0]?.message);
    expect(wrong.data).toBeNull();
  });

  it('signOut ends only the current session, on HTTP and for new sockets', async () => {
    const email = freshEmail();
    const { token } = await api.signUp(email);
    const other = (await api.must<{ signIn: { token: string } }>(SIGN_IN, { email, password: PASSWORD })).signIn.token;

    expect(await api.must<{ signOut: boolean }>('mutation { signOut }', {}, token)).toEqual({ signOut: true });
    expect(codeOf(await api.gql(ME, {}, token))).toBe('UNAUTHENTICATED');
    expect(codeOf(await api.gql('mutation { signOut }', {}, token))).toBe('UNAUTHENTICATED');
    expect(await overSocket(api.ws(token), ME)).toMatch(/^closed:4403/);

    // The other session is untouched.
    expect(await api.must<{ me: { email: string } }>(ME, {}, other)).toMatchObject({ me: { email } });
    expect(await overSocket(api.ws(other), ME)).toMatchObject({ data: { me: { email } } });
  });

  it('refuses anonymous callers and expired sessions', async () => {
    const anonymous = await api.gql(ME);
    expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
    expect(codeOf(await api.gql('mutation { createTeam(name: "x") { id } }'))).toBe('UNAUTHENTICATED');

    const { token, userId } = await api.signUp(freshEmail());
    await api.database.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, userId));
    expect(codeOf(await api.gql(ME, {}, token))).toBe('UNAUTHENTICATED');
  });
});
