import { stat } from 'node:fs/promises';
import type { ImageEntry } from './dataset-index';
import { DatasetError } from './errors';
import { hasImageExtension } from './image-format';

// The checks that stop a scan, each with a message that says what to change in the folder.

export async function assertDirectory(dir: string): Promise<void> {
  try {
    if ((await stat(dir)).isDirectory()) return;
  } catch {
    throw new DatasetError('NOT_FOUND', `Dataset folder ${dir} does not exist. Check the path, or create it with one subfolder of images per class.`);
  }
  throw new DatasetError('NOT_A_DIRECTORY', `Dataset path ${dir} is a file. Point to the folder that holds one subfolder of images per class.`);
}

export function assertEnoughClasses(dir: string, classNames: string[], looseFiles: string[]): void {
  if (classNames.length === 0) {
    const loose = looseFiles.filter(hasImageExtension).length;
    const hint = loose > 0 ? ` Its ${loose} image${loose === 1 ? ' is' : 's are'} directly inside it; move them into a folder named after their class.` : '';
    throw new DatasetError('NO_CLASS_FOLDERS', `Dataset at ${dir} has no class folders.${hint} Create one subfolder per class, each with its images.`);
  }
  if (classNames.length === 1) {
    throw new DatasetError(
      'SINGLE_CLASS',
      `Dataset at ${dir} has only one class folder ('${classNames[0]}'). A classifier needs at least two: add a folder per class, each with its images.`,
    );
  }
}

export function assertSameClasses(trainClasses: string[], valClasses: string[], valName: string): void {
  const missing = trainClasses.filter((name) => !valClasses.includes(name));
  const extra = valClasses.filter((name) => !trainClasses.includes(name));
  if (missing.length === 0 && extra.length === 0) return;
  const list = (names: string[]) => names.map((n) => `'${n}'`).join(', ');
  const parts = [
    missing.length > 0 ? `missing from ${valName}/: ${list(missing)}` : '',
    extra.length > 0 ? `only in ${valName}/: ${list(extra)}` : '',
  ].filter(Boolean);
  throw new DatasetError(
    'SPLIT_CLASS_MISMATCH',
    `train/ and ${valName}/ must have the same class folders (${parts.join('; ')}). Add or rename folders so both sides match.`,
  );
}

export function assertEveryClassHasImages(root: string, classNames: string[], train: ImageEntry[], val: ImageEntry[]): void {
  if (train.length + val.length === 0) {
    throw new DatasetError(
      'NO_IMAGES',
      `Dataset at ${root} has class folders but no images (.jpg, .jpeg, .png, .gif, .webp or .bmp). Put each class's images in its folder.`,
    );
  }
  const counts = classNames.map(() => 0);
  for (const entry of train) counts[entry.classIndex]! += 1;
  const empty = classNames.filter((_, classIndex) => counts[classIndex] === 0);
  if (empty.length > 0) {
    const one = empty.length === 1;
    throw new DatasetError(
      'EMPTY_CLASS',
      `Class${one ? '' : 'es'} ${empty.map((n) => `'${n}'`).join(', ')} in ${root} ha${one ? 's' : 've'} no training images. ` +
        `Add images to ${one ? 'it' : 'them'} or remove the folder${one ? '' : 's'}.`,
    );
  }
}
