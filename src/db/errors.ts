/**
 * A unique constraint refused a row: on PostgreSQL SQLSTATE 23505, on SQLite SQLITE_CONSTRAINT_UNIQUE (or
 * PRIMARYKEY). It means two requests raced for the same thing; the loser's transaction was rolled back.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * PostgreSQL gave up a transaction because another one touched the same rows at the same moment: a
 * serialization failure (40001) or a deadlock (40P01). Nothing of it was written; the request may be tried
 * again. (SQLite serialises writers, so it has no such case.)
 */
export function isConcurrencyFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}
