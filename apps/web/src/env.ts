import { z } from 'zod';

// The only module that reads process.env (STYLE.md). Read when first needed, not at import, so
// `next build` needs none of it; a bad value fails the first request with the variable's name.
const schema = z.object({
  /** Where this server reaches the TransferLab API (GraphQL, uploads, downloads). */
  TRANSFERLAB_API_URL: z.url().default('http://127.0.0.1:4000'),
  /**
   * Where browsers reach the API, for the live-updates socket and the copy-ready token examples.
   * Defaults to TRANSFERLAB_API_URL, which is right when browser and API share a machine.
   */
  TRANSFERLAB_PUBLIC_API_URL: z.url().optional(),
});

export interface WebEnv {
  apiUrl: string;
  publicApiUrl: string;
}

let cached: WebEnv | undefined;

export function env(): WebEnv {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const apiUrl = parsed.data.TRANSFERLAB_API_URL.replace(/\/$/, '');
  cached = { apiUrl, publicApiUrl: (parsed.data.TRANSFERLAB_PUBLIC_API_URL ?? apiUrl).replace(/\/$/, '') };
  return cached;
}
