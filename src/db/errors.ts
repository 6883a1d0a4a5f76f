/**
 * A unique constraint refused a row: on PostgreSQL SQLSTATE 23505, on SQLite SQLITE_CONSTRAINT_UNIQUE (or
 * PRIMARYKEY). It means two requests raced for the same thing; the loser's transaction was rolled back.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
