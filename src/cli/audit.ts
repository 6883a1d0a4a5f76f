import { AppError, InputError } from '../core/errors.ts';
import { breakLocation, entryHash, verifyAuditChain } from '../db/audit-verify.ts';
import { dbFlag, parseFlags } from './args.ts';
import { withDatabase } from './context.ts';
import { line, print } from './output.ts';

/** A broken chain is a finding, not a crash: exit code 1 with the location (main.ts maps `conflict` to 1). */
const chainBroken = (message: string) => new AppError('conflict', message);

function parseAnchor(value: string | undefined): { seq: number; hash: string } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+):([0-9a-f]{64})$/.exec(value.trim());
  if (match === null) throw new InputError('--anchor', '--anchor must be N:HASH as printed by audit verify');
  return { seq: Number(match[1]), hash: match[2] ?? '' };
}

export async function audit(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify') {
    throw new InputError('command', `unknown command "audit ${sub ?? ''}": use verify`);
  }
  const flags = parseFlags(rest, { ...dbFlag, anchor: { type: 'string' } });
  const anchor = parseAnchor(flags.anchor);
  await withDatabase(flags.db, 'existing', async (app) => {
    const verdict = await verifyAuditChain(app.database.kysely);
    if (!verdict.ok) {
      throw chainBroken(
        `audit trail BROKEN at ${breakLocation(verdict.broken)}: ${verdict.broken.reason} (${verdict.entries} entries verified intact)`,
      );
    }
    if (anchor !== undefined) {
      const recorded = await entryHash(app.database.kysely, anchor.seq);
      if (recorded !== anchor.hash) {
        throw chainBroken(
          `audit trail BROKEN at entry ${anchor.seq}: it does not match the anchor kept outside the database (the trail was rewritten)`,
        );
      }
    }
    print(line`audit trail intact: ${verdict.entries} entries${anchor ? `, anchor ${anchor.seq} matches` : ''}`);
    if (verdict.last !== null)
      print(line`anchor (keep outside the database): ${verdict.last.seq}:${verdict.last.hash}`);
  });
}
