import type { DestructionRow } from '../participants/repo.ts';
import type { DestructionView } from './contract.ts';

export function toDestructionView(row: DestructionRow): DestructionView {
  return {
    id: Number(row.id),
    siteId: Number(row.site_id),
    studyId: row.study_id,
    participantId: row.participant_id === null ? null : Number(row.participant_id),
    reason: row.reason === 'consent_refused' ? 'consent_refused' : 'withdrawal',
    destroyData: row.destroy_data === 1,
    destroySamples: row.destroy_samples === 1,
    requestedBy: row.requested_by_name,
    requestedAt: row.requested_at,
    status: row.status as DestructionView['status'],
    decidedBy: row.decided_by_name,
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
  };
}
