import { join } from 'node:path';
import { DatasetError } from './errors';
import { listFolder } from './list-folder';

export type DatasetLayout = (
  | { kind: 'split'; trainDir: string; valDir: string; valName: string }
  | { kind: 'classes'; dir: string }
) & {
  /** `test/` next to `train/`: held-out images that are never used to pick an epoch. */
  testDir: string | null;
};

/**
 * Which of the Keras layouts a folder uses. Adds a warning for anything it decides to ignore, so a
 * user who expected a folder to count finds out before training.
 */
export async function detectLayout(root: string, warnings: string[]): Promise<DatasetLayout> {
  const { dirs } = await listFolder(root);
  const valNames = ['val', 'validation'].filter((name) => dirs.includes(name));
  if (!dirs.includes('train')) return { kind: 'classes', dir: root, testDir: null };
  const testDir = dirs.includes('test') ? join(root, 'test') : null;
  const [valName, second] = valNames;
  if (second !== undefined) {
    throw new DatasetError('AMBIGUOUS_LAYOUT', `Dataset at ${root} has both val/ and validation/. Keep one of them for the validation images.`);
  }
  const ignored = dirs.filter((name) => name !== 'train' && name !== valName && name !== 'test');
  if (valName !== undefined) {
    if (ignored.length > 0) warnings.push(`Ignored folder${ignored.length === 1 ? '' : 's'} ${ignored.map((n) => `'${n}'`).join(', ')} next to train/ and ${valName}/.`);
    return { kind: 'split', trainDir: join(root, 'train'), valDir: join(root, valName), valName, testDir };
  }
  // A lone train/ with class folders inside is a split layout missing its val/ side, not a class
  // named 'train': split it with the seed like a flat layout.
  if ((await listFolder(join(root, 'train'))).dirs.length === 0) return { kind: 'classes', dir: root, testDir: null };
  warnings.push(`No val/ folder next to train/: validation images are held out from train/ with the seed.`);
  if (ignored.length > 0) warnings.push(`Ignored folder${ignored.length === 1 ? '' : 's'} ${ignored.map((n) => `'${n}'`).join(', ')} next to train/.`);
  return { kind: 'classes', dir: join(root, 'train'), testDir };
}

