import { notFound } from '../../core/messages.ts';
import type { AppContext } from '../../kernel/context.ts';
import { personalKey, type PersonalKey } from '../../kernel/personal-keys.ts';
import type { StudyDb } from '../../kernel/study-db.ts';

/** The participant's data-key id; outside the caller's sites "not found", like one that does not exist. */
export async function requireParticipant(db: StudyDb, participantId: number): Promise<{ dataKeyId: number }> {
  const row = await db
    .selectFrom('participants')
    .select('data_key_id')
    .where('id', '=', participantId)
    .executeTakeFirst();
  if (row === undefined) throw notFound('participant', participantId);
  return { dataKeyId: Number(row.data_key_id) };
}

/** The key that seals audit entries about the participant's results. */
export async function participantKey(ctx: AppContext, db: StudyDb, participantId: number): Promise<PersonalKey> {
  return personalKey(ctx, db, (await requireParticipant(db, participantId)).dataKeyId);
}
