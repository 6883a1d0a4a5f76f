import type { CallContext } from '../../kernel/context.ts';
import { requireAtSite, scopeFor } from '../../kernel/scope.ts';
import { studyDb } from '../../kernel/study-db.ts';
import { protocolVersion } from '../../protocol/study.ts';
import { siteOf, type SiteView } from '../sites/public.ts';
import type { ParticipantDetail, ParticipantSummary } from './contract.ts';
import { openParticipant } from './load.ts';
import { loadParticipants } from './repo.ts';
import { toParticipantDetail, toParticipantSummary } from './view.ts';

/** Every participant of a site as of now, with statuses (the site's participants list and worklists). */
export async function siteParticipants(
  ctx: CallContext,
  siteId: number,
): Promise<{ site: SiteView; participants: ParticipantDetail[] }> {
  const scope = requireAtSite(ctx, 'participant.read', siteId);
  const db = ctx.database.kysely;
  const site = await siteOf(db, siteId);
  const records = await loadParticipants(db, studyDb(db, scope), { siteId });
  const now = ctx.clock.now().toISOString();
  const participants = records.map((record) =>
    toParticipantDetail(record, protocolVersion(ctx.study, record.participant.protocol_version), site.timeZone, now),
  );
  return { site, participants };
}

export async function listParticipants(ctx: CallContext, siteId: number): Promise<ParticipantSummary[]> {
  return (await siteParticipants(ctx, siteId)).participants.map(toParticipantSummary);
}

export async function getParticipant(ctx: CallContext, participantId: number): Promise<ParticipantDetail> {
  const db = ctx.database.kysely;
  return (await openParticipant(ctx, db, studyDb(db, scopeFor(ctx, 'participant.read')), participantId)).detail;
}
