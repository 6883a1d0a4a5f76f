import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { septype as runSeptype, type CliRun } from '../support/septype-cli.ts';

/**
 * Text stored by other people reaches an administrator's terminal through the command line. Whatever the input
 * rules let in (or let in before they existed), the terminal shows it and acts on none of it: no control
 * sequence clears the screen, writes the clipboard or retitles the window, and no value forges a line or a column.
 */

const septype = (...args: string[]) => runSeptype(args);

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const actedOn = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const clean = (run: CliRun) => {
  expect(run.stdout).not.toMatch(actedOn);
  expect(run.stderr).not.toMatch(actedOn);
};

const hostileName = 'Eve\u001b[2J\u001b]52;c;ZWNobyBvd25lZA==\u0007\u202eEvil\nroot\tx';
const hostileSite = 'Hospital\u001b]0;pwned\u0007\u009b2J\r\u001b[31mRed';

describe('septype shows stored text on the terminal without acting on it', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'septype-terminal-')), 'study.db');

  beforeAll(async () => {
    expect((await septype('site', 'add', '--db', db, '--code', 'NIJ', '--name', 'Nijmegen')).code).toBe(0);
    const added = await septype(
      ...['user', 'add', '--db', db, '--username', 'eve', '--display-name', 'Eve', '--role', 'monitor'],
    );
    expect(added.code, added.stderr).toBe(0);
    // Stored as if written before the input rules refused it, or by any other path into the database.
    const raw = new SQLite(db);
    raw.prepare("update users set display_name = ? where username = 'eve'").run(hostileName);
    raw.prepare("update sites set name = ? where code = 'NIJ'").run(hostileSite);
    raw.close();
  });

  it('lists users with the escape sequences, overrides and line breaks of a display name removed', async () => {
    const run = await septype('user', 'list', '--db', db);
    expect(run.code, run.stderr).toBe(0);
    clean(run);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.every((l) => l.split('\t').length === 4)).toBe(true);
    expect(lines).toContain('eve\tEveEvil root x\tactive\tmonitor@all');
  });

  it('lists sites the same way', async () => {
    const run = await septype('site', 'list', '--db', db);
    clean(run);
    expect(run.stdout).toBe('NIJ\tHospital Red\tEurope/Amsterdam\tactive\n');
  });

  it('gives scripts the exact text as JSON, with every control character escaped', async () => {
    const users = await septype('user', 'list', '--db', db, '--json');
    clean(users);
    expect(users.stdout).toContain(String.raw`Eve\u001b[2J`);
    expect(users.stdout).toContain(String.raw`\u202eEvil`);
    const parsed = JSON.parse(users.stdout) as { username: string; displayName: string }[];
    expect(parsed.find((u) => u.username === 'eve')?.displayName).toBe(hostileName);

    const sites = await septype('site', 'list', '--db', db, '--json');
    clean(sites);
    expect(sites.stdout).toContain(String.raw`\u009b2J`);
    expect((JSON.parse(sites.stdout) as { name: string }[])[0]?.name).toBe(hostileSite);
  });

  it('keeps control sequences typed on the command line out of what it answers, on success or refusal', async () => {
    const add = await septype(
      ...['user', 'add', '--db', db, '--username', 'mallory', '--display-name', hostileName, '--role', 'monitor'],
    );
    clean(add);
    const disable = await septype('user', 'disable', '--db', db, '--username', 'nobody\u001b[2J\u001b]0;x\u0007');
    expect(disable.code).toBe(1);
    clean(disable);
    expect(disable.stderr).toBe('septype: no user named nobody\n');
  });
});
