import { isDeepStrictEqual } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../../src/db/connect.ts';
import type { AllTables } from '../../src/db/tables.ts';
import type { Cohort } from './cohort.ts';
import type { Http } from './http.ts';
import type { ProfileWrite, ScreeningWrite, VisitWrite, Write } from './load.ts';

/**
 * What a restarted server and its database must show after a crash, write by write of the journal:
 * - acknowledged: there, whole and as answered (read back through the API, and its audit entry with it);
 * - refused: not there at all;
 * - unanswered: there whole (row and audit entry) or not at all.
 * And, whatever the journal says: no study row without its audit entry nor an entry without its row.
 * Each breach is one line of `problems`, so that a failure lists all of them, not the first.
 */

export interface Inspection {
  problems: string[];
  /** Unanswered writes found committed (the answer was lost, not the write) and found absent. */
  unansweredCommitted: number;
  unansweredAbsent: number;
  /** Rows in the audit trail when inspected: `audit verify` must have checked at least these. */
  auditEntries: number;
}

interface AuditRow {
  seq: number;
  action: string;
  entity_id: string | null;
  reason: string | null;
  after_json: string | null;
}

interface TrailEntry {
  seq: number;
  action: string;
  entityId: string | null;
  reason: string | null;
  after: unknown;
}

const short = (value: unknown) => JSON.stringify(value)?.slice(0, 400);

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

/** The site's whole audit trail through the API, with the sealed personal values opened (an investigator's view). */
async function siteTrail(http: Http, cohort: Cohort): Promise<TrailEntry[]> {
  const entries: TrailEntry[] = [];
  let beforeSeq: number | undefined;
  for (;;) {
    const query = `limit=500${beforeSeq === undefined ? '' : `&beforeSeq=${beforeSeq}`}`;
    const answer = await http.expect(200, 'GET', `/api/sites/${cohort.siteId}/audit?${query}`, undefined, {
      token: cohort.investigatorToken,
    });
    const page = (answer.json as { entries: TrailEntry[] }).entries;
    entries.push(...page);
    if (page.length < 500) return entries;
    beforeSeq = page[page.length - 1]?.seq;
  }
}

export async function inspectAfterCrash(
  dbUrl: string,
  http: Http,
  cohort: Cohort,
  journal: Write[],
): Promise<Inspection> {
  const problems: string[] = [];
  const outcome = { unansweredCommitted: 0, unansweredAbsent: 0 };
  const count = (write: Write, present: boolean) => {
    if (write.fate !== 'unanswered') return;
    if (present) outcome.unansweredCommitted++;
    else outcome.unansweredAbsent++;
  };

  const database = openDatabase(dbUrl, { poolSize: 2 });
  const db = database.kysely as unknown as Kysely<AllTables>;
  let rows;
  try {
    if (database.dialect === 'sqlite') {
      const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
      const verdict = integrity.rows.map((r) => r.integrity_check).join('; ');
      if (verdict !== 'ok') problems.push(`SQLite integrity_check after the crash: ${verdict}`);
    }
    rows = {
      screenings: await db
        .selectFrom('screenings')
        .select(['id', 'icu_admission_at', 'data_key_id'])
        .where('site_id', '=', cohort.siteId)
        .execute(),
      dataKeys: await db.selectFrom('data_keys').select('id').execute(),
      visits: await db.selectFrom('visit_records').select(['participant_id', 'visit_code', 'missed_reason']).execute(),
      users: await db.selectFrom('users').select(['id', 'display_name']).execute(),
      auditEntries: await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
      audit: (await db
        .selectFrom('audit_log')
        .select(['seq', 'action', 'entity_id', 'reason', 'after_json'])
        .where('action', 'in', ['screening.created', 'visit.recorded', 'visit.changed', 'user.profile_changed'])
        .execute()) as AuditRow[],
    };
  } finally {
    await database.close();
  }
  const audit = rows.audit.map((row) => ({ ...row, seq: Number(row.seq) }));
  const trail = await siteTrail(http, cohort);

  // --- Screenings: every row with exactly one creation entry, every creation entry with its row. ---
  const created = groupBy(
    audit.filter((a) => a.action === 'screening.created'),
    (a) => a.entity_id,
  );
  const dataKeyIds = new Set(rows.dataKeys.map((k) => Number(k.id)));
  for (const row of rows.screenings) {
    const entries = created.get(String(row.id)) ?? [];
    if (entries.length !== 1) problems.push(`screening ${row.id}: ${entries.length} screening.created audit entries`);
    if (row.data_key_id !== null && !dataKeyIds.has(Number(row.data_key_id))) {
      problems.push(`screening ${row.id}: its data key ${row.data_key_id} is missing`);
    }
  }
  const keyed = new Set(rows.screenings.map((s) => Number(s.data_key_id)));
  for (const key of dataKeyIds) {
    if (!keyed.has(key)) problems.push(`data key ${key}: no screening uses it`);
  }
  const screeningIds = new Set(rows.screenings.map((s) => String(s.id)));
  for (const entityId of created.keys()) {
    if (!screeningIds.has(String(entityId)))
      problems.push(`audit entry screening.created ${entityId}: no such screening`);
  }
  const byAdmission = groupBy(
    rows.screenings.filter((s) => s.icu_admission_at !== null),
    (s) => Date.parse(s.icu_admission_at as string),
  );
  const createdInTrail = new Map(
    trail.filter((e) => e.action === 'screening.created').map((e) => [String(e.entityId), e] as const),
  );
  const listed = new Map(
    (
      (
        await http.expect(200, 'GET', `/api/sites/${cohort.siteId}/screenings`, undefined, {
          token: cohort.clientTokens[0],
        })
      ).json as { screenings: { id: number }[] }
    ).screenings.map((s) => [s.id, s] as const),
  );
  for (const write of journal.filter((w): w is ScreeningWrite => w.kind === 'screening')) {
    const found = byAdmission.get(Date.parse(write.icuAdmissionAt)) ?? [];
    count(write, found.length > 0);
    if (found.length > 1) problems.push(`${write.marker}: ${found.length} screenings`);
    if (write.fate === 'refused' && found.length > 0) {
      problems.push(`${write.marker}: refused with ${write.status ?? '?'} yet stored as screening ${found[0]?.id}`);
    }
    if (write.fate !== 'acknowledged') continue;
    const answered = (write.answer as { screening: { id: number } }).screening;
    if (found.length === 0) {
      problems.push(`${write.marker}: acknowledged as screening ${answered.id}, LOST after the crash`);
      continue;
    }
    if (Number(found[0]?.id) !== answered.id) {
      problems.push(`${write.marker}: acknowledged as screening ${answered.id}, stored as ${found[0]?.id}`);
    }
    if (!isDeepStrictEqual(listed.get(answered.id), answered)) {
      problems.push(
        `${write.marker}: screening ${answered.id} reads ${short(listed.get(answered.id))}, answered ${short(answered)}`,
      );
    }
    if (!isDeepStrictEqual(createdInTrail.get(String(answered.id))?.after, answered)) {
      problems.push(
        `${write.marker}: its audit entry reads ${short(createdInTrail.get(String(answered.id))?.after)}, answered ${short(answered)}`,
      );
    }
  }

  // --- Visits: the marker is the missed reason in the row and the reason of the audit entry. ---
  const visitEntries = groupBy(
    audit.filter((a) => a.action === 'visit.recorded' || a.action === 'visit.changed'),
    (a) => a.reason,
  );
  const visitTrail = new Map(
    trail.filter((e) => e.action.startsWith('visit.')).map((e) => [e.reason, e.after] as const),
  );
  const rowsWithMarker = groupBy(rows.visits, (v) => v.missed_reason);
  const visitWrites = journal.filter((w): w is VisitWrite => w.kind === 'visit');
  for (const write of visitWrites) {
    const entries = visitEntries.get(write.marker) ?? [];
    count(write, entries.length > 0);
    if (entries.length > 1) problems.push(`${write.marker}: ${entries.length} visit audit entries`);
    if (entries.some((e) => e.entity_id !== String(write.participantId))) {
      problems.push(
        `${write.marker}: audited on participant ${entries[0]?.entity_id}, sent for ${write.participantId}`,
      );
    }
    if (entries.length === 0 && rowsWithMarker.has(write.marker)) {
      problems.push(`${write.marker}: the visit record holds it, but there is no audit entry (HALF WRITTEN)`);
    }
    if (write.fate === 'refused' && entries.length > 0) {
      problems.push(`${write.marker}: refused with ${write.status ?? '?'} yet audited`);
    }
    if (write.fate !== 'acknowledged') continue;
    if (entries.length === 0) {
      problems.push(`${write.marker}: acknowledged visit ${write.visit} of participant ${write.participantId} LOST`);
      continue;
    }
    const after = visitTrail.get(write.marker) as { visit?: string; missed_reason?: string } | undefined;
    if (
      after?.visit !== write.visit ||
      after.missed_reason !== write.marker ||
      visitTrail.get(write.marker) === undefined
    ) {
      problems.push(`${write.marker}: its audit entry reads ${short(after)}`);
    }
  }
  // One participant's writes come from one client, one after the other: its record holds the last one present,
  // and a visit never written has no record (the cohort's participants get visits from the load only).
  const perVisit = groupBy(visitWrites, (w) => `${w.participantId}/${w.visit}`);
  const stored = groupBy(rows.visits, (v) => `${v.participant_id}/${v.visit_code}`);
  for (const key of new Set([...perVisit.keys(), ...stored.keys()])) {
    const last = (perVisit.get(key) ?? []).filter((w) => visitEntries.has(w.marker)).at(-1);
    const records = stored.get(key) ?? [];
    if (records.length > 1) problems.push(`visit ${key}: ${records.length} records`);
    if (records[0]?.missed_reason !== last?.marker) {
      problems.push(
        `visit ${key}: the record reads "${records[0]?.missed_reason}", the last write audited is "${last?.marker}"`,
      );
    }
  }

  // --- Profile changes: the marker is the display name, in the users row and the entry's `after`. ---
  const profileEntries = audit
    .filter((a) => a.action === 'user.profile_changed')
    .map((a) => ({ ...a, displayName: (JSON.parse(a.after_json ?? '{}') as { displayName?: string }).displayName }));
  const byName = groupBy(profileEntries, (e) => e.displayName);
  for (const write of journal.filter((w): w is ProfileWrite => w.kind === 'profile')) {
    const entries = byName.get(write.marker) ?? [];
    count(write, entries.length > 0);
    if (entries.length > 1) problems.push(`${write.marker}: ${entries.length} profile audit entries`);
    if (entries.some((e) => e.entity_id !== String(write.userId))) {
      problems.push(`${write.marker}: audited for user ${entries[0]?.entity_id}, sent by ${write.userId}`);
    }
    if (write.fate === 'refused' && entries.length > 0) {
      problems.push(`${write.marker}: refused with ${write.status ?? '?'} yet audited`);
    }
    if (write.fate === 'acknowledged' && entries.length === 0) {
      problems.push(`${write.marker}: acknowledged display name of user ${write.userId} LOST`);
    }
  }
  // Several clients share an account: its name is that of its newest entry (a row lock orders the changes).
  for (const [index, account] of cohort.coordinators.entries()) {
    const newest = profileEntries
      .filter((e) => e.entity_id === String(account.userId))
      .sort((a, b) => a.seq - b.seq)
      .at(-1);
    const expected = newest?.displayName ?? account.displayName;
    const row = rows.users.find((u) => Number(u.id) === account.userId);
    if (row?.display_name !== expected) {
      problems.push(`user ${account.username}: display name "${row?.display_name}", newest audited "${expected}"`);
    }
    if (newest !== undefined && !journal.some((w) => w.marker === newest.displayName)) {
      problems.push(`user ${account.username}: audited display name "${newest.displayName}" was never sent`);
    }
    const session = await http.expect(200, 'GET', '/api/auth/session', undefined, {
      token: cohort.clientTokens[index],
    });
    const name = (session.json as { user: { displayName: string } }).user.displayName;
    if (name !== expected)
      problems.push(`user ${account.username}: the API says "${name}", newest audited "${expected}"`);
  }

  return { problems, ...outcome, auditEntries: Number(rows.auditEntries.n) };
}

/**
 * The control: writes into the database, behind the server's back, the two half writes the inspection must
 * catch (a screening without its audit entry, a visit record whose value no audit entry has), so that a
 * clean inspection means something. Returns the lines the inspection should now report.
 */
export async function plantHalfWrites(dbUrl: string, cohort: Cohort): Promise<{ screening: string; visit: string }> {
  const database = openDatabase(dbUrl, { poolSize: 2 });
  const db = database.kysely as unknown as Kysely<AllTables>;
  try {
    const model = await db
      .selectFrom('screenings')
      .selectAll()
      .where('site_id', '=', cohort.siteId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const { id: _id, ...copy } = model;
    const planted = await db
      .insertInto('screenings')
      .values({ ...copy, icu_admission_at: '2001-01-01T00:00:00.000Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const participantId = cohort.participants[0] as number;
    const visit = await db
      .selectFrom('visit_records')
      .select('visit_code')
      .where('participant_id', '=', participantId)
      .executeTakeFirst();
    const visitCode = visit?.visit_code ?? 'D0';
    const values = { missed_reason: 'planted without an audit entry' };
    if (visit === undefined) {
      const now = new Date().toISOString();
      await db
        .insertInto('visit_records')
        .values({
          ...values,
          site_id: cohort.siteId,
          participant_id: participantId,
          visit_code: visitCode,
          protocol_version: model.protocol_version,
          outcome: 'missed',
          occurred_at: null,
          blood_drawn: null,
          no_blood_reason: null,
          tubes_json: null,
          blood_volume_ml: null,
          in_window: null,
          recorded_by: null,
          recorded_at: now,
        })
        .execute();
    } else {
      await db
        .updateTable('visit_records')
        .set(values)
        .where('participant_id', '=', participantId)
        .where('visit_code', '=', visitCode)
        .execute();
    }
    return {
      screening: `screening ${Number(planted.id)}: 0 screening.created audit entries`,
      visit: `visit ${participantId}/${visitCode}: the record reads "${values.missed_reason}"`,
    };
  } finally {
    await database.close();
  }
}
