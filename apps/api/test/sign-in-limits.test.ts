import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { createDatabase } from '@transferlab/db';
import { signInThrottles } from '@transferlab/db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger';
import { MAX_PASSWORD_LENGTH } from '../src/resolvers/users/credentials';
import { startApiServer } from '../src/server';
import { DB_KINDS, startTestApi, type GqlResult, type TestApi } from './harness';
import { sleep } from './runs-fixtures';

const PASSWORD = 'correct horse battery staple';
const WRONG = 'wrong horse battery staple';
const SIGN_IN = 'mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { token } }';
const SIGN_UP = 'mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { token } }';

let seq = 0;
const freshEmail = () => `limits${++seq}-${Date.now()}@example.com`;
// Each test comes from its own network (a trusted loopback proxy forwards it), so their counts stay apart.
let networkSeq = 0;
const freshNetwork = () => `203.0.113.${++networkSeq}`;

interface Answer {
  status: number;
  retryAfter: string | null;
  body: GqlResult;
}

async function post(api: TestApi, query: string, variables: Record<string, unknown>, forwardedFor?: string): Promise<Answer> {
  const res = await fetch(api.server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as GqlResult };
}

const codes = (answers: Answer[]) => answers.map((a) => a.body.errors?.[0]?.extensions?.code ?? 'OK');
const count = (answers: Answer[], code: string) => codes(answers).filter((c) => c === code).length;

describe.each(DB_KINDS)('sign-in limits (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind); // the defaults: 10 failures per email and per network a minute
  });
  afterAll(() => api.close());

  const signIn = (email: string, password: string, network: string) => post(api, SIGN_IN, { email, password }, network);

  it('refuses the 11th failure for an email within a minute, naming the limit and when to retry, even for the right password', async () => {
    const { email } = await api.signUp(freshEmail());
    // A burst at once: each attempt is counted before its password is checked, so exactly 10 get checked.
    const burst = await Promise.all(Array.from({ length: 14 }, () => signIn(email, WRONG, freshNetwork())));
    expect(count(burst, 'UNAUTHENTICATED')).toBe(10);
    expect(count(burst, 'RATE_LIMITED')).toBe(4);
    // The right password, from yet another network: the email's own count refuses it.
    const refused = await signIn(email, PASSWORD, freshNetwork());
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Too many sign-in attempts for this email: the limit is 10 failed attempts per 60 s \(TRANSFERLAB_SIGN_IN_LIMIT per TRANSFERLAB_SIGN_IN_WINDOW_SECONDS\)\. Try again in \d+ s\.$/),
      extensions: { code: 'RATE_LIMITED', limit: 10, windowSeconds: 60, scope: 'email', retryAfterSeconds: expect.any(Number) },
    });
    const retryAfter = refused.body.errors?.[0]?.extensions?.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThan(30);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.retryAfter).toBe(String(retryAfter));
  });

  it('limits failures per client network across emails, and other networks are not affected', async () => {
    const network = freshNetwork();
    const failures = await Promise.all(Array.from({ length: 10 }, () => signIn(freshEmail(), WRONG, network)));
    expect(count(failures, 'UNAUTHENTICATED')).toBe(10);
    const { email } = await api.signUp(freshEmail());
    const refused = await signIn(email, PASSWORD, network);
    expect(refused.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Too many sign-in attempts from your network: the limit is 10/), extensions: { code: 'RATE_LIMITED', scope: 'network' } });
    // Refused, it counted for nothing: the email's own budget is untouched.
    const [emailRow] = await api.database.db.select().from(signInThrottles).where(eq(signInThrottles.key, `email:${email}`));
    expect(emailRow?.attempts).toBe(0);
    expect(codes([await signIn(email, PASSWORD, freshNetwork())])).toEqual(['OK']);
  });

  it('gives successful sign-ins back: more than the limit in a row all work', async () => {
    const { email } = await api.signUp(freshEmail());
    const network = freshNetwork();
    for (let i = 0; i < 11; i++) expect(codes([await signIn(email, PASSWORD, network)])).toEqual(['OK']);
    const rows = await api.database.db.select().from(signInThrottles).where(eq(signInThrottles.key, `email:${email}`));
    expect(rows.map((r) => r.attempts)).toEqual([0]);
  });

  it('counts sign-ups of a taken address like failed sign-ins', async () => {
    const { email } = await api.signUp(freshEmail());
    const network = freshNetwork();
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(api, SIGN_UP, { email, password: PASSWORD }, network)));
    expect(count(answers, 'CONFLICT')).toBe(10);
    expect(count(answers, 'RATE_LIMITED')).toBe(2);
  });

  it('refuses a document with several sign-in fields (aliases) before hashing anything', async () => {
    const { email } = await api.signUp(freshEmail());
    const before = api.server.services.passwords.stats.started;
    const aliases = Array.from({ length: 5 }, (_, i) => `a${i}: signIn(email: $email, password: "guess number ${i}") { token }`).join(' ');
    const refused = await post(api, `mutation ($email: String!) { ${aliases} }`, { email }, freshNetwork());
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.message).toBe('This document asks for 5 signIn/signUp fields; the limit is 1 per request. Send one sign-in at a time.');
    // Hidden in a fragment, and mixed with signUp, it is refused too.
    const fragment = `mutation ($email: String!) { ...tries } fragment tries on Mutation { signIn(email: $email, password: "x guess one") { token } b: signUp(email: $email, password: "x guess two") { token } }`;
    expect((await post(api, fragment, { email }, freshNetwork())).body.errors?.[0]?.message).toMatch(/asks for 2 signIn\/signUp fields; the limit is 1/);
    expect(api.server.services.passwords.stats.started).toBe(before);
    const rows = await api.database.db.select().from(signInThrottles).where(eq(signInThrottles.key, `email:${email}`));
    expect(rows.map((r) => r.attempts)).toEqual([0]); // only the sign-up, given back
  });

  it('refuses an over-long password before hashing it, on sign-in and sign-up', async () => {
    const { email } = await api.signUp(freshEmail());
    const before = api.server.services.passwords.stats.started;
    const long = 'x'.repeat(MAX_PASSWORD_LENGTH + 1);
    for (const answer of [await signIn(email, long, freshNetwork()), await post(api, SIGN_UP, { email: freshEmail(), password: long }, freshNetwork())]) {
      expect(answer.body.errors?.[0]).toMatchObject({
        message: `The password is longer than ${MAX_PASSWORD_LENGTH} characters (the limit); use a shorter one.`,
        extensions: { code: 'BAD_USER_INPUT', limit: MAX_PASSWORD_LENGTH },
      });
    }
    // 200 KB is refused just as cheaply (a megabyte never reaches the resolver: the body limit answers 413).
    expect(codes([await signIn(email, 'y'.repeat(200 << 10), freshNetwork())])).toEqual(['BAD_USER_INPUT']);
    expect(codes([await signIn(email, 'y'.repeat(1 << 20), freshNetwork())])).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(api.server.services.passwords.stats.started).toBe(before);
  });
});

describe.each(DB_KINDS)('sign-in limits with short windows and a small hashing queue (%s)', (kind) => {
  it('hashes one password at a time behind a bounded queue, refuses the overflow and gives it back; ignores X-Forwarded-For from untrusted peers', async () => {
    const api = await startTestApi(kind, { passwordHashConcurrency: 1, passwordHashQueue: 2, signInLimit: 100, trustProxy: ['none'] });
    try {
      const { email } = await api.signUp(freshEmail());
      const { stats } = api.server.services.passwords;
      const before = stats.started;
      // Each claims another network; none is trusted to say so, so all count against 127.0.0.1.
      const answers = await Promise.all(Array.from({ length: 8 }, () => post(api, SIGN_IN, { email, password: WRONG }, freshNetwork())));
      const busy = answers.filter((a) => a.status === 429);
      expect(busy.length).toBeGreaterThan(0);
      expect(busy[0]?.body.errors?.[0]).toMatchObject({
        message: 'The server is checking too many passwords at once (2 waiting, the limit set by TRANSFERLAB_PASSWORD_HASH_QUEUE). Try again in a second.',
        extensions: { code: 'RATE_LIMITED', limit: 2, retryAfterSeconds: 1 },
      });
      expect(count(answers, 'UNAUTHENTICATED')).toBe(8 - busy.length);
      expect(stats.started - before).toBe(8 - busy.length);
      expect(stats.maxActive).toBe(1);
      // Refused before any password was checked, they do not count as failures.
      const rows = await api.database.db.select().from(signInThrottles);
      expect(rows.filter((r) => r.key.startsWith('network:')).map((r) => [r.key, r.attempts])).toEqual([['network:127.0.0.1', 8 - busy.length]]);
      expect(rows.find((r) => r.key === `email:${email}`)?.attempts).toBe(8 - busy.length);
    } finally {
      await api.close();
    }
  });

  it('shares the counts between API servers on one database, and lets the right password in once the window has passed', async () => {
    const first = await startTestApi(kind, { signInLimit: 3, signInWindowMs: 4000 });
    // The second server is another replica: the same database, its own process state.
    const database = kind === 'postgres' ? await createDatabase({ url: first.database.url! }) : first.database;
    const dataDir = await mkdtemp(join(tmpdir(), 'transferlab-api-2-'));
    const second = await startApiServer({ database, dataDir, logger: createLogger('silent'), predictThreads: 1, signInLimit: 3, signInWindowMs: 4000 });
    const viaSecond = { ...first, server: second } as TestApi;
    try {
      const { email } = await first.signUp(freshEmail());
      const network = freshNetwork();
      const failures = Promise.all([first, viaSecond, viaSecond].map((api) => post(api, SIGN_IN, { email, password: WRONG }, network)));
      // Counted before their passwords are checked: refuse the next one while they still hash.
      const emailRow = () => first.database.db.select().from(signInThrottles).where(eq(signInThrottles.key, `email:${email}`));
      for (const deadline = Date.now() + 10_000; ((await emailRow())[0]?.attempts ?? 0) < 3; await sleep(20)) {
        if (Date.now() > deadline) throw new Error(`The three attempts were not all counted: ${JSON.stringify(await emailRow())}`);
      }
      const refused = await post(first, SIGN_IN, { email, password: PASSWORD }, network);
      expect(refused.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/the limit is 3 failed attempts per 4 s/), extensions: { code: 'RATE_LIMITED' } });
      expect(codes(await failures)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);

      await sleep((refused.body.errors?.[0]?.extensions?.retryAfterSeconds as number) * 1000 + 200);
      expect(codes([await post(viaSecond, SIGN_IN, { email, password: PASSWORD }, network)])).toEqual(['OK']);
    } finally {
      await second.close();
      if (database !== first.database) await database.close();
      await rm(dataDir, { recursive: true, force: true });
      await first.close();
    }
  });
});
