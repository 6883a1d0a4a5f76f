import type { Kysely } from 'kysely';
import { notFound } from '../../core/messages.ts';
import type { Action } from '../../core/permissions.ts';
import type { Tables } from '../../db/tables.ts';
import { inTransaction, type AppContext, type CallContext, type Trx } from '../../kernel/context.ts';
import { personalKey, type PersonalKey } from '../../kernel/personal-keys.ts';
import { scopeFor } from '../../kernel/scope.ts';
import { studyDb, type StudyDb } from '../../kernel/study-db.ts';
import { protocolVersion, type StudyProtocol } from '../../protocol/study.ts';
import { siteOf, type SiteView } from '../sites/public.ts';
import type { ParticipantDetail } from './contract.ts';
import { loadParticipant, type ParticipantRecord } from './repo.ts';
import { toParticipantDetail } from './view.ts';

/** One participant with what every use case needs: their records, protocol version, site and data key. */
export interface OpenParticipant {
  record: ParticipantRecord;
  protocol: StudyProtocol;
  site: SiteView;
  key: PersonalKey;
  detail: ParticipantDetail;
}

/** A participant outside the caller's sites is "not found", like one that does not exist. */
export async function openParticipant(
  ctx: AppContext,
  trx: Kysely<Tables>,
  db: StudyDb,
  participantId: number,
): Promise<OpenParticipant> {
  const record = await loadParticipant(trx, db, participantId);
  if (record === undefined) throw notFound('participant', participantId);
  const protocol = protocolVersion(ctx.study, record.participant.protocol_version);
  const site = await siteOf(trx, Number(record.participant.site_id));
  const key = await personalKey(ctx, db, Number(record.participant.data_key_id));
  const detail = toParticipantDetail(record, protocol, site.timeZone, ctx.clock.now().toISOString());
  return { record, protocol, site, key, detail };
}

export interface ParticipantChange extends OpenParticipant {
  trx: Trx;
  db: StudyDb;
}

/** Work on one participant the action allows the caller to reach: in one transaction, on the caller's sites. */
export function withParticipant<T>(
  ctx: CallContext,
  action: Action,
  participantId: number,
  work: (change: ParticipantChange) => Promise<T>,
): Promise<T> {
  return openFor(ctx, action, participantId, false, work);
}

/**
 * A change to one participant (`participant.write`): the participant is claimed first (src/db/claim.ts), so
 * concurrent changes run one after the other and each checks its rules against what the one before wrote.
 */
export function claimParticipant<T>(
  ctx: CallContext,
  participantId: number,
  work: (change: ParticipantChange) => Promise<T>,
): Promise<T> {
  return openFor(ctx, 'participant.write', participantId, true, work);
}

function openFor<T>(
  ctx: CallContext,
  action: Action,
  participantId: number,
  claim: boolean,
  work: (change: ParticipantChange) => Promise<T>,
): Promise<T> {
  const scope = scopeFor(ctx, action);
  return inTransaction(ctx, async (trx) => {
    const db = studyDb(trx, scope);
    if (claim && !(await db.claim('participants', participantId))) throw notFound('participant', participantId);
    return work({ trx, db, ...(await openParticipant(ctx, trx, db, participantId)) });
  });
}

/** A change to one participant (claimed, as above); returns the participant as it reads afterwards. */
export function changeParticipant(
  ctx: CallContext,
  participantId: number,
  work: (change: ParticipantChange) => Promise<void>,
): Promise<ParticipantDetail> {
  return claimParticipant(ctx, participantId, async (change) => {
    await work(change);
    return reloadDetail(ctx, change.trx, change.db, participantId);
  });
}

/** The participant as it reads after a change, within the same transaction. */
export async function reloadDetail(
  ctx: AppContext,
  trx: Kysely<Tables>,
  db: StudyDb,
  participantId: number,
): Promise<ParticipantDetail> {
  return (await openParticipant(ctx, trx, db, participantId)).detail;
}
