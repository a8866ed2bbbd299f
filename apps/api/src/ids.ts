import { notFound } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Row ids are uuids. Anything else cannot name a row and must not reach PostgreSQL, which would
 * refuse it with a syntax error (a masked 500) instead of a plain "not found".
 */
export const isUuid = (id: string): boolean => UUID.test(id);

export const isSha256 = (value: string): boolean => SHA256.test(value);

/** A malformed id names nothing, so it gets the same NOT_FOUND as someone else's id. */
export function requireId(id: string, what: string): string {
  if (!isUuid(id)) throw notFound(what);
  return id;
}
