import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export interface FileDigest {
  sha256: string;
  md5: string;
  bytes: number;
}

/** sha256 and md5 of a file, streamed so a 60 MB weights file is never held twice in memory. */
export async function digestFile(path: string): Promise<FileDigest> {
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    const buf = chunk as Buffer;
    sha256.update(buf);
    md5.update(buf);
    bytes += buf.length;
  }
  return { sha256: sha256.digest('hex'), md5: md5.digest('hex'), bytes };
}
