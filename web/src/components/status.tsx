import { Badge, type MantineColor } from '@mantine/core';
import type {
  ConsentStatus,
  DestructionView,
  FormStatus,
  ParticipantState,
  QueryStatus,
  ScreeningOutcome,
  VisitStatus,
} from '../api/types.ts';
import { useT } from '../i18n/language.tsx';

/** Status colours, in one place, so a status looks the same on every page. */
export const visitStatusColor: Record<VisitStatus, MantineColor> = {
  not_yet_due: 'gray',
  due: 'blue',
  overdue: 'red',
  done_in_window: 'teal',
  done_out_of_window: 'orange',
  missed: 'dark',
  not_applicable: 'gray',
};

export const consentStatusColor: Record<ConsentStatus, MantineColor> = {
  pending: 'yellow',
  given: 'teal',
  refused: 'red',
  withdrawn: 'gray',
};

export const stateColor: Record<ParticipantState, MantineColor> = {
  active: 'blue',
  withdrawn: 'gray',
  deceased: 'dark',
  lost_to_follow_up: 'orange',
  completed: 'teal',
};

export const outcomeColor: Record<ScreeningOutcome, MantineColor> = {
  not_eligible: 'gray',
  eligible: 'blue',
  not_approached: 'orange',
  approached: 'cyan',
  declined: 'red',
  enrolled: 'teal',
  destroyed: 'dark',
};

export const destructionColor: Record<DestructionView['status'], MantineColor> = {
  pending: 'yellow',
  carried_out: 'dark',
  rejected: 'gray',
};

export const formStatusColor: Record<FormStatus, MantineColor> = {
  not_started: 'gray',
  in_progress: 'blue',
  complete: 'cyan',
  verified: 'teal',
  signed: 'green',
  locked: 'dark',
};

export const queryStatusColor: Record<QueryStatus, MantineColor> = {
  open: 'orange',
  answered: 'blue',
  closed: 'gray',
};

const badge = { variant: 'light', tt: 'none', style: { flexShrink: 0 } } as const;

export function VisitStatusBadge({ status }: { status: VisitStatus }) {
  const t = useT();
  return (
    <Badge {...badge} color={visitStatusColor[status]} data-status={status}>
      {t.status.visit[status]}
    </Badge>
  );
}

export function ConsentBadge({ status, overdue = false }: { status: ConsentStatus; overdue?: boolean }) {
  const t = useT();
  return (
    <Badge {...badge} color={overdue ? 'red' : consentStatusColor[status]} data-status={status}>
      {t.status.consent[status]}
    </Badge>
  );
}

export function StateBadge({ state }: { state: ParticipantState }) {
  const t = useT();
  return (
    <Badge {...badge} color={stateColor[state]}>
      {t.status.state[state]}
    </Badge>
  );
}

export function OutcomeBadge({ outcome }: { outcome: ScreeningOutcome }) {
  const t = useT();
  return (
    <Badge {...badge} color={outcomeColor[outcome]}>
      {t.screening.outcomes[outcome]}
    </Badge>
  );
}

export function DestructionBadge({ status }: { status: DestructionView['status'] }) {
  const t = useT();
  return (
    <Badge {...badge} color={destructionColor[status]}>
      {t.status.destruction[status]}
    </Badge>
  );
}

/** In narrow table cells too, a form's or query's status is read whole, not cut to "Sig…". */
const whole = { miw: 'fit-content' } as const;

export function FormStatusBadge({ status }: { status: FormStatus }) {
  const t = useT();
  return (
    <Badge {...badge} {...whole} color={formStatusColor[status]} data-status={status}>
      {t.formStatus[status]}
    </Badge>
  );
}

export function QueryStatusBadge({ status }: { status: QueryStatus }) {
  const t = useT();
  return (
    <Badge {...badge} {...whole} color={queryStatusColor[status]} data-status={status}>
      {t.queryStatus[status]}
    </Badge>
  );
}

/** What a destruction destroys, in words ("data and samples"). */
export function destructionWhat(
  t: ReturnType<typeof useT>,
  destruction: Pick<DestructionView, 'destroyData' | 'destroySamples'>,
): string {
  const d = t.destructions;
  if (destruction.destroyData && destruction.destroySamples) return d.dataAndSamples;
  return destruction.destroyData ? d.dataOnly : d.samplesOnly;
}
