import { DateTime } from 'luxon';
import type { StudyProtocol } from '../../protocol/study.ts';
import { localDate } from '../../protocol/visit-status.ts';
import type { ParticipantDetail, VisitTimelineEntry } from '../participants/public.ts';
import type { WorkItem, Worklist } from './contract.ts';

/** How far ahead the worklist looks: a week for visits, a month for follow-up calls to plan. */
const weekDays = 7;
const callPlanningDays = 30;

/**
 * A site's work for today from its participants' timelines (pure): windows open today, opening this week,
 * overdue visits, follow-up calls to plan (visits the protocol marks `followUpCall`), and consents pending
 * (overdue after their due date). Participants whose data are about to be destroyed are left out.
 */
export function buildWorklist(
  participants: readonly ParticipantDetail[],
  protocolOf: (participant: ParticipantDetail) => StudyProtocol,
  today: string,
  timeZone: string,
): Worklist {
  const plus = (days: number) => DateTime.fromISO(today, { zone: 'utc' }).plus({ days }).toISODate() ?? today;
  const weekEnd = plus(weekDays);
  const callHorizon = plus(callPlanningDays);
  const list: Worklist = { today, dueToday: [], dueThisWeek: [], overdue: [], followUpCalls: [], consentsPending: [] };

  for (const participant of participants) {
    if (participant.destructionPending) continue;
    const calls = new Set(
      protocolOf(participant)
        .visits.visits.filter((v) => v.followUpCall === true)
        .map((v) => v.code),
    );
    for (const visit of participant.visits) {
      const item = workItem(participant, visit);
      const opens = visit.earliest === null ? null : localDate(visit.earliest, timeZone);
      if (visit.status === 'overdue') list.overdue.push(item);
      if (visit.status === 'due') list.dueToday.push(item);
      const upcoming = visit.status === 'not_yet_due' && opens !== null;
      if (upcoming && opens <= weekEnd) list.dueThisWeek.push(item);
      if (calls.has(visit.visit) && (visit.status === 'due' || (upcoming && opens <= callHorizon))) {
        list.followUpCalls.push(item);
      }
    }
    if (participant.consent.status === 'pending') {
      const dueOn = participant.consent.dueOn;
      list.consentsPending.push({
        participantId: participant.id,
        studyId: participant.studyId,
        dueOn,
        overdue: dueOn !== null && dueOn < today,
      });
    }
  }
  const byLatest = (a: WorkItem, b: WorkItem) => (a.latest ?? '').localeCompare(b.latest ?? '');
  const byEarliest = (a: WorkItem, b: WorkItem) => (a.earliest ?? '').localeCompare(b.earliest ?? '');
  list.dueToday.sort(byLatest);
  list.overdue.sort(byLatest);
  list.dueThisWeek.sort(byEarliest);
  list.followUpCalls.sort(byEarliest);
  list.consentsPending.sort((a, b) => (a.dueOn ?? '').localeCompare(b.dueOn ?? ''));
  return list;
}

function workItem(participant: ParticipantDetail, visit: VisitTimelineEntry): WorkItem {
  return {
    participantId: participant.id,
    studyId: participant.studyId,
    visit: visit.visit,
    status: visit.status,
    target: visit.target,
    earliest: visit.earliest,
    latest: visit.latest,
  };
}
