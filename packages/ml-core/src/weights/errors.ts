/**
 * Why weights could not be loaded. Callers map the code once (GraphQL/HTTP); the message is for people:
 * it names the file, the layer when there is one, and what to do next.
 * - `WEIGHTS_UNAVAILABLE`: the file is not there and could not be fetched (missing path, network, HTTP status).
 * - `WEIGHTS_CORRUPT`: the bytes are not what they should be (not HDF5, truncated, bad manifest, md5 mismatch).
 * - `WEIGHTS_MISMATCH`: a readable file that does not fit the model (missing layer, wrong shapes or counts).
 * - `WEIGHTS_UNSUPPORTED`: a request we cannot serve (unknown file type, alpha with no published weights).
 */
export type WeightsErrorCode = 'WEIGHTS_UNAVAILABLE' | 'WEIGHTS_CORRUPT' | 'WEIGHTS_MISMATCH' | 'WEIGHTS_UNSUPPORTED';

export interface WeightsErrorDetails {
  /** The weights file (or the URL it should come from) the error is about. */
  file?: string;
  /** The model layer the error is about, when there is one. */
  layer?: string;
  cause?: unknown;
}

export class WeightsError extends Error {
  override readonly name = 'WeightsError';
  readonly code: WeightsErrorCode;
  readonly file: string | undefined;
  readonly layer: string | undefined;

  constructor(code: WeightsErrorCode, message: string, details: WeightsErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.file = details.file;
    this.layer = details.layer;
  }
}

export function isWeightsError(value: unknown): value is WeightsError {
  return value instanceof WeightsError;
}
