import type { StudyDb } from '../../kernel/study-db.ts';

/**
 * Deletes everything recorded about a participant, and their data key, which makes the audit entries
 * about them unreadable (they stay in the hash chain, sealed). What remains is the destruction row (the
 * tombstone), the screening's place in the flow, and the samples without their link to the participant (their
 * destruction tasks are the lab's). Runs inside the approving transaction: all or nothing.
 */
export async function destroyParticipantData(db: StudyDb, everySite: StudyDb, participantId: number): Promise<void> {
  const participant = await db
    .selectFrom('participants')
    .select(['screening_id', 'data_key_id'])
    .where('id', '=', participantId)
    .executeTakeFirstOrThrow();
  for (const table of [
    'query_messages',
    'queries',
    'item_data',
    'form_records',
    'data_locks',
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
  // The physical samples outlive the data until their destruction tasks are done: they lose the link to the
  // participant, wherever they are now (`everySite`: shipped to another site). Lab results are data: deleted.
  await everySite.deleteFrom('lab_results').where('participant_id', '=', participantId).execute();
  for (const table of ['custody_events', 'aliquots', 'tubes'] as const) {
    await everySite
      .updateTable(table)
      .set({ participant_id: null })
      .where('participant_id', '=', participantId)
      .execute();
  }
  await db.deleteFrom('participants').where('id', '=', participantId).execute();
  // The screening that led to the enrollment keeps its place in the study flow (screened → enrolled) and
  // nothing else; a later screening of the same person loses its link to it.
  const screeningId = Number(participant.screening_id);
  await db
    .updateTable('screenings')
    .set({ previous_screening_id: null })
    .where('previous_screening_id', '=', screeningId)
    .execute();
  await db
    .updateTable('screenings')
    .set({
      data_key_id: null,
      icu_admission_at: null,
      sex: null,
      eligibility_input_json: '{}',
      sofa2_json: null,
      notes_json: '[]',
      outcome: 'destroyed',
      outcome_reason: null,
      hospital_number_hash: null,
      previous_screening_id: null,
    })
    .where('id', '=', screeningId)
    .execute();
  await db.deleteFrom('data_keys').where('id', '=', Number(participant.data_key_id)).execute();
}
