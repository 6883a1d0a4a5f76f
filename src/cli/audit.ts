import { AppError } from '../core/errors.ts';
import { verifyAuditChain } from '../db/audit.ts';
import { dbFlag, parseFlags } from './args.ts';
import { withDatabase } from './context.ts';

export const auditHelp = `septype audit verify [--db <path|url>]
  Recomputes the audit trail's hash chain. Exit 0 when intact; exit 1 naming the first broken entry.`;

/** Thrown when the chain is broken; main turns it into exit code 1 after the report is printed. */
export class ChainBroken extends Error {}

export async function audit(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify')
    throw new AppError('invalid_input', `unknown command "audit ${sub ?? ''}": use verify`, { field: 'command' });
  const flags = parseFlags(rest, dbFlag);
  await withDatabase(flags.db, 'existing', async (app) => {
    const verdict = await verifyAuditChain(app.database.kysely);
    if (verdict.ok) {
      process.stdout.write(`audit trail intact: ${verdict.entries} entries, head ${verdict.headHash.slice(0, 16)}…\n`);
      return;
    }
    throw new ChainBroken(
      `audit trail BROKEN at entry ${verdict.brokenAt}: ${verdict.reason} (${verdict.entries} entries before it are intact)`,
    );
  });
}
