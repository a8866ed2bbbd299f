import { readFile } from 'node:fs/promises';
import { DatasetError } from '@transferlab/ml-core/no-tfjs';

// A path named on the command line that cannot be read is the user's to fix, not our bug (exit 70).
const READ_FAILURES: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file',
  EISDIR: 'is a folder, not an image file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** Why an image file named on the command line could not be read; undefined for any other error. */
export function readFailure(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? READ_FAILURES[code] : undefined;
}

/** Reads image files named on the command line; one that cannot be read fails with its name and why. */
export async function readImageFiles(files: string[]): Promise<Buffer[]> {
  return Promise.all(
    files.map((file) =>
      readFile(file).catch((error: unknown) => {
        const reason = readFailure(error);
        throw reason === undefined ? error : new DatasetError('NOT_FOUND', `Cannot read image ${file}: ${reason}. Check the path.`);
      }),
    ),
  );
}
