import { inTransaction, type CallContext } from '../../kernel/context.ts';
import { requireAtSite } from '../../kernel/scope.ts';
import { studyDb } from '../../kernel/study-db.ts';
import { formStatuses, type DataQuality, type FormStatus, type StatusMatrix } from './contract.ts';
import { scheduleColumns } from './slots.ts';
import { qualityOf, statusOf } from './view.ts';

/**
 * The site's record status dashboard: one row per participant, one cell per form and visit (the forms of every
 * ICU day in one cell: the least advanced day). Three queries whatever the number of participants.
 */
export function statusMatrix(ctx: CallContext, siteId: number): Promise<StatusMatrix> {
  const scope = requireAtSite(ctx, 'participant.read', siteId);
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    const protocol = ctx.study.current;
    const labels = new Map(protocol.forms.forms.map((f) => [f.id, f.label]));
    const columns = scheduleColumns(protocol).map((c) => ({ ...c, label: labels.get(c.form) ?? c.form }));
    const daily = new Set(protocol.forms.schedule.filter((s) => s.perIcuDay === true).map((s) => s.form));
    const participants = await db
      .selectFrom('participants')
      .select(['id', 'study_id'])
      .where('site_id', '=', siteId)
      .orderBy('study_id')
      .execute();
    const records = await db
      .selectFrom('form_records')
      .select(['id', 'participant_id', 'form_id', 'slot', 'status', 'locked_at'])
      .where('site_id', '=', siteId)
      .execute();
    const queries = await db
      .selectFrom('queries')
      .select(['record_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('site_id', '=', siteId)
      .where('status', 'in', ['open', 'answered'])
      .groupBy('record_id')
      .execute();
    const openByRecord = new Map(queries.map((q) => [Number(q.record_id), Number(q.n)]));
    const cells = new Map<number, StatusMatrix['participants'][number]['cells']>();
    for (const record of records) {
      const participantCells = cells.get(Number(record.participant_id)) ?? {};
      cells.set(Number(record.participant_id), participantCells);
      const status = statusOf(record);
      const openQueries = openByRecord.get(Number(record.id)) ?? 0;
      if (daily.has(record.form_id)) {
        const key = `${record.form_id}/days`;
        const cell = participantCells[key];
        participantCells[key] =
          cell === undefined
            ? { status, openQueries, days: 1 }
            : {
                status: leastAdvanced(cell.status, status),
                openQueries: cell.openQueries + openQueries,
                days: (cell.days ?? 0) + 1,
              };
      } else {
        participantCells[`${record.form_id}/${record.slot}`] = { status, openQueries };
      }
    }
    return {
      columns,
      participants: participants.map((p) => ({
        participantId: Number(p.id),
        studyId: p.study_id,
        cells: cells.get(Number(p.id)) ?? {},
      })),
    };
  });
}

function leastAdvanced(a: FormStatus, b: FormStatus): FormStatus {
  return formStatuses.indexOf(a) <= formStatuses.indexOf(b) ? a : b;
}

/** The site's data-quality report: forms with findings or missing required items, and visits out of window. */
export function dataQuality(ctx: CallContext, siteId: number): Promise<DataQuality> {
  const scope = requireAtSite(ctx, 'participant.read', siteId);
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    const records = await db
      .selectFrom('form_records')
      .innerJoin('participants', 'participants.id', 'form_records.participant_id')
      .selectAll('form_records')
      .select('participants.study_id')
      .where('form_records.site_id', '=', siteId)
      .where((eb) => eb.or([eb('missing_required', '>', 0), eb('hard_findings', '>', 0), eb('soft_findings', '>', 0)]))
      .orderBy('participants.study_id')
      .orderBy('form_records.form_id')
      .orderBy('form_records.slot')
      .execute();
    const outOfWindow = await db
      .selectFrom('visit_records')
      .innerJoin('participants', 'participants.id', 'visit_records.participant_id')
      .select([
        'visit_records.participant_id',
        'participants.study_id',
        'visit_records.visit_code',
        'visit_records.occurred_at',
      ])
      .where('visit_records.site_id', '=', siteId)
      .where('visit_records.in_window', '=', 0)
      .orderBy('participants.study_id')
      .execute();
    const open = await db
      .selectFrom('queries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('site_id', '=', siteId)
      .where('status', 'in', ['open', 'answered'])
      .executeTakeFirstOrThrow();
    const listed = records.map((r) => {
      const quality = qualityOf(r);
      return {
        participantId: Number(r.participant_id),
        studyId: r.study_id,
        form: r.form_id,
        slot: r.slot,
        status: statusOf(r),
        missingRequired: [...quality.missingRequired],
        findings: quality.findings.map((f) => ({ ...f, keys: [...f.keys] })),
      };
    });
    const count = (severity: 'hard' | 'soft') =>
      listed.reduce((n, r) => n + r.findings.filter((f) => f.severity === severity).length, 0);
    return {
      records: listed,
      outOfWindow: outOfWindow.map((v) => ({
        participantId: Number(v.participant_id),
        studyId: v.study_id,
        visit: v.visit_code,
        occurredAt: v.occurred_at,
      })),
      totals: {
        records: listed.length,
        missingRequired: listed.reduce((n, r) => n + r.missingRequired.length, 0),
        hardFindings: count('hard'),
        softFindings: count('soft'),
        openQueries: Number(open.n),
        outOfWindow: outOfWindow.length,
      },
    };
  });
}
