import { migrateToLatest } from '../db/migrate.ts';
import { dbFlag, parseFlags } from './args.ts';
import { openForCli } from './context.ts';

export async function migrate(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, dbFlag);
  const app = openForCli(flags.db, 'create');
  try {
    const outcome = await migrateToLatest(app.database);
    process.stdout.write(
      outcome.applied.length === 0
        ? `${app.database.location}: schema is current\n`
        : `${app.database.location}: applied ${outcome.applied.join(', ')}\n`,
    );
  } finally {
    await app.database.close();
  }
}
