/**
 * The longest each name or label a caller sends may be, in characters (code points): one place for
 * every check of them (resolvers, upload routes, zip imports). Names are shown in lists and become
 * folder names; none needs more. Everything else a caller sends is bounded by the request body limit.
 */
export const TEXT_LIMITS = {
  teamName: 100,
  apiTokenName: 100,
  datasetName: 100,
  className: 100,
  /** An uploaded file's name is kept as a label, cut to this. */
  fileName: 255,
  userName: 100,
  /** RFC 5321's longest forward path. */
  email: 254,
  modelAlias: 50,
  /** A model is named after its run (whose name start-run.ts bounds at 200) or its dataset. */
  modelName: 200,
  /** A team's pretrained weights asset. */
  weightsName: 100,
  /** A worker's name, backend and device, as it reports them. */
  workerLabel: 200,
  /** A failed run's message, cut to this. */
  failureMessage: 4000,
} as const;

/** Length in characters as people count them (code points, not UTF-16 units). */
export const characters = (text: string) => [...text].length;
