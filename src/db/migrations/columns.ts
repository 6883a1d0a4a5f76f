import type { ColumnDefinitionBuilder } from 'kysely';
import type { Dialect } from '../connect.ts';

/** An integer primary key the database numbers: the one place migrations differ between engines. */
export function autoId(column: ColumnDefinitionBuilder, dialect: Dialect): ColumnDefinitionBuilder {
  return dialect === 'sqlite'
    ? column.primaryKey().autoIncrement()
    : column.primaryKey().generatedByDefaultAsIdentity();
}
