import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { AppError, InputError } from '../core/errors.ts';
import { breakLocation, verifyAuditChain } from '../db/audit-verify.ts';
import { isPostgresUrl, openDatabase } from '../db/connect.ts';
import { createPrivateFile } from '../db/private-file.ts';
import { dbFlag, parseFlags, requireFlag } from './args.ts';
import { cliConfig, withDatabase } from './context.ts';
import { line, print } from './output.ts';

const postgresAdvice = 'for PostgreSQL use pg_dump -Fc and pg_restore (docs/operations.md)';

export async function backup(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, { ...dbFlag, out: { type: 'string' } });
  const out = resolve(requireFlag(flags.out, '--out'));
  refusePostgres(flags.db);
  if (existsSync(out))
    throw new AppError('conflict', `${out} exists already; choose a new file name`, { field: '--out' });
  await withDatabase(flags.db, 'existing', async (app) => {
    const sqlite = app.database.sqlite;
    if (sqlite === undefined) throw new InputError('--db', postgresAdvice);
    // Made first, for its owner only: SQLite would make it readable by everyone (0644).
    if (!createPrivateFile(out)) {
      throw new AppError('conflict', `${out} exists already; choose a new file name`, { field: '--out' });
    }
    try {
      const progress = await sqlite.backup(out);
      print(line`backed up ${app.database.location} to ${out} (${progress.totalPages} pages)`);
    } catch (error) {
      rmSync(out, { force: true });
      throw error;
    }
  });
}

export async function restore(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, { ...dbFlag, from: { type: 'string' }, force: { type: 'boolean' } });
  const from = resolve(requireFlag(flags.from, '--from'));
  refusePostgres(flags.db);
  const target = resolve(cliConfig(flags.db === undefined ? {} : { db: flags.db }).db);
  if (!existsSync(from)) throw new AppError('not_found', `no backup file at ${from}`, { field: '--from' });
  if (from === target) throw new InputError('--from', '--from and --db are the same file');
  if (existsSync(target) && flags.force !== true) {
    throw new AppError('conflict', `${target} exists; stop the server and add --force to replace it`, {
      field: '--db',
    });
  }
  await checkBackup(from);
  const source = new SQLite(from, { readonly: true, fileMustExist: true });
  try {
    for (const suffix of ['', '-wal', '-shm']) rmSync(target + suffix, { force: true });
    createPrivateFile(target);
    await source.backup(target);
  } finally {
    source.close();
  }
  print(line`restored ${target} from ${from}`);
}

/** A backup is restored only when SQLite finds it sound and its audit chain is intact. */
async function checkBackup(file: string): Promise<void> {
  let quick: unknown;
  try {
    const probe = new SQLite(file, { readonly: true, fileMustExist: true });
    quick = probe.pragma('quick_check', { simple: true });
    probe.close();
  } catch (error) {
    throw new InputError('--from', `${file} is not a SQLite database: ${(error as Error).message}`);
  }
  if (quick !== 'ok') throw new InputError('--from', `${file} is damaged: ${String(quick)}`);
  const database = openDatabase(file);
  try {
    const verdict = await verifyAuditChain(database.kysely).catch(() => null);
    if (verdict === null) throw new InputError('--from', `${file} is not a septype database`);
    if (!verdict.ok)
      throw new InputError(
        '--from',
        `${file}: audit trail broken at ${breakLocation(verdict.broken)}: ${verdict.broken.reason}`,
      );
  } finally {
    await database.close();
  }
}

function refusePostgres(dbFlagValue: string | undefined): void {
  const target = cliConfig(dbFlagValue === undefined ? {} : { db: dbFlagValue }).db;
  if (isPostgresUrl(target)) throw new InputError('--db', postgresAdvice);
}
