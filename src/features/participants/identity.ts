import { AppError, InputError } from '../../core/errors.ts';
import { allowsHeldAtSite } from '../../core/permissions.ts';
import { seal, unsealText } from '../../core/sealing.ts';
import { audit, type CallContext, type Trx } from '../../kernel/context.ts';
import type { PersonalKey } from '../../kernel/personal-keys.ts';
import { normalizedHospitalNumber } from '../../kernel/site-secret.ts';
import type { StudyDb } from '../../kernel/study-db.ts';
import type { IdentityInput, IdentityView } from './contract.ts';
import { claimParticipant, withParticipant } from './load.ts';
import { participantMessages } from './messages.ts';

const context = (participantId: number) => `identity:${participantId}`;

/**
 * Identity is for the site's own staff: a role that allows `identity.read` held at that very site. A role
 * held at every site (the coordinating centre) does not reach identities — identifying data stays at the site.
 */
function requireIdentityAccess(ctx: CallContext, siteId: number): void {
  const allowed = ctx.caller.kind === 'user' && allowsHeldAtSite(ctx.caller.memberships, 'identity.read', siteId);
  if (!allowed) throw new AppError('forbidden', participantMessages.identityForSiteStaff());
}

/** Reads a participant's identity; every read is in the audit trail (who, when — not what). */
export function readIdentity(ctx: CallContext, participantId: number): Promise<IdentityView> {
  return withParticipant(ctx, 'participant.read', participantId, async ({ trx, db, site, key }) => {
    requireIdentityAccess(ctx, site.id);
    const identity = await sealedIdentity(db, participantId, key);
    await audit(ctx, trx, { siteId: site.id, action: 'identity.read', entity: 'participant', entityId: participantId });
    return identity;
  });
}

export function updateIdentity(ctx: CallContext, participantId: number, input: IdentityInput): Promise<IdentityView> {
  return claimParticipant(ctx, participantId, async ({ trx, db, site, key }) => {
    requireIdentityAccess(ctx, site.id);
    const before = await sealedIdentity(db, participantId, key);
    if (normalizedHospitalNumber(before.hospitalNumber) !== normalizedHospitalNumber(input.hospitalNumber)) {
      throw new InputError('hospitalNumber', participantMessages.hospitalNumberFixed());
    }
    const target = { participantId, siteId: site.id, key };
    return writeIdentity(ctx, trx, db, target, input, ctx.clock.now().toISOString(), before);
  });
}

/**
 * Stores the identity sealed with the participant's data key. The audit trail names the fields that changed,
 * never their values: monitors read the trail, and identities must not reach them.
 */
export async function writeIdentity(
  ctx: CallContext,
  trx: Trx,
  db: StudyDb,
  target: { participantId: number; siteId: number; key: PersonalKey },
  input: IdentityInput,
  now: string,
  before?: IdentityView,
): Promise<IdentityView> {
  const identity: IdentityView = {
    name: input.name,
    hospitalNumber: input.hospitalNumber,
    dateOfBirth: input.dateOfBirth ?? null,
    phone: input.phone || null,
    generalPractitioner: input.generalPractitioner || null,
  };
  const sealed = seal(target.key.key, JSON.stringify(identity), context(target.participantId));
  if (before === undefined) {
    await db
      .insertInto('participant_identities', [
        { participant_id: target.participantId, site_id: target.siteId, sealed, updated_at: now },
      ])
      .execute();
  } else {
    await db
      .updateTable('participant_identities')
      .set({ sealed, updated_at: now })
      .where('participant_id', '=', target.participantId)
      .execute();
  }
  const fields = (Object.keys(identity) as (keyof IdentityView)[]).filter(
    (field) => before === undefined || before[field] !== identity[field],
  );
  await audit(ctx, trx, {
    siteId: target.siteId,
    action: before === undefined ? 'identity.created' : 'identity.changed',
    entity: 'participant',
    entityId: target.participantId,
    after: { fieldsChanged: fields },
  });
  return identity;
}

async function sealedIdentity(db: StudyDb, participantId: number, key: PersonalKey): Promise<IdentityView> {
  const row = await db
    .selectFrom('participant_identities')
    .select('sealed')
    .where('participant_id', '=', participantId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('not_found', participantMessages.noIdentity({ participantId }));
  return JSON.parse(unsealText(key.key, row.sealed, context(participantId))) as IdentityView;
}
