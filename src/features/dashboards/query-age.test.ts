import { describe, expect, it } from 'vitest';
import { itemOfKey, missingItems, queryAgeBucket } from './query-age.ts';

describe('query age buckets', () => {
  const now = '2027-06-01T12:00:00.000Z';
  it('splits at 7 and 30 whole days', () => {
    expect(queryAgeBucket('2027-06-01T11:00:00.000Z', now)).toBe('under_7_days');
    expect(queryAgeBucket('2027-05-25T12:00:01.000Z', now)).toBe('under_7_days');
    expect(queryAgeBucket('2027-05-25T12:00:00.000Z', now)).toBe('days_7_to_30');
    expect(queryAgeBucket('2027-05-01T12:00:00.000Z', now)).toBe('over_30_days'); // 31 days
    expect(queryAgeBucket('2027-05-01T12:00:01.000Z', now)).toBe('days_7_to_30'); // 30 days and 23:59:59
  });
  it('reads offsets', () => {
    expect(queryAgeBucket('2027-05-25T14:00:00+02:00', now)).toBe('days_7_to_30');
  });
});

describe('missing items', () => {
  it('names the item of a repeating row once', () => {
    expect(itemOfKey('weight')).toBe('weight');
    expect(itemOfKey('drugs[2].dose')).toBe('dose');
    expect(missingItems(JSON.stringify({ missingRequired: ['drugs[0].dose', 'drugs[1].dose', 'sex'] }))).toEqual([
      'dose',
      'sex',
    ]);
    expect(missingItems('{}')).toEqual([]);
  });
});
