import type { FhirCode, FhirMapping } from '../../protocol/fhir-mapping.ts';

/**
 * The mapping as a Markdown table (docs/fhir.md holds it; a test keeps the two the same): each code, what it is,
 * the form and item it fills, the unit it is proposed in, and how a day or visit reduces several values to one.
 */
export function fhirMappingTable(mapping: FhirMapping): string {
  const rows: string[][] = [];
  const codes = (list: readonly FhirCode[]) =>
    list.map((c) => `${systemName(c.system)} \`${c.code}\` ${c.display}`).join('<br>');
  const mw = (value: number | undefined) => (value === undefined ? '' : ` (${value} g/mol)`);
  const { days, visits } = mapping;
  rows.push([
    codes(mapping.weight.codes),
    '—',
    'body weight',
    `\`${mapping.weight.unit}\``,
    'last charted before; converts µg/min and urine volumes per kg',
  ]);
  for (const rule of days.observations) {
    rows.push([
      codes(rule.codes),
      days.form,
      rule.item,
      `\`${rule.unit}\`${mw(rule.molecularWeight)}`,
      `${rule.worst} of the ICU day`,
    ]);
  }
  rows.push([
    codes(days.oxygenation.pao2.codes),
    days.form,
    days.oxygenation.pao2.item,
    `\`${days.oxygenation.pao2.unit}\``,
    'the PaO2 of the lowest PaO2/FiO2 of the day',
  ]);
  rows.push([
    codes(days.oxygenation.fio2.codes),
    days.form,
    days.oxygenation.fio2.item,
    `\`${days.oxygenation.fio2.unit}\``,
    'charted with that PaO2 (or SpO2), or last before it',
  ]);
  rows.push([
    codes(days.oxygenation.spo2.codes),
    days.form,
    days.oxygenation.spo2.item,
    `\`${days.oxygenation.spo2.unit}\``,
    'lowest SpO2/FiO2, on a day without PaO2',
  ]);
  const urine = days.urineOutput;
  rows.push([
    codes(urine.codes),
    days.form,
    `${urine.item}, ${urine.hoursItem}`,
    `\`${urine.unit}\` → \`${urine.rateUnit}\``,
    `summed over the day ÷ weight ÷ hours charted; hours when below ${urine.lowBelow}`,
  ]);
  const vaso = days.vasoactives;
  for (const drug of vaso.drugs) {
    const also = (drug.also ?? []).map((s) => `; ${s.item} = ${String(s.value)} (to check)`).join('');
    rows.push([
      codes(drug.codes),
      days.form,
      drug.dose === undefined ? `${vaso.otherItem} = yes` : `${drug.dose.item}, ${vaso.presenceItem} = yes`,
      drug.dose === undefined ? '' : `\`${drug.dose.unit}\` (µg/min ÷ weight)`,
      `${drug.dose === undefined ? 'any infusion' : 'highest rate running, concurrent infusions summed'} of ≥ ${vaso.minHours} h${also}`,
    ]);
  }
  for (const procedure of days.procedures) {
    const set = procedure.set.map((s) => `${s.item} = ${String(s.value)}`).join(', ');
    rows.push([
      codes(procedure.codes),
      days.form,
      set === '' ? '—' : set,
      '',
      procedure.review ?? 'every day its period overlaps',
    ]);
  }
  for (const rule of visits.observations) {
    rows.push([
      codes(rule.codes),
      `${visits.form} (${visits.visits.join(', ')})`,
      rule.item,
      `\`${rule.unit}\`${mw(rule.molecularWeight)}`,
      `nearest the visit, within ${visits.maxHoursFromVisit} h`,
    ]);
  }
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(['code', 'form', 'item', 'unit', 'rule']),
    line(['---', '---', '---', '---', '---']),
    ...rows.map(line),
  ].join('\n');
}

function systemName(system: string): string {
  if (system === 'http://loinc.org') return 'LOINC';
  if (system === 'http://snomed.info/sct') return 'SNOMED CT';
  if (system === 'http://www.whocc.no/atc') return 'ATC';
  return system;
}
