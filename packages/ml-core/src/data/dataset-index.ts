export type Split = 'train' | 'val';

export interface ImageEntry {
  /** Absolute path. */
  path: string;
  /** Index into `DatasetIndex.classNames`. */
  classIndex: number;
  split: Split;
  /** Hex SHA-256 of the file bytes: the feature cache keys on the content, not the name. */
  sha256: string;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface DatasetIndex {
  /** Absolute path of the dataset folder. */
  root: string;
  /** Sorted by code point, as Python's sorted() in Keras, so label indices match a Keras run. */
  classNames: string[];
  train: ImageEntry[];
  val: ImageEntry[];
  skipped: SkippedFile[];
  /** Problems that do not stop training but that the user should see before starting it. */
  warnings: string[];
}
