import type { CallContext } from '../../kernel/context.ts';
import { protocolVersion } from '../../protocol/study.ts';
import { participantStatuses, type ParticipantStatuses, type StatusMemos } from './participant-status.ts';
import { participantRecords } from './repo.ts';
import { Memo } from './memo.ts';
import type { DashboardScope } from './scope.ts';

/** Room for the schedules and done visits of a large study (a few hundred bytes each). */
const memos: StatusMemos = { schedules: new Memo(50_000), doneStatuses: new Memo(250_000) };

/**
 * Every participant of the covered sites with their visit statuses at the study clock's now, in their site's
 * time zone, under the protocol version they were enrolled under: four queries, then the protocol's rules.
 */
export async function participantsWithStatuses(
  ctx: CallContext,
  scope: DashboardScope,
): Promise<ParticipantStatuses[]> {
  const zones = new Map(scope.sites.map((s) => [s.id, s.timeZone]));
  const records = await participantRecords(scope.db);
  return records.map((record) =>
    participantStatuses(
      record,
      protocolVersion(ctx.study, record.protocolVersion),
      zones.get(record.siteId) ?? 'UTC',
      scope.now,
      memos,
    ),
  );
}
