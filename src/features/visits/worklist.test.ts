import { describe, expect, it } from 'vitest';
import { protocolV1 } from '../../protocol/nct07273344/protocol.ts';
import type { VisitStatus } from '../../protocol/visit-status.ts';
import type { ParticipantDetail, VisitTimelineEntry } from '../participants/public.ts';
import { buildWorklist } from './worklist.ts';

const today = '2026-03-10';
const zone = 'Europe/Amsterdam';

function visit(code: string, status: VisitStatus, earliest: string | null, latest: string | null): VisitTimelineEntry {
  return {
    visit: code,
    name: code,
    precision: 'date',
    applicable: status !== 'not_applicable',
    target: earliest,
    earliest,
    latest,
    status,
    record: null,
  };
}

function participant(
  id: number,
  visits: VisitTimelineEntry[],
  more: Partial<ParticipantDetail> = {},
): ParticipantDetail {
  return {
    id,
    siteId: 1,
    studyId: `NIJ-00${id}`,
    protocolVersion: '1',
    enrolledAt: '2026-03-01T10:00:00Z',
    state: 'active',
    consent: { status: 'given', dueOn: null },
    nextVisit: null,
    destructionPending: false,
    screeningId: id,
    icuAdmissionAt: '2026-03-01T08:00:00Z',
    consentRoute: 'prior',
    consents: [],
    visits,
    events: [],
    deviations: [],
    withdrawal: null,
    destruction: null,
    ...more,
  };
}

const worklist = (participants: ParticipantDetail[]) => buildWorklist(participants, () => protocolV1, today, zone);
const codes = (items: { studyId: string; visit: string }[]) => items.map((i) => `${i.studyId} ${i.visit}`);

describe("a site's worklist for today", () => {
  it('lists visits due today, opening within a week, and overdue ones, the most urgent first', () => {
    const list = worklist([
      participant(1, [
        visit('D3', 'due', '2026-03-09', '2026-03-11'),
        visit('DIS', 'not_yet_due', '2026-03-16', '2026-03-20'),
      ]),
      participant(2, [
        visit('D3', 'overdue', '2026-03-05', '2026-03-07'),
        visit('DIS', 'not_yet_due', '2026-03-18', '2026-03-22'),
      ]),
      participant(3, [
        visit('D3', 'due', '2026-03-10', '2026-03-10'),
        visit('DIS', 'not_yet_due', '2026-03-12', '2026-03-14'),
      ]),
    ]);
    expect(list.today).toBe(today);
    expect(codes(list.dueToday)).toEqual(['NIJ-003 D3', 'NIJ-001 D3']);
    expect(codes(list.overdue)).toEqual(['NIJ-002 D3']);
    // A week ahead: the 12th and the 16th; the 18th is beyond.
    expect(codes(list.dueThisWeek)).toEqual(['NIJ-003 DIS', 'NIJ-001 DIS']);
  });

  it('plans the follow-up calls (M3, M12) whose window is open or opens within a month', () => {
    const list = worklist([
      participant(1, [visit('M3', 'not_yet_due', '2026-04-01', '2026-04-29')]),
      participant(2, [visit('M3', 'not_yet_due', '2026-04-20', '2026-05-18')]),
      participant(3, [visit('M12', 'due', '2026-03-01', '2026-03-29')]),
    ]);
    expect(codes(list.followUpCalls)).toEqual(['NIJ-003 M12', 'NIJ-001 M3']);
  });

  it('lists consents still pending, overdue after their due date, soonest first', () => {
    const list = worklist([
      participant(1, [], { consent: { status: 'pending', dueOn: '2026-03-16' } }),
      participant(2, [], { consent: { status: 'pending', dueOn: '2026-03-09' } }),
      participant(3, [], { consent: { status: 'given', dueOn: null } }),
    ]);
    expect(list.consentsPending).toEqual([
      { participantId: 2, studyId: 'NIJ-002', dueOn: '2026-03-09', overdue: true },
      { participantId: 1, studyId: 'NIJ-001', dueOn: '2026-03-16', overdue: false },
    ]);
  });

  it('leaves out participants whose data are about to be destroyed', () => {
    const list = worklist([
      participant(1, [visit('D3', 'overdue', '2026-03-05', '2026-03-07')], {
        destructionPending: true,
        consent: { status: 'pending', dueOn: '2026-03-09' },
      }),
    ]);
    expect([list.overdue, list.consentsPending]).toEqual([[], []]);
  });
});
