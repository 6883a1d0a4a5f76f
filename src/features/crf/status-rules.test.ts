import { describe, expect, it } from 'vitest';
import { AppError, InputError } from '../../core/errors.ts';
import { afterSave, checkCompletable, checkTransition } from './status-rules.ts';

describe('a form’s status through a save', () => {
  it('stays in progress while it is being entered, with no reason needed', () => {
    expect(afterSave(undefined, true, 5, null)).toEqual({
      status: 'in_progress',
      voidsVerification: false,
      voidsSignature: false,
    });
    expect(afterSave('in_progress', true, 0, null).status).toBe('in_progress');
  });

  it('needs a reason for change once complete', () => {
    expect(() => afterSave('complete', true, 0, null)).toThrow(InputError);
    expect(() => afterSave('signed', true, 0, undefined)).toThrow(/give the reason for the change/);
  });

  it('voids a verification, and a signature, when the data change', () => {
    expect(afterSave('verified', true, 0, 'typo')).toEqual({
      status: 'complete',
      voidsVerification: true,
      voidsSignature: false,
    });
    expect(afterSave('signed', true, 0, 'typo')).toEqual({
      status: 'complete',
      voidsVerification: true,
      voidsSignature: true,
    });
  });

  it('goes back to in progress when a change leaves a required item empty', () => {
    expect(afterSave('complete', true, 1, 'value removed').status).toBe('in_progress');
  });

  it('keeps everything when nothing entered changed', () => {
    expect(afterSave('signed', false, 0, null)).toEqual({
      status: 'signed',
      voidsVerification: false,
      voidsSignature: false,
    });
  });
});

describe('transitions', () => {
  it('complete → verified → signed, each only from the status before it', () => {
    expect(checkTransition('complete', 'in_progress')).toBe('complete');
    expect(checkTransition('verify', 'complete')).toBe('verified');
    expect(checkTransition('sign', 'verified')).toBe('signed');
    expect(() => checkTransition('sign', 'complete')).toThrow(AppError);
    expect(() => checkTransition('verify', 'verified')).toThrow(
      /the form is verified; this needs a form that is complete/,
    );
  });

  it('refuses completion while required items have no entry, naming them', () => {
    expect(() => checkCompletable(['gcs', 'platelets'])).toThrow(/gcs, platelets/);
    expect(() => checkCompletable([])).not.toThrow();
  });
});
