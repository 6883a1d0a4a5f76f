import type { AliquotStatus } from '../../../../src/features/dashboards/contract.ts';
import type { VisitStatus } from '../../api/types.ts';

/** Chart colours (Mantine's palette, as hex for Observable Plot), matching the status badges. */
export const visitStatusHex: Record<VisitStatus, string> = {
  done_in_window: '#12b886',
  done_out_of_window: '#fd7e14',
  due: '#339af0',
  overdue: '#fa5252',
  missed: '#343a40',
  not_yet_due: '#adb5bd',
  not_applicable: '#e9ecef',
};

export const aliquotStatusHex: Record<AliquotStatus, string> = {
  stored: '#12b886',
  unplaced: '#fab005',
  in_transit: '#339af0',
  used: '#868e96',
  destroyed: '#fa5252',
};
