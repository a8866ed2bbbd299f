const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Row ids are uuids. Anything else cannot name a row and must not reach Postgres, which would
 * refuse it with a server error instead of a plain "not found".
 */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
