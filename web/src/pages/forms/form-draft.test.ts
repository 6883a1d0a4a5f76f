import { describe, expect, it } from 'vitest';
import { calculatorsFor } from '../../../../src/ecrf/calculators.ts';
import { compileForm } from '../../../../src/ecrf/compile.ts';
import type { CaseReportForms } from '../../../../src/protocol/forms.ts';
import { caseReportForms } from '../../../../src/protocol/nct07273344/forms.ts';
import { draftOf, keyOfField, stateOf, withEntry, withRowAdded, withRowRemoved, type Draft } from './form-draft.ts';

const compile = (forms: CaseReportForms, id: string) =>
  compileForm(
    forms.forms.find((f) => f.id === id)!,
    new Map(forms.codeLists.map((l) => [l.id, l])),
    calculatorsFor(forms),
  );
const sofa = compile(caseReportForms, 'sofa2_day');
const followUp = compile(caseReportForms, 'follow_up');
const group = (form: typeof sofa, id: string) => form.definition.groups.find((g) => g.id === id)!;
const zone = 'Europe/Amsterdam';
const empty: Draft = { items: {}, rows: {} };

describe('a form as it is typed', () => {
  it('reads typed numbers with a decimal comma and in another unit, and works the calculations out', () => {
    const draft: Draft = {
      items: { pao2: { value: '9,6', unit: 'kPa' }, fio2: { value: '50', unit: '%' } },
      rows: {},
    };
    const { body, evaluation } = stateOf(sofa, draft, zone);
    expect(body.items).toEqual({ pao2: { value: 9.6, unit: 'kPa' }, fio2: { value: 50, unit: '%' } });
    expect(evaluation.calculated.pf_ratio).toBe(144);
  });

  it('names a value the item refuses under its field, and leaves it out of the calculations', () => {
    const { read, evaluation } = stateOf(
      sofa,
      { items: { gcs: { value: '12.5' }, platelets: { value: 'abc' } }, rows: {} },
      zone,
    );
    expect([...read.errors.keys()]).toEqual(['gcs', 'platelets']);
    expect(read.errors.get('gcs')?.key).toBe('ecrf.integerExpected');
    expect(evaluation.calculated.sofa2_total).toBeNull();
  });

  it('shows a value outside the soft range as a finding before any save', () => {
    const { evaluation } = stateOf(sofa, { items: { map_mmhg: { value: '160' } }, rows: {} }, zone);
    expect(evaluation.findings).toEqual([
      expect.objectContaining({ severity: 'soft', keys: ['map_mmhg'], rule: 'range' }),
    ]);
  });

  it('keeps a hidden field in the draft but does not send it', () => {
    const sedated = withEntry(empty, group(sofa, 'brain'), 0, 'sedated', { value: true });
    const withGcs = withEntry(sedated, group(sofa, 'brain'), 0, 'gcs_before_sedation', { value: '9' });
    expect(stateOf(sofa, withGcs, zone).body.items.gcs_before_sedation).toEqual({ value: 9 });
    const awake = withEntry(withGcs, group(sofa, 'brain'), 0, 'sedated', { value: false });
    expect(awake.items.gcs_before_sedation).toEqual({ value: '9' });
    expect(stateOf(sofa, awake, zone).body.items.gcs_before_sedation).toBeUndefined();
  });

  it('tells a missing code from a value, and an empty field from both', () => {
    const draft: Draft = { items: { bilirubin: { missing: 'not_done' }, creatinine: { value: ' ' } }, rows: {} };
    expect(stateOf(sofa, draft, zone).body.items).toEqual({ bilirubin: { missing: 'not_done' } });
  });

  it('asks a repeating group when its condition holds, and sends its rows by index', () => {
    const readmissions = group(followUp, 'readmissions');
    expect(stateOf(followUp, empty, zone).asked.has('readmissions')).toBe(false);
    const yes = withEntry(empty, group(followUp, 'readmission'), 0, 'readmitted', { value: true });
    expect(stateOf(followUp, yes, zone).asked.has('readmissions')).toBe(true);
    const twoRows = withRowAdded(withRowAdded(yes, 'readmissions'), 'readmissions');
    const filled = withEntry(twoRows, readmissions, 1, 'readmission_reason', { value: 'planned' });
    const state = stateOf(followUp, filled, zone);
    expect(state.body.rows).toMatchObject({ readmissions: [{}, { readmission_reason: { value: 'planned' } }] });
    expect(state.evaluation.missingRequired).toContain('readmissions[1].readmitted_on');
    const oneRow = withRowRemoved(filled, 'readmissions', 0);
    expect(oneRow.rows.readmissions).toEqual([{ id: 1, entries: { readmission_reason: { value: 'planned' } } }]);
  });

  it('drafts a saved record as it was entered: the unit typed, date-times at the site', () => {
    const baseline = compile(caseReportForms, 'labs');
    const draft = draftOf(
      baseline,
      { items: { labs_drawn_at: { value: '2026-03-02T07:30:00.000Z' } }, rows: {} },
      zone,
    );
    expect(draft.items.labs_drawn_at).toEqual({ value: '2026-03-02T08:30' });
    expect(stateOf(baseline, draft, zone).body.items.labs_drawn_at).toEqual({ value: '2026-03-02T08:30:00+01:00' });
    const day = draftOf(
      sofa,
      { items: { pao2: { value: 72, entered: { value: 9.6, unit: 'kPa' } }, sofa2_total: { value: 9 } }, rows: {} },
      zone,
    );
    expect(day.items).toEqual({ pao2: { value: '9.6', unit: 'kPa' } });
  });

  it('reads the field a refusal of a save names', () => {
    expect(keyOfField('items.gcs')).toBe('gcs');
    expect(keyOfField('rows.readmissions.1.readmitted_on')).toBe('readmissions[1].readmitted_on');
    expect(keyOfField('reason')).toBeUndefined();
  });
});
