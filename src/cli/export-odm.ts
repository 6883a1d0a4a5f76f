import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError, InputError } from '../core/errors.ts';
import { createPrivateFile } from '../db/private-file.ts';
import { writeOdmExport } from '../features/exports/public.ts';
import { findSiteByCode } from '../features/sites/public.ts';
import { dbFlag, parseFlags, requireFlag } from './args.ts';
import { operatorContext, withDatabase } from './context.ts';
import { line, printError } from './output.ts';

/**
 * `septype export odm --db <path|url> --out <file> [--metadata-only] [--site <code>] [--with-audit]
 * [--with-extensions]` (issue 15 §1, a fixed contract): a CDISC ODM 1.3.2 file of the study (docs/odm.md). The file
 * is written beside --out under a temporary name and moved into place only when complete, so that a failure leaves
 * nothing half-written; an existing --out is refused, never replaced.
 */
export async function exportOdm(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, {
    ...dbFlag,
    out: { type: 'string' },
    'metadata-only': { type: 'boolean' },
    site: { type: 'string' },
    'with-audit': { type: 'boolean' },
    'with-extensions': { type: 'boolean' },
  });
  const out = resolve(requireFlag(flags.out, '--out'));
  const siteCode = flags.site === undefined ? undefined : requireFlag(flags.site, '--site');
  if (flags['metadata-only'] === true && flags['with-audit'] === true) {
    throw new InputError(
      '--with-audit',
      '--with-audit exports the audit trail of clinical data: not with --metadata-only',
    );
  }
  refuseExisting(out);

  await withDatabase(flags.db, 'existing', async (app) => {
    let siteId: number | null = null;
    if (siteCode !== undefined) {
      const site = await findSiteByCode(app.database.kysely, siteCode);
      if (site === undefined) throw new InputError('--site', `--site: no site has the code "${siteCode}"`);
      siteId = site.id;
    }
    const temporary = join(dirname(out), `.${basename(out)}.${randomBytes(6).toString('hex')}.tmp`);
    // For the owner only: the file holds the study's research data.
    if (!createPrivateFile(temporary)) throw new AppError('conflict', `${temporary} exists already`);
    const file = await open(temporary, 'r+');
    let closed = false;
    try {
      const summary = await writeOdmExport(
        operatorContext(app),
        {
          siteId,
          metadataOnly: flags['metadata-only'] === true,
          withAudit: flags['with-audit'] === true,
          withExtensions: flags['with-extensions'] === true,
        },
        async (chunk) => {
          await file.write(chunk);
        },
      );
      await file.sync();
      await file.close();
      closed = true;
      moveIntoPlace(temporary, out);
      const what = flags['metadata-only'] === true ? 'metadata only' : summary.fileType.toLowerCase();
      printError(
        line`wrote ${out} (ODM 1.3.2, ${what}): ${summary.subjects} subjects, ${summary.forms} forms, ${summary.items} items`,
      );
      if (summary.historyAbsent.length > 0) {
        printError(
          line`history absent for ${summary.historyAbsent.length} participants whose data key was destroyed: ${summary.historyAbsent.join(', ')}`,
        );
      }
    } catch (error) {
      if (!closed) await file.close().catch(() => undefined);
      rmSync(temporary, { force: true });
      throw error;
    }
  });
}

function refuseExisting(out: string): void {
  if (existsSync(out)) {
    throw new AppError('conflict', `${out} exists already; choose a new file name`, { field: '--out' });
  }
}

/** Moves the finished file to --out without ever replacing a file that appeared there meanwhile. */
function moveIntoPlace(temporary: string, out: string): void {
  try {
    linkSync(temporary, out);
    rmSync(temporary, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      rmSync(temporary, { force: true });
      throw new AppError('conflict', `${out} exists already; choose a new file name`, { field: '--out' });
    }
    // A file system without hard links: a plain rename, after looking once more.
    refuseExisting(out);
    renameSync(temporary, out);
  }
}
