const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SHA256 = /^[0-9a-f]{64}$/;

/** Ids are uuids in the database; anything else would make PostgreSQL fail with a syntax error. */
export const isUuid = (id: string): boolean => UUID.test(id);

export const isSha256 = (value: string): boolean => SHA256.test(value);
