import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error s3rver ships no types; the three calls used here are its documented API.
import S3rver from 's3rver';
import type { S3Settings } from '../src/files/s3-file-store';

/** s3rver's fixed keys (its README); the API's processes read them from AWS_* like any SDK credentials. */
export const S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface TestS3 {
  endpoint: string;
  /** Settings for a store in the bucket under `prefix` (the credentials passed, not read from the environment). */
  settings(prefix?: string): S3Settings;
  /** Stops answering (the store unreachable); `start()` brings it back on the same port with the same files. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A real S3-protocol server (s3rver) on 127.0.0.1 with one bucket, its objects in a temporary folder. */
export async function startS3Server(bucket = 'transferlab-test'): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 'transferlab-s3-'));
  let port = 0;
  let instance: { run(): Promise<AddressInfo>; close(): Promise<void>; httpServer: Server } | undefined;
  const start = async () => {
    instance = new S3rver({ address: '127.0.0.1', port, silent: true, directory, configureBuckets: [{ name: bucket }] });
    port = (await instance!.run()).port;
  };
  const stop = async () => {
    const closing = instance?.close();
    // The SDK keeps connections alive; close() would wait for them.
    instance?.httpServer.closeAllConnections();
    await closing;
    instance = undefined;
  };
  await start();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    settings: (prefix = '') => ({ bucket, endpoint, region: 'us-east-1', prefix, forcePathStyle: true, credentials: S3_CREDENTIALS }),
    stop,
    start,
    async close() {
      await stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
