import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiBase, createDatasetVia, image, postChunked, readDataset, teamWithPeople, upload } from './datasets-fixtures';
import { DB_KINDS, startTestApi, type TestApi } from './harness';

const MAX_BODY = 64 * 1024;
const MAX_IMAGE = 96 * 1024;
const MAX_UPLOAD_REQUEST = 160 * 1024;

interface RawAnswer {
  status: number;
  body: string;
  /** Bytes of the body written before the answer arrived. */
  sent: number;
}

/**
 * POSTs to /graphql, writing `total` bytes of a JSON body 16 KB at a time (declared up front as
 * Content-Length, or chunked), and stops writing as soon as the server answers.
 */
function postGraphql(api: TestApi, { total, chunked, token }: { total: number; chunked: boolean; token?: string }): Promise<RawAnswer> {
  const prefix = '{"query":"{ __typename }","variables":{"pad":"';
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request(api.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': String(total) }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body, sent });
        req.destroy();
      });
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const write = () => {
      if (answered || sent >= total) {
        if (!answered) req.end();
        return;
      }
      const size = Math.min(16 * 1024, total - sent);
      const chunk = sent === 0 ? prefix + 'x'.repeat(size - prefix.length) : sent + size === total ? `${'x'.repeat(size - 3)}"}}` : 'x'.repeat(size);
      sent += size;
      // A pause between chunks lets an answer arrive before the whole body is sent.
      req.write(chunk, () => setTimeout(write, 5));
    };
    write();
  });
}

const gqlBody = (api: TestApi, body: string, token?: string) =>
  fetch(api.server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });

describe.each(DB_KINDS)('request body limits (%s)', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(kind, { maxGraphqlBodyBytes: MAX_BODY, maxUploadBytes: MAX_IMAGE, maxUploadRequestBytes: MAX_UPLOAD_REQUEST });
  });
  afterAll(() => api.close());

  it('refuses an anonymous body over the limit from its Content-Length, before reading it', async () => {
    const answer = await postGraphql(api, { total: 27 * 1024 * 1024, chunked: false });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ errors: [{ message: expect.stringContaining('larger than 64 KB, the limit for a GraphQL request'), extensions: { code: 'PAYLOAD_TOO_LARGE', limit: MAX_BODY } }] });
    expect(answer.sent).toBeLessThan(1024 * 1024);
  });

  it('refuses a chunked anonymous body as soon as it passes the limit, without waiting for the rest', async () => {
    const answer = await postGraphql(api, { total: 27 * 1024 * 1024, chunked: true });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('the limit for a GraphQL request');
    expect(answer.sent).toBeLessThan(1024 * 1024);
  });

  it('answers bodies under the limit as before', async () => {
    const answer = await postGraphql(api, { total: MAX_BODY - 1024, chunked: true });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { __typename: 'Query' } });
  });

  it("gives a signed-in caller's predict room for its image, and nothing else", async () => {
    const { token } = await api.signUp();
    const imageBase64 = (await image('png', 1)).toString('base64') + 'A'.repeat(80 * 1024);
    const predict = await gqlBody(api, JSON.stringify({ query: 'mutation ($img: String!) { predict(modelId: "00000000-0000-0000-0000-000000000000", imageBase64: $img) { label } }', variables: { img: imageBase64 } }), token);
    // Past the body limit, yet read and run: the unknown model is what stops it.
    expect(predict.status).toBe(404);
    expect(await predict.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });

    const padded = await gqlBody(api, JSON.stringify({ query: 'mutation ($name: String!) { createTeam(name: $name) { id } }', variables: { name: 'x'.repeat(80 * 1024) } }), token);
    expect(padded.status).toBe(413);
    expect(await padded.json()).toMatchObject({ errors: [{ message: expect.stringMatching(/^The request body is 8\d KB; the limit is 64 KB for anything but predict/), extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });

    const huge = await postGraphql(api, { total: 4 * 1024 * 1024, chunked: false, token });
    expect(huge.status).toBe(413);
    expect(huge.body).toContain('the limit for a predict request (an image of at most 0.0938 MB, base64-encoded)');
  });

  it('keeps a worker to the ordinary limit', async () => {
    const answer = await postGraphql(api, { total: MAX_BODY + 16 * 1024, chunked: true, token: await api.workerToken() });
    expect(answer.status).toBe(413);
  });

  it('answers JSON that does not parse with a GraphQL error', async () => {
    const res = await gqlBody(api, '{"query": ');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ message: expect.stringContaining('not valid JSON'), extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('caps one upload request in total, keeping the files stored before the limit', async () => {
    const { teamId, member } = await teamWithPeople(api);
    const id = await createDatasetVia(api, member.token, teamId);
    // Five different images of about 60 KB each: each within the per-file limit, 300 KB in all.
    const files = await Promise.all(Array.from({ length: 5 }, async (_, i) => ({ name: `r${i}.bmp`, bytes: await image('bmp', i, 140, 140) })));
    expect(files.every((f) => f.bytes.length < MAX_IMAGE && f.bytes.length > 50 * 1024)).toBe(true);

    const declared = await upload(api, id, member.token, 'roses', files);
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', error: expect.stringContaining('larger than 0.156 MB, the limit for one request') });
    expect((await readDataset(api, id, member.token)).imageCount).toBe(0);

    // Chunked, with no length declared: refused once the count passes the limit; earlier files stay.
    const form = new FormData();
    form.append('class', 'roses');
    for (const file of files) form.append('files', new Blob([new Uint8Array(file.bytes)]), file.name);
    const encoded = new Response(form);
    const body = Buffer.from(await encoded.arrayBuffer());
    const streamed = await postChunked(`${apiBase(api)}/api/datasets/${id}/images`, body, { 'content-type': encoded.headers.get('content-type')!, authorization: `Bearer ${member.token}` }, 16_384);
    expect(streamed.status).toBe(413);
    const stored = (await readDataset(api, id, member.token)).imageCount;
    expect(stored).toBeGreaterThanOrEqual(1);
    expect(stored).toBeLessThan(5);
    // The files within the limit are all of them an upload can send; within it, all are accepted.
    expect(await upload(api, id, member.token, 'roses', files.slice(0, 2))).toMatchObject({ status: 200, body: { rejected: [] } });
  });
});
