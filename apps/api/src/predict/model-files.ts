import type { Model } from '@transferlab/db/schema';

/** Where one file of a model comes from: the content-addressed file store, or the row itself. */
export type ModelFileSource = { sha256: string } | { json: unknown };

// The three files of a TensorFlow.js layers model as ml-core's saveModel writes them.
export const MODEL_FILE_NAMES = ['model.json', 'weights.bin', 'metadata.json'] as const;

// Older rows name files by role (`modelJson`, `weights`) rather than by file name.
const LEGACY_KEYS: Record<string, string> = { modelJson: 'model.json', weights: 'weights.bin', metadata: 'metadata.json' };
const SAFE_FILE_NAME = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The model's files by the names `model.json`'s manifest uses, so they can be served side by side
 * or written into a folder for `loadModel`. A row without a stored metadata.json gets its
 * `metadata` column instead, which holds the same document.
 */
export function modelFiles(model: Pick<Model, 'files' | 'metadata'>): Map<string, ModelFileSource> {
  const files = new Map<string, ModelFileSource>();
  for (const [key, sha256] of Object.entries(model.files as Record<string, unknown>)) {
    const name = LEGACY_KEYS[key] ?? key;
    if (typeof sha256 !== 'string' || !SHA256.test(sha256) || !SAFE_FILE_NAME.test(name)) continue;
    // A file-name key wins over a legacy key for the same file.
    if (!files.has(name) || key === name) files.set(name, { sha256 });
  }
  if (!files.has('metadata.json')) files.set('metadata.json', { json: model.metadata });
  return files;
}

/** The media type a model file is served with. */
export function contentTypeOf(fileName: string): string {
  return fileName.endsWith('.json') ? 'application/json; charset=utf-8' : 'application/octet-stream';
}
