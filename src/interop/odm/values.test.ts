import { describe, expect, it } from 'vitest';
import { studyForms } from '../../ecrf/study.ts';
import { entryFromText } from '../../ecrf/values.ts';
import { tinyStudy } from './test-study.ts';
import { missingCodeOf, odmDataType, odmValue, valueTextFromOdm } from './values.ts';

const form = studyForms(tinyStudy).get('1')!.get('vitals@2')!;
const item = (id: string) => form.items.get(id)!;

describe('ODM item values (shared by export and import)', () => {
  it('gives each item type its ODM DataType, a calculated item the type its calculation yields', () => {
    const types = Object.fromEntries(
      ['note', 'beats', 'weight', 'seen_on', 'seen_at', 'fever', 'colour', 'colours', 'double_beats'].map((id) => [
        id,
        odmDataType(item(id)),
      ]),
    );
    expect(types).toEqual({
      note: 'string',
      beats: 'integer',
      weight: 'float',
      seen_on: 'date',
      seen_at: 'datetime',
      fever: 'boolean',
      colour: 'text',
      colours: 'text',
      double_beats: 'integer',
    });
  });

  it('writes stored text as it is, a multiple choice as its codes joined by commas', () => {
    expect(odmValue(item('beats'), '72')).toBe('72');
    expect(odmValue(item('weight'), '70.5')).toBe('70.5');
    expect(odmValue(item('fever'), 'true')).toBe('true');
    expect(odmValue(item('seen_on'), '2026-03-02')).toBe('2026-03-02');
    expect(odmValue(item('seen_at'), '2026-03-02T13:20:00.000Z')).toBe('2026-03-02T13:20:00.000Z');
    expect(odmValue(item('colours'), '["red","blue"]')).toBe('red,blue');
    expect(odmValue(item('colours'), '[]')).toBe('');
    expect(odmValue(item('note'), 'a, b & "c"')).toBe('a, b & "c"');
    expect(() => odmValue(item('colours'), 'red')).toThrow(/not a JSON array/);
  });

  it('reads ODM values back to the stored text, tolerant of ODM’s other spellings', () => {
    expect(valueTextFromOdm(item('colours'), 'red,blue')).toBe('["red","blue"]');
    expect(valueTextFromOdm(item('colours'), '')).toBe('[]');
    expect(valueTextFromOdm(item('fever'), '1')).toBe('true');
    expect(valueTextFromOdm(item('fever'), '0')).toBe('false');
    expect(valueTextFromOdm(item('fever'), 'TRUE')).toBe('true');
    expect(valueTextFromOdm(item('fever'), 'yes')).toBe('yes');
    expect(valueTextFromOdm(item('beats'), '+072')).toBe('72');
    expect(valueTextFromOdm(item('weight'), '70.50')).toBe('70.5');
    expect(valueTextFromOdm(item('weight'), '1e2')).toBe('100');
    expect(valueTextFromOdm(item('weight'), 'heavy')).toBe('heavy');
    expect(valueTextFromOdm(item('seen_at'), '2026-03-02T14:20:00+01:00')).toBe('2026-03-02T13:20:00.000Z');
    expect(valueTextFromOdm(item('seen_at'), '2026-03-02T14:20:00')).toBe('2026-03-02T14:20:00');
    expect(valueTextFromOdm(item('note'), ' spaced ')).toBe(' spaced ');
  });

  it('round-trips every stored value through ODM', () => {
    const stored: [string, string][] = [
      ['note', 'free text, with a comma'],
      ['beats', '-3'],
      ['weight', '0.1'],
      ['seen_on', '2026-03-02'],
      ['seen_at', '2026-03-02T13:20:00.000Z'],
      ['fever', 'false'],
      ['colour', 'green'],
      ['colours', '["red","green","blue"]'],
      ['colours', '[]'],
      ['double_beats', '144'],
    ];
    for (const [id, text] of stored) {
      const back = valueTextFromOdm(item(id), odmValue(item(id), text));
      expect(back).toBe(text);
      expect(() => entryFromText(item(id), back)).not.toThrow();
    }
  });

  it('reads missing codes from flag values', () => {
    expect(missingCodeOf('not_done')).toBe('not_done');
    expect(missingCodeOf(' asked_refused ')).toBe('asked_refused');
    expect(missingCodeOf('NA')).toBeUndefined();
  });
});
