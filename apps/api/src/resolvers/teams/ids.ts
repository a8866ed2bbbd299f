import { notFound } from '../../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids are uuids in the database; anything else would make PostgreSQL fail with a syntax error (a
 * masked 500). A malformed id names nothing, so it gets the same NOT_FOUND as someone else's id.
 */
export function requireId(id: string, what: string): string {
  if (!UUID.test(id)) throw notFound(what);
  return id;
}
