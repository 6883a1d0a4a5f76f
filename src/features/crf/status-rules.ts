import { AppError, InputError } from '../../core/errors.ts';
import type { FormStatus } from './contract.ts';
import { crfMessages } from './messages.ts';

/**
 * The life of a form record: in progress → complete → source-verified → signed, with a lock beside it (a locked
 * form keeps its status underneath and shows as locked). Editing a complete form needs a reason for change; it
 * voids a verification and a signature (they were about the old data), and the form stays complete only while
 * every required item has an entry. Pure: the service runs these inside the transaction that claimed the form.
 */
export type RecordStatus = Exclude<FormStatus, 'not_started' | 'locked'>;

const order: readonly RecordStatus[] = ['in_progress', 'complete', 'verified', 'signed'];

export interface SaveOutcome {
  status: RecordStatus;
  /** The verification, or the signature, no longer holds. */
  voidsVerification: boolean;
  voidsSignature: boolean;
}

export function afterSave(
  current: RecordStatus | undefined,
  changed: boolean,
  missingRequired: number,
  reason: string | null | undefined,
): SaveOutcome {
  if (current === undefined || current === 'in_progress' || !changed) {
    return { status: current ?? 'in_progress', voidsVerification: false, voidsSignature: false };
  }
  if (reason == null) throw new InputError('reason', crfMessages.reasonForChange({ status: current }));
  return {
    status: missingRequired === 0 ? 'complete' : 'in_progress',
    voidsVerification: current === 'verified' || current === 'signed',
    voidsSignature: current === 'signed',
  };
}

/** The status a transition needs, the status it gives. */
export const transitions = {
  complete: { from: 'in_progress', to: 'complete' },
  verify: { from: 'complete', to: 'verified' },
  sign: { from: 'verified', to: 'signed' },
} as const satisfies Record<string, { from: RecordStatus; to: RecordStatus }>;
export type Transition = keyof typeof transitions;

/** Checks a transition from the record's current status (a conflict: someone else may have moved it). */
export function checkTransition(transition: Transition, current: RecordStatus): RecordStatus {
  const { from, to } = transitions[transition];
  if (current !== from) throw new AppError('conflict', crfMessages.wrongStatus({ status: current, needed: from }));
  return to;
}

/** Completion needs every required item to hold an entry or a missing code. */
export function checkCompletable(missingRequired: readonly string[]): void {
  if (missingRequired.length > 0) {
    throw new AppError('conflict', crfMessages.incomplete({ items: missingRequired.slice(0, 10).join(', ') }));
  }
}

export function isRecordStatus(value: string): value is RecordStatus {
  return (order as readonly string[]).includes(value);
}
