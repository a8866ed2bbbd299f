export type Split = 'train' | 'val' | 'test';

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
  /** Held out for the final evaluation only (never to pick an epoch): `test/`, or `testSplit` of the images. */
  test: ImageEntry[];
  /**
   * SHA-256 of every readable image (class name and content hash, in order), whatever the split:
   * the same folder, or the same images in another folder, gives the same hash.
   */
  hash: string;
  skipped: SkippedFile[];
  /** Problems that do not stop training but that the user should see before starting it. */
  warnings: string[];
}
