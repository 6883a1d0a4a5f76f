import { migrateToLatest } from '../db/migrate.ts';
import { dbFlag, parseFlags } from './args.ts';
import { openForCli } from './context.ts';
import { line, print } from './output.ts';

export async function migrate(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, dbFlag);
  const app = openForCli(flags.db, 'create');
  try {
    const outcome = await migrateToLatest(app.database);
    if (outcome.applied.length === 0) print(line`${app.database.location}: schema is current`);
    else print(line`${app.database.location}: applied ${outcome.applied.join(', ')}`);
  } finally {
    await app.database.close();
  }
}
