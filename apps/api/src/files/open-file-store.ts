import { join } from 'node:path';
import type { FileStore } from './file-store';
import { LocalFileStore } from './local-file-store';
import { S3FileStore, type S3Settings } from './s3-file-store';

/** The store the settings name: a bucket when TRANSFERLAB_S3_BUCKET is set, else `<data dir>/files`. */
export function openFileStore({ dataDir, s3 }: { dataDir: string; s3: S3Settings | undefined }): FileStore {
  return s3 ? new S3FileStore(s3) : new LocalFileStore(join(dataDir, 'files'));
}
