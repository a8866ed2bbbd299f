/**
 * Whether a failed insert broke a unique constraint (SQLSTATE 23505). drizzle wraps the driver's
 * error (node-postgres or PGlite, both carrying `code`) in `cause`, so walk the chain.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint: name } = e as { code?: unknown; constraint?: unknown };
    if (code === '23505') return !constraint || name === undefined || name === constraint;
  }
  return false;
}
