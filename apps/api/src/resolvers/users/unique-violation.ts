/** The errors in a failed query's `cause` chain: drizzle wraps the driver's error (node-postgres or PGlite, both carrying `code`). */
function* causeChain(error: unknown): Generator<{ code?: unknown; constraint?: unknown }> {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    yield e as { code?: unknown; constraint?: unknown };
  }
}

/** Whether a failed insert broke a unique constraint (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (const { code, constraint: name } of causeChain(error)) {
    if (code === '23505') return !constraint || name === undefined || name === constraint;
  }
  return false;
}

/** Whether a failed write broke a foreign key (SQLSTATE 23503): the row it points at is gone. */
export function isForeignKeyViolation(error: unknown): boolean {
  for (const { code } of causeChain(error)) if (code === '23503') return true;
  return false;
}
