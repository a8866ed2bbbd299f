import type { ImageSplit } from '@transferlab/db/schema';
import { classNameProblem } from './class-name';

export interface ZipPlacement {
  className: string;
  split: ImageSplit;
  fileName: string;
}

const SPLIT_FOLDERS: Record<string, ImageSplit> = { train: 'train', val: 'val', validation: 'val' };

/**
 * Reads a zip's file paths the way Keras `image_dataset_from_directory` reads folders:
 * `<class>/…` (into `defaultSplit`), or `train/<class>/…` beside `val/<class>/…` (or
 * `validation/`); either may sit inside one top-level folder, as zipping a folder produces. Files
 * below a class folder belong to it at any depth, as Keras walks class folders recursively.
 * Returns where each path goes, or why it cannot go anywhere.
 */
export function planZipLayout(paths: readonly string[][], defaultSplit: ImageSplit): (segments: readonly string[]) => ZipPlacement | { reason: string } {
  const first = paths[0]?.[0];
  // One folder around everything, with every file at least two folders deep: a wrapper, not a class.
  const wrapped = first !== undefined && !(first in SPLIT_FOLDERS) && paths.every((p) => p.length >= 3 && p[0] === first);
  const skip = wrapped ? 1 : 0;
  const split = paths.some((p) => p.length - skip >= 3 && (p[skip] as string) in SPLIT_FOLDERS);

  return (segments) => {
    const path = segments.slice(skip);
    let classIndex = 0;
    let imageSplit = defaultSplit;
    if (split) {
      const splitName = SPLIT_FOLDERS[path[0] as string];
      if (!splitName) return { reason: 'outside train/ and val/: this zip has a train/ folder, so images belong in train/<class>/ or val/<class>/' };
      imageSplit = splitName;
      classIndex = 1;
    }
    const className = path[classIndex];
    const fileName = path[path.length - 1] as string;
    if (className === undefined || path.length < classIndex + 2) {
      return { reason: `not inside a class folder: put each image in a folder named for its class (${split ? 'train/<class>/<image>' : '<class>/<image>'})` };
    }
    const problem = classNameProblem(className.trim());
    if (problem) return { reason: `invalid class folder '${className}': ${problem}` };
    return { className: className.trim(), split: imageSplit, fileName };
  };
}
