import type { StudyDb } from '../access/scoped.ts';

/**
 * Deletes everything recorded about a participant, and their data key, which makes the audit entries
 * about them unreadable (they stay in the hash chain, sealed). What remains is the destruction row: the
 * tombstone. Runs inside the approving transaction: all of it happens, or none.
 */
export async function destroyParticipantData(db: StudyDb, participantId: number): Promise<void> {
  const participant = await db
    .selectFrom('participants')
    .select(['screening_id', 'data_key_id'])
    .where('id', '=', participantId)
    .executeTakeFirstOrThrow();
  for (const table of [
    'participant_identities',
    'consents',
    'visit_records',
    'deviations',
    'clinical_events',
  ] as const) {
    await db.deleteFrom(table).where('participant_id', '=', participantId).execute();
  }
  await db
    .updateTable('destructions')
    .set({ participant_id: null })
    .where('participant_id', '=', participantId)
    .execute();
  await db.deleteFrom('participants').where('id', '=', participantId).execute();
  // The screening that led to the enrollment goes too; a later screening of the same person loses its link to it.
  const screeningId = Number(participant.screening_id);
  await db
    .updateTable('screenings')
    .set({ previous_screening_id: null })
    .where('previous_screening_id', '=', screeningId)
    .execute();
  await db.deleteFrom('screenings').where('id', '=', screeningId).execute();
  await db.deleteFrom('data_keys').where('id', '=', Number(participant.data_key_id)).execute();
}
