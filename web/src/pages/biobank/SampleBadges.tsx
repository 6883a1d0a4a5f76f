import { Badge, type MantineColor } from '@mantine/core';
import type { AliquotStatus, Receipt, ShipmentStatus, TubeStatus } from '../../api/biobank-types.ts';
import { useT } from '../../i18n/language.tsx';

/** Biobank status colours, in one place, so that a status looks the same on every page. */
const aliquotColor: Record<AliquotStatus, MantineColor> = {
  unplaced: 'yellow',
  stored: 'teal',
  in_transit: 'blue',
  used: 'gray',
  destroyed: 'dark',
};
const tubeColor: Record<TubeStatus, MantineColor> = {
  received: 'yellow',
  processed: 'teal',
  used: 'gray',
  destroyed: 'dark',
};
const shipmentColor: Record<ShipmentStatus, MantineColor> = { prepared: 'yellow', sent: 'blue', received: 'teal' };
const receiptColor: Record<Receipt, MantineColor> = { received: 'teal', missing: 'red', damaged: 'orange' };

const badge = { variant: 'light', tt: 'none', miw: 'max-content', style: { flexShrink: 0 } } as const;

export function AliquotStatusBadge({ status }: { status: AliquotStatus }) {
  const t = useT();
  return (
    <Badge {...badge} color={aliquotColor[status]} data-status={status}>
      {t.samples.aliquotStatus[status]}
    </Badge>
  );
}

export function TubeStatusBadge({ status }: { status: TubeStatus }) {
  const t = useT();
  return (
    <Badge {...badge} color={tubeColor[status]} data-status={status}>
      {t.samples.tubeStatus[status]}
    </Badge>
  );
}

export function ShipmentStatusBadge({ status }: { status: ShipmentStatus }) {
  const t = useT();
  return (
    <Badge {...badge} color={shipmentColor[status]} data-status={status}>
      {t.shipments.status[status]}
    </Badge>
  );
}

export function ReceiptBadge({ receipt }: { receipt: Receipt }) {
  const t = useT();
  return (
    <Badge {...badge} color={receiptColor[receipt]}>
      {t.shipments.receipts[receipt]}
    </Badge>
  );
}

/** A pre-analytical delay past the sample type's limit. */
export function DelayBadge() {
  const t = useT();
  return (
    <Badge {...badge} color="red" variant="filled">
      {t.samples.delayExceeded}
    </Badge>
  );
}
