import type { z } from 'zod';
import { badInput } from '../errors';

/**
 * Parses one JSON file a trainer uploads beside a model and checks it against `schema`, refusing
 * with the file's name and the first problems (capped: a large file can have thousands).
 */
export function parseUploadedJson<T>(bytes: Uint8Array, fileName: string, what: string, schema: z.ZodType<T>): T {
  const hint = `Upload the ${fileName} that ml-core saved beside the model.`;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw badInput(`${fileName} is not valid JSON. ${hint}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`)
      .join('; ');
    throw badInput(`${fileName} is not ${what} (${problems}). ${hint}`);
  }
  return parsed.data;
}
