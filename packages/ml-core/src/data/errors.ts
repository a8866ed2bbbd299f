/**
 * Failures of the dataset stage. All of them are the user's to fix (a folder to add, an image to
 * replace), so messages say what to do; `code` lets the API map them to a typed error once.
 */
export type DatasetErrorCode =
  | 'INVALID_OPTIONS'
  | 'NOT_FOUND'
  | 'NOT_A_DIRECTORY'
  | 'AMBIGUOUS_LAYOUT'
  | 'NO_CLASS_FOLDERS'
  | 'SINGLE_CLASS'
  | 'EMPTY_CLASS'
  | 'NO_IMAGES'
  | 'SPLIT_CLASS_MISMATCH'
  | 'CLASS_EMPTY_AFTER_DECODE';

export class DatasetError extends Error {
  override readonly name = 'DatasetError';

  constructor(
    readonly code: DatasetErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type ImageDecodeErrorCode = 'EMPTY' | 'NOT_AN_IMAGE' | 'UNSUPPORTED' | 'CORRUPT' | 'TOO_LARGE';

/**
 * One file that cannot become pixels. Never fatal for a dataset: the loader skips the file and
 * reports `reason`, which is short enough to show in a list next to the file name.
 */
export class ImageDecodeError extends Error {
  override readonly name = 'ImageDecodeError';

  constructor(
    readonly code: ImageDecodeErrorCode,
    readonly reason: string,
  ) {
    super(`Cannot decode image: ${reason}`);
  }
}
