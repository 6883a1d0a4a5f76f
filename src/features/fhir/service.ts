import { AppError } from '../../core/errors.ts';
import { notFound } from '../../core/messages.ts';
import { proposeFromBundle } from '../../interop/fhir/propose.ts';
import { audit, inTransaction, type CallContext } from '../../kernel/context.ts';
import { scopeFor } from '../../kernel/scope.ts';
import { studyDb } from '../../kernel/study-db.ts';
import { protocolVersion } from '../../protocol/study.ts';
import { reloadDetail } from '../participants/public.ts';
import { siteOf } from '../sites/public.ts';
import type { FhirProposalRequest, FhirProposals } from './contract.ts';
import { fhirMessages } from './messages.ts';

/**
 * Reads a patient's FHIR Bundle against the participant's ICU admission, visits and protocol, and answers what it
 * proposes. Nothing of the bundle is stored; the audit trail records that a bundle was read for the participant,
 * with counts only (no values: those are entered, and audited, when a person accepts them into a form).
 */
export function proposeForParticipant(
  ctx: CallContext,
  participantId: number,
  request: FhirProposalRequest,
): Promise<FhirProposals> {
  const scope = scopeFor(ctx, 'participant.write');
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    const participant = await reloadDetail(ctx, trx, db, participantId);
    const protocol = protocolVersion(ctx.study, participant.protocolVersion);
    const mapping = protocol.fhirMapping;
    if (mapping === undefined) {
      throw new AppError('invalid_input', fhirMessages.noMapping({ protocol: protocol.id, version: protocol.version }));
    }
    const site = await siteOf(trx, participant.siteId);
    const proposals = proposeFromBundle({
      bundle: request.bundle,
      protocol,
      mapping,
      admission: participant.icuAdmissionAt,
      timeZone: site.timeZone,
      encounterId: request.encounterId,
      visits: participant.visits.map((visit) => ({
        visit: visit.visit,
        precision: visit.precision,
        applicable: visit.applicable,
        target: visit.target,
        occurredAt: visit.record?.occurredAt ?? null,
        missed: visit.record?.outcome === 'missed',
      })),
    });
    await audit(ctx, trx, {
      siteId: participant.siteId,
      action: 'fhir.proposed',
      entity: 'participant',
      entityId: participantId,
      after: {
        entries: proposals.counts.entries,
        days: proposals.days.length,
        visits: proposals.visits.length,
        items: [...proposals.days, ...proposals.visits].reduce((sum, slot) => sum + slot.items.length, 0),
        findings: proposals.findings.length,
      },
    });
    return proposals;
  });
}

/** The participant with this study id at the caller's sites (the command line names participants so). */
export async function participantIdOf(ctx: CallContext, studyId: string): Promise<number> {
  const db = studyDb(ctx.database.kysely, scopeFor(ctx, 'participant.write'));
  const row = await db.selectFrom('participants').select(['id']).where('study_id', '=', studyId).executeTakeFirst();
  if (row === undefined) throw notFound('participant', studyId);
  return Number(row.id);
}
