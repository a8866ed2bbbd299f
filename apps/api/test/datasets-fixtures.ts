// Fixtures for the dataset tests: users with a role in a fresh team, real images made with sharp,
// multipart uploads through fetch, and zips written byte by byte (so that they can hold the
// malicious entry names that zip libraries refuse to write).
import { crc32, deflateRawSync } from 'node:zlib';
import { sessions, type TeamRole } from '@transferlab/db/schema';
import { addMember, createTeam, createUser } from '@transferlab/db/testing';
import sharp from 'sharp';
import { hashToken, newToken } from '../src/auth/tokens';
import type { TestApi } from './harness';

export interface TestUser {
  userId: string;
  token: string;
}

/** A signed-in user (a real session token) with `role` in the team, or in no team. */
export async function userWithRole(api: TestApi, teamId: string | null, role: TeamRole = 'MEMBER'): Promise<TestUser> {
  const db = api.database.db;
  const user = await createUser(db);
  if (teamId) await addMember(db, { teamId, userId: user.id, role });
  const token = newToken('session');
  await db.insert(sessions).values({ userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 3_600_000) });
  return { userId: user.id, token };
}

/** A fresh team with an owner, a member and a viewer. */
export async function teamWithPeople(api: TestApi) {
  const team = await createTeam(api.database.db);
  const [owner, member, viewer] = await Promise.all([userWithRole(api, team.id, 'OWNER'), userWithRole(api, team.id, 'MEMBER'), userWithRole(api, team.id, 'VIEWER')]);
  return { teamId: team.id, owner, member, viewer };
}

export async function createDatasetVia(api: TestApi, token: string, teamId: string, name = 'flowers'): Promise<string> {
  const data = await api.must<{ createDataset: { id: string } }>('mutation ($t: ID!, $n: String!) { createDataset(teamId: $t, name: $n) { id } }', { t: teamId, n: name }, token);
  return data.createDataset.id;
}

export const apiBase = (api: TestApi) => api.server.url.replace(/\/graphql$/, '');

// ---- images ----

export type Format = 'jpeg' | 'png' | 'webp' | 'gif' | 'bmp';

/** A real image of one colour; `seed` changes the colour so that images differ by content. */
export async function image(format: Format, seed = 0, width = 24, height = 16): Promise<Buffer> {
  const colour = { r: (seed * 37) % 256, g: (seed * 91 + 60) % 256, b: (seed * 13 + 120) % 256 };
  if (format === 'bmp') return bmp(width, height, [colour.r, colour.g, colour.b]);
  return sharp({ create: { width, height, channels: 3, background: colour } }).toFormat(format).toBuffer();
}

/** A 24-bit uncompressed BMP (sharp cannot write BMP). */
function bmp(width: number, height: number, [r, g, b]: number[]): Buffer {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const buf = Buffer.alloc(54 + rowBytes * height);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(54, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(24, 28);
  buf.writeUInt32LE(rowBytes * height, 34);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) buf.set([b as number, g as number, r as number], 54 + y * rowBytes + x * 3);
  }
  return buf;
}

/** A PNG of random pixels: it does not compress, so its size is about width * height * 3 bytes. */
export function noisePng(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = Math.floor(Math.random() * 256);
  return sharp(raw, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
}

/** A valid tiny PNG whose header claims 100000 x 100000 pixels: a decompression bomb's shape. */
export async function bombPng(): Promise<Buffer> {
  const png = Buffer.from(await image('png', 99, 8, 8));
  png.writeUInt32BE(100_000, 16);
  png.writeUInt32BE(100_000, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
  return png;
}

// ---- multipart uploads ----

export interface UploadFile {
  name: string;
  bytes: Buffer | string;
  type?: string;
}

export type UploadPart = { field: string; value: string } | { file: UploadFile };

export interface UploadResponse {
  status: number;
  body: { accepted?: number; rejected?: { file: string; reason: string }[]; error?: string; code?: string };
}

/** POSTs parts in exactly the given order as multipart/form-data. */
export async function uploadParts(api: TestApi, datasetId: string, parts: UploadPart[], token?: string): Promise<UploadResponse> {
  const form = new FormData();
  for (const part of parts) {
    if ('field' in part) form.append(part.field, part.value);
    else form.append('files', new Blob([typeof part.file.bytes === 'string' ? part.file.bytes : new Uint8Array(part.file.bytes)], { type: part.file.type ?? 'application/octet-stream' }), part.file.name);
  }
  const res = await fetch(`${apiBase(api)}/api/datasets/${datasetId}/images`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as UploadResponse['body'] };
}

/** The usual upload: `class`, optional `split`, then the files. */
export function upload(api: TestApi, datasetId: string, token: string | undefined, className: string, files: UploadFile[], split?: string): Promise<UploadResponse> {
  const parts: UploadPart[] = [{ field: 'class', value: className }];
  if (split) parts.push({ field: 'split', value: split });
  return uploadParts(api, datasetId, [...parts, ...files.map((file) => ({ file }))], token);
}

/** POSTs `body` in chunks with no Content-Length (chunked transfer), as a streaming client does. */
export function postChunked(url: string, body: Buffer, headers: Record<string, string>, chunkSize = 65_536): Promise<Response> {
  const chunks = Array.from({ length: Math.ceil(body.length / chunkSize) }, (_, i) => body.subarray(i * chunkSize, (i + 1) * chunkSize));
  return fetch(url, {
    method: 'POST',
    headers,
    body: new ReadableStream({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(new Uint8Array(next));
        else controller.close();
      },
    }),
    duplex: 'half',
  } as RequestInit);
}

// ---- zips ----

export interface ZipEntry {
  name: string;
  data?: Buffer | string;
  symlink?: boolean;
  /** Stored without compression instead of deflated. */
  store?: boolean;
}

/**
 * A zip with exactly these entry names (yazl and friends refuse `../x` and `/x`). Entries are made
 * "on Unix" so that the mode in the external attributes can mark a symlink.
 */
export function buildZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.from(entry.data ?? '');
    const isDir = entry.name.endsWith('/');
    const method = entry.store || isDir || entry.symlink ? 0 : 8;
    const body = method === 8 ? deflateRawSync(data) : data;
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const mode = entry.symlink ? 0o120777 : isDir ? 0o40755 : 0o100644;
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export async function importZip(api: TestApi, datasetId: string, zip: Buffer | string, token?: string, { contentType = 'application/zip', query = '' } = {}): Promise<UploadResponse> {
  const res = await fetch(`${apiBase(api)}/api/datasets/${datasetId}/import${query}`, {
    method: 'POST',
    body: typeof zip === 'string' ? zip : new Uint8Array(zip),
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: res.status, body: (await res.json()) as UploadResponse['body'] };
}

// ---- reading a dataset back ----

export interface DatasetView {
  id: string;
  name: string;
  classes: { name: string; trainCount: number; valCount: number }[];
  trainCount: number;
  valCount: number;
  imageCount: number;
  warnings: string[];
}

export async function readDataset(api: TestApi, id: string, token: string): Promise<DatasetView> {
  const data = await api.must<{ dataset: DatasetView }>('query ($id: ID!) { dataset(id: $id) { id name classes { name trainCount valCount } trainCount valCount imageCount warnings } }', { id }, token);
  return data.dataset;
}
