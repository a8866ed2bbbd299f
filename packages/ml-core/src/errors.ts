import { ConfigError } from './config';
import { DatasetError, ImageDecodeError } from './data/errors';
import { ModelFilesError } from './model-files/errors';
import { WeightsError } from './weights/errors';

/**
 * Why a training job failed, exhaustively: the user can fix bad data or configuration, a
 * resource was missing (memory, weights), or it is our bug. Unattended workers store this.
 */
export type FailureCode = 'BAD_DATA' | 'BAD_CONFIG' | 'OUT_OF_MEMORY' | 'WEIGHTS_UNAVAILABLE' | 'INTERNAL';
export type FailureKind = 'user' | 'resource' | 'system';

export interface ClassifiedFailure {
  code: FailureCode;
  kind: FailureKind;
  message: string;
}

const KIND: Record<FailureCode, FailureKind> = {
  BAD_DATA: 'user',
  BAD_CONFIG: 'user',
  OUT_OF_MEMORY: 'resource',
  WEIGHTS_UNAVAILABLE: 'resource',
  INTERNAL: 'system',
};

export function classifyFailure(error: unknown): ClassifiedFailure {
  const message = error instanceof Error ? error.message : String(error);
  const code = failureCode(error, message);
  return { code, kind: KIND[code], message: code === 'OUT_OF_MEMORY' ? outOfMemoryMessage(message) : message };
}

function failureCode(error: unknown, message: string): FailureCode {
  if (error instanceof ConfigError) return 'BAD_CONFIG';
  if (error instanceof DatasetError || error instanceof ImageDecodeError || error instanceof ModelFilesError) return 'BAD_DATA';
  // Official weights that could not be fetched or arrived damaged are a missing resource; a file
  // the user pointed at that does not fit the backbone is their configuration to fix.
  if (error instanceof WeightsError) return error.code === 'WEIGHTS_UNAVAILABLE' || error.code === 'WEIGHTS_CORRUPT' ? 'WEIGHTS_UNAVAILABLE' : 'BAD_CONFIG';
  if (/out of memory|allocation failed|Invalid array length|OOM/i.test(message)) return 'OUT_OF_MEMORY';
  return 'INTERNAL';
}

function outOfMemoryMessage(detail: string): string {
  return `Out of memory while training (${detail}). Lower batchSize or imageSize, or run on a machine with more memory.`;
}
