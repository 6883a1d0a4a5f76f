import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError, InputError } from '../core/errors.ts';
import { newKey, parseKey, resealer } from '../core/sealing.ts';
import { isPostgresUrl } from '../db/connect.ts';
import { openDataKey, resealKeyCheck } from '../db/data-key.ts';
import { createPrivateFile } from '../db/private-file.ts';
import { resealTotpSecrets } from '../features/auth/public.ts';
import { audit, inTransaction } from '../kernel/context.ts';
import { resealPersonalKeys } from '../kernel/personal-keys.ts';
import { SiteScope } from '../kernel/scope.ts';
import { resealSiteSecrets } from '../kernel/site-secret.ts';
import { studyDb } from '../kernel/study-db.ts';
import { dbFlag, parseFlags, requireFlag } from './args.ts';
import { operatorContext, withDatabase } from './context.ts';
import { line, print } from './output.ts';

/**
 * Key rotation: everything sealed with the installation's data key (each person's data key, the site secrets,
 * second-factor secrets, the key check) is opened with the key in use and sealed with the new one, in one
 * transaction. Identities and audit payloads are sealed with the per-person keys and need no change, so a
 * rotation takes seconds however large the study. Stop the server first: it holds the old key.
 */
export async function dataKey(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'rotate') throw new InputError('command', `unknown command "data-key ${sub ?? ''}": use rotate`);
  const flags = parseFlags(rest, { ...dbFlag, 'new-key-file': { type: 'string' } });
  const file = resolve(requireFlag(flags['new-key-file'], '--new-key-file'));
  const next = newKeyFrom(file);
  await withDatabase(flags.db, 'existing', async (app) => {
    const current = await openDataKey(app.config, app.database);
    if (next.equals(current)) throw new InputError('--new-key-file', `${file} holds the key in use already`);
    const ctx = operatorContext(app);
    const reseal = resealer(current, next);
    const counts = await inTransaction(ctx, async (trx) => {
      const everySite = studyDb(trx, new SiteScope('participant.write', 'all'));
      const resealed = {
        personalKeys: await resealPersonalKeys(everySite, reseal),
        siteSecrets: await resealSiteSecrets(everySite, reseal),
        totpSecrets: await resealTotpSecrets(trx, reseal),
      };
      await resealKeyCheck(trx, reseal);
      await audit(ctx, trx, {
        siteId: null,
        action: 'security.data_key_rotated',
        entity: 'installation',
        entityId: null,
        after: resealed,
      });
      return resealed;
    });
    print(
      line`re-sealed ${counts.personalKeys} personal keys, ${counts.siteSecrets} site secrets and ${counts.totpSecrets} second-factor secrets with the key in ${file}`,
    );
    const { config } = app;
    if (config.dataKey === undefined && config.dataKeyFile === undefined && !isPostgresUrl(config.db)) {
      replaceKeyFile(`${resolve(config.db)}.key`, file);
      print(
        line`${resolve(config.db)}.key now holds the new key; back it up with the database and destroy copies of the old one`,
      );
    } else {
      print(
        line`set SEPTYPE_DATA_KEY or SEPTYPE_DATA_KEY_FILE to the new key before the server starts again; destroy copies of the old one`,
      );
    }
  });
}

/** The new key: read from the file, or made and written there (owner-only) when the file does not exist. */
function newKeyFrom(file: string): Buffer {
  if (!existsSync(file)) {
    if (!createPrivateFile(file)) throw new AppError('conflict', `${file} appeared while it was being made`);
    writeFileSync(file, `${newKey().toString('hex')}\n`);
  }
  const key = parseKey(readFileSync(file, 'utf8'));
  if (key === null) throw new InputError('--new-key-file', `${file}: not a 32-byte key (64 hex digits or base64)`);
  return key;
}

/** Replaces the key file beside an embedded database in one step (a rename), so it is never half-written. */
function replaceKeyFile(target: string, source: string): void {
  const temporary = `${target}.new`;
  rmSync(temporary, { force: true });
  createPrivateFile(temporary);
  writeFileSync(temporary, readFileSync(source));
  renameSync(temporary, target);
}
