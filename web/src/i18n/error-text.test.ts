import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { notFound } from '../../../src/core/messages.ts';
import { parseInput } from '../../../src/core/zod-input.ts';
import { siteCreate } from '../../../src/features/sites/contract.ts';
import { screeningMessages } from '../../../src/features/screening/messages.ts';
import { errorText } from './error-text.ts';

const refusal = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('accepted');
};

describe('an error as a person reads it', () => {
  const late = new InputError('screenedOn', screeningMessages.screenedAfterToday({ today: '2026-03-02' }));

  it('is the English message of the server in English', () => {
    expect(errorText(late, 'en')).toBe('screening date is after today (2026-03-02)');
  });

  it('is translated in Dutch, with its parameters, when its key has a Dutch text', () => {
    expect(errorText(late, 'nl')).toBe('de screeningsdatum ligt na vandaag (2026-03-02)');
    expect(errorText(notFound('participant', 7), 'nl')).toBe('deelnemer 7 niet gevonden');
  });

  it('names the field in a notification but not under the field itself', () => {
    const error = refusal(() => parseInput(siteCreate, { code: 'NIJ' }));
    expect(errorText(error, 'en')).toBe('name: required');
    expect(errorText(error, 'en', true)).toBe('required');
    expect(errorText(error, 'nl')).toBe('name: verplicht');
    expect(errorText(error, 'nl', true)).toBe('verplicht');
  });

  it('falls back to the English message for a key without a Dutch text', () => {
    const plain = { message: 'the CSV file is empty', key: 'stats.empty', field: 'input' };
    expect(errorText(plain, 'nl')).toBe('the CSV file is empty');
  });
});
