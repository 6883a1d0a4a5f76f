import { describe, expect, it } from 'vitest';
import { compileForm } from '../../ecrf/compile.ts';
import { evaluateForm } from '../../ecrf/evaluate.ts';
import type { FormDefinition } from '../../protocol/forms.ts';
import { changesBetween, entriesView, itemKey, itemsToStore, parseItemKey, readSave } from './form-data.ts';

const definition: FormDefinition = {
  id: 'cultures',
  version: '1',
  label: 'Cultures',
  groups: [
    {
      id: 'main',
      label: 'Main',
      items: [
        { id: 'taken', label: 'Taken', type: 'yes_no' },
        { id: 'note', label: 'Note', type: 'text', showWhen: 'taken' },
        { id: 'weight_kg', label: 'Weight', type: 'decimal', unit: 'kg', conversions: [{ unit: 'g', factor: 0.001 }] },
        { id: 'weight_doubled', label: 'Doubled', type: 'calculated', calculation: { expression: 'weight_kg * 2.0' } },
      ],
    },
    {
      id: 'samples',
      label: 'Samples',
      repeating: true,
      items: [{ id: 'specimen', label: 'Specimen', type: 'text' }],
    },
  ],
};
const form = compileForm(definition, new Map(), {});

describe('a save’s entries', () => {
  it('are read with the item’s rules, refusals naming items.<id> or rows.<group>.<row>.<id>', () => {
    expect(() => readSave(form, { items: { taken: { value: 'yes' } } })).toThrow(
      expect.objectContaining({ field: 'items.taken' }),
    );
    expect(() => readSave(form, { items: {}, rows: { samples: [{}, { specimen: { value: 3 } }] } })).toThrow(
      expect.objectContaining({ field: 'rows.samples.1.specimen' }),
    );
    expect(() => readSave(form, { items: { specimen: { value: 'blood' } } })).toThrow(/send it in rows.samples/);
    expect(() => readSave(form, { items: {}, rows: { main: [] } })).toThrow(
      expect.objectContaining({ field: 'rows.main' }),
    );
  });

  it('are kept when shown, with the calculated values, and read back as entered', () => {
    const data = readSave(form, {
      items: { taken: { value: false }, note: { value: 'hidden now' }, weight_kg: { value: 70500, unit: 'g' } },
      rows: { samples: [{ specimen: { value: 'blood' } }] },
    });
    const kept = itemsToStore(form, data, evaluateForm(form, data));
    expect([...kept.keys()].sort()).toEqual(['specimen#0', 'taken#0', 'weight_doubled#0', 'weight_kg#0']);
    expect(kept.get('weight_kg#0')!.entry).toEqual({
      text: '70.5',
      missing: null,
      enteredText: '70500',
      enteredUnit: 'g',
    });
    expect(kept.get('weight_doubled#0')).toMatchObject({ calculated: true, entry: { text: '141' } });
    expect(entriesView(form, kept.values())).toEqual({
      items: {
        taken: { value: false },
        weight_kg: { value: 70.5, entered: { value: 70500, unit: 'g' } },
        weight_doubled: { value: 141 },
      },
      rows: { samples: [{ specimen: { value: 'blood' } }] },
    });
  });
});

describe('what a save changes', () => {
  it('lists added, changed and removed entries only', () => {
    const store = (items: Record<string, unknown>) => {
      const data = readSave(form, { items: items as never });
      return itemsToStore(form, data, evaluateForm(form, data));
    };
    const before = store({ taken: { value: true }, note: { value: 'a' }, weight_kg: { value: 70 } });
    const after = store({ taken: { value: true }, note: { value: 'b' } });
    expect(
      changesBetween(before, after).map((c) => [c.itemId, c.before?.entry.text ?? null, c.after?.entry.text ?? null]),
    ).toEqual([
      ['note', 'a', 'b'],
      ['weight_kg', '70', null],
      ['weight_doubled', '140', null],
    ]);
  });
});

describe('item keys', () => {
  it('name an item, or a row of a repeating group, and read back', () => {
    expect(itemKey(form, 'specimen', 2)).toBe('samples[2].specimen');
    expect(itemKey(form, 'note', 0)).toBe('note');
    expect(parseItemKey(form, 'samples[2].specimen')).toMatchObject({ row: 2 });
    expect(parseItemKey(form, 'specimen')).toBeUndefined();
    expect(parseItemKey(form, 'main[0].note')).toBeUndefined();
  });
});
