import { Badge, type MantineColor } from '@mantine/core';
import type { RunSummary } from '../../../../src/features/analysis/contract.ts';
import { useT } from '../../i18n/language.tsx';

const runStatusColor: Record<RunSummary['status'], MantineColor> = {
  running: 'blue',
  finished: 'teal',
  failed: 'red',
  cancelled: 'gray',
};

/** An analysis run's status, coloured as the other status badges are. */
export function RunStatusBadge({ status }: { status: RunSummary['status'] }) {
  const t = useT();
  return (
    <Badge variant="light" tt="none" style={{ flexShrink: 0 }} color={runStatusColor[status]} data-status={status}>
      {t.analysis.statuses[status]}
    </Badge>
  );
}
