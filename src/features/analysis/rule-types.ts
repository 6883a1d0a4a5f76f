import { notFound } from '../../core/messages.ts';
import { immunoSepRules } from '../../protocol/immunotype-rules.ts';
import { classifyByRules } from '../../immunotype/rules.ts';
import type { CallContext } from '../../kernel/context.ts';
import { scopeFor } from '../../kernel/scope.ts';
import { studyDb } from '../../kernel/study-db.ts';

/**
 * A participant's rule-based immunotype at each sampled visit (immunotypes.md §1), from the current results of
 * the analytes the study's analysis definition names: shown on the participant page as soon as both exist,
 * and "unclassifiable" with the missing value named before that.
 */
export async function participantRuleTypes(ctx: CallContext, participantId: number) {
  const db = studyDb(ctx.database.kysely, scopeFor(ctx, 'participant.read'));
  const participant = await db
    .selectFrom('participants')
    .select('id')
    .where('id', '=', participantId)
    .executeTakeFirst();
  if (participant === undefined) throw notFound('participant', participantId);
  const definition = ctx.study.current.analysis;
  const { ferritinNgMl, hladrAbc } = definition.ruleMarkers;
  const results = await db
    .selectFrom('lab_results')
    .select(['visit_code', 'analyte', 'value'])
    .where('participant_id', '=', participantId)
    .where('current', '=', 1)
    .where('analyte', 'in', [ferritinNgMl, hladrAbc])
    .orderBy('id')
    .execute();
  const visits = definition.visits.filter((visit) => results.some((r) => r.visit_code === visit && r.value !== null));
  const valueAt = (visit: string, analyte: string) => {
    const found = results.filter((r) => r.visit_code === visit && r.analyte === analyte && r.value !== null);
    return found.length === 0 ? null : Number(found[found.length - 1]!.value);
  };
  return {
    ruleSet: immunoSepRules.name,
    version: immunoSepRules.version,
    visits: visits.map((visit) => {
      const values = { ferritinNgMl: valueAt(visit, ferritinNgMl), hladrAbc: valueAt(visit, hladrAbc) };
      const { immunotype, reason } = classifyByRules(values, immunoSepRules);
      return { visit, immunotype, reason, ...values };
    }),
  };
}
