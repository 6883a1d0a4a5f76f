import { carryForward } from '../../clinical/sofa/carry-forward.ts';
import { organs, type Organ } from '../../clinical/sofa/result.ts';
import { notFound } from '../../core/messages.ts';
import { inTransaction, type CallContext } from '../../kernel/context.ts';
import { scopeFor } from '../../kernel/scope.ts';
import { studyDb } from '../../kernel/study-db.ts';
import type { StudyProtocol } from '../../protocol/study.ts';
import { protocolVersion } from '../../protocol/study.ts';
import type { SofaDays } from './contract.ts';
import { findParticipant } from './repo.ts';
import { statusOf } from './view.ts';

/**
 * SOFA-2 over the ICU stay from the daily forms: each day's organ scores as its form calculated them, and an
 * organ without data carried forward from the day before (the first day scores it 0), as the clinical engine's
 * multi-day scorer does. Worked out on every read from the stored day scores, so it is never stale either.
 */
export function sofaDaysOf(ctx: CallContext, participantId: number): Promise<SofaDays> {
  const scope = scopeFor(ctx, 'participant.read');
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    const participant = await findParticipant(db, participantId);
    if (participant === undefined) throw notFound('participant', participantId);
    const scored = dailySofaForm(protocolVersion(ctx.study, participant.protocolVersion));
    if (scored === undefined) return { form: null, days: [] };
    const records = await db
      .selectFrom('form_records')
      .selectAll()
      .where('participant_id', '=', participantId)
      .where('form_id', '=', scored.form)
      .execute();
    const items = await db
      .selectFrom('item_data')
      .select(['record_id', 'item_id', 'value_text'])
      .where('participant_id', '=', participantId)
      .where('item_id', 'in', [...scored.organItems.keys()])
      .where('record_id', 'in', records.length === 0 ? [0] : records.map((r) => Number(r.id)))
      .execute();
    const days = records
      .map((record) => ({ record, day: Number(/^day-(\d+)$/.exec(record.slot)?.[1] ?? 0) }))
      .filter((d) => d.day > 0)
      .sort((a, b) => a.day - b.day);
    const points = days.map(({ record }) => {
      const scores = Object.fromEntries(organs.map((organ) => [organ, null])) as Record<Organ, number | null>;
      for (const item of items.filter((i) => Number(i.record_id) === Number(record.id))) {
        const organ = scored.organItems.get(item.item_id);
        if (organ !== undefined && item.value_text !== null) scores[organ] = Number(item.value_text);
      }
      return scores;
    });
    const carried = carryForward(points);
    return {
      form: scored.form,
      days: days.map(({ record, day }, i) => ({
        day,
        slot: record.slot,
        status: statusOf(record),
        ...carried[i]!,
      })),
    };
  });
}

/** The daily form whose calculated items are the SOFA-2 calculator's organ scores, and which item is which organ. */
function dailySofaForm(protocol: StudyProtocol): { form: string; organItems: Map<string, Organ> } | undefined {
  for (const entry of protocol.forms.schedule.filter((s) => s.perIcuDay === true)) {
    const form = protocol.forms.forms.find((f) => f.id === entry.form);
    const organItems = new Map<string, Organ>();
    for (const item of form?.groups.flatMap((g) => g.items) ?? []) {
      const calculation = item.calculation;
      if (calculation === undefined || !('calculator' in calculation) || calculation.calculator !== 'sofa2') continue;
      const organ = organs.find((o) => o === calculation.output);
      if (organ !== undefined) organItems.set(item.id, organ);
    }
    if (organItems.size > 0) return { form: entry.form, organItems };
  }
  return undefined;
}
