import { createHash, randomBytes } from 'node:crypto';

export type TokenKind = 'session' | 'api' | 'worker';

const PREFIX: Record<TokenKind, string> = { session: 'tls_', api: 'tla_', worker: 'tlw_' };

/** A new random bearer token; its prefix tells which table to look it up in. */
export function newToken(kind: TokenKind): string {
  return `${PREFIX[kind]}${randomBytes(32).toString('base64url')}`;
}

export function tokenKind(token: string): TokenKind | null {
  for (const [kind, prefix] of Object.entries(PREFIX) as [TokenKind, string][]) if (token.startsWith(prefix)) return kind;
  return null;
}

/** Tokens are stored only as their sha256: a leaked database does not leak working tokens. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
