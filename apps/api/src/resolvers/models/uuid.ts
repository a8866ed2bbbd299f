const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuids in the database; anything else would make PostgreSQL fail with a syntax error. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
