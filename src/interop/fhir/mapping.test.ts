import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fhirMappingSchema } from '../../protocol/fhir-mapping.ts';
import { protocolV1 } from '../../protocol/nct07273344/protocol.ts';
import { formItems } from './items.ts';
import { fhirMappingTable } from './mapping-doc.ts';

/** The mapping is data about the protocol's forms: every item it fills must be there, in the unit it proposes. */
describe('the FHIR mapping of NCT07273344', () => {
  const mapping = protocolV1.fhirMapping!;
  const day = formItems(protocolV1, mapping.days.form);
  const visit = formItems(protocolV1, mapping.visits.form);

  it('is valid by its schema', () => {
    expect(fhirMappingSchema.parse(mapping)).toEqual(mapping);
  });

  it('fills only items of its forms, each in the item’s own unit', () => {
    const numeric = [
      ...mapping.days.observations.map((r) => [day, r.item, r.unit] as const),
      ...(['pao2', 'fio2', 'spo2'] as const).map(
        (role) => [day, mapping.days.oxygenation[role].item, mapping.days.oxygenation[role].unit] as const,
      ),
      [day, mapping.days.urineOutput.item, mapping.days.urineOutput.rateUnit] as const,
      ...mapping.days.vasoactives.drugs.flatMap((d) =>
        d.dose === undefined ? [] : [[day, d.dose.item, d.dose.unit] as const],
      ),
      ...mapping.visits.observations.map((r) => [visit, r.item, r.unit] as const),
    ];
    for (const [items, id, unit] of numeric) {
      const item = items.get(id);
      expect(item, id).toBeDefined();
      expect(['integer', 'decimal']).toContain(item!.type);
      // GCS items carry no unit: a score.
      expect(item!.unit ?? '{score}', id).toBe(unit);
    }
    const flags = [
      mapping.days.vasoactives.presenceItem,
      mapping.days.vasoactives.otherItem,
      ...mapping.days.procedures.flatMap((p) => p.set.map((s) => s.item)),
      ...mapping.days.vasoactives.drugs.flatMap((d) => (d.also ?? []).map((s) => s.item)),
    ];
    for (const id of flags) expect(day.has(id), id).toBe(true);
    expect(day.get(mapping.days.dayItem)?.type).toBe('integer');
    expect(day.get(mapping.days.dateItem)?.type).toBe('date');
    expect(visit.get(mapping.visits.timeItem)?.type).toBe('datetime');
    expect(protocolV1.forms.schedule.find((s) => s.form === mapping.days.form)?.perIcuDay).toBe(true);
    expect(protocolV1.forms.schedule.find((s) => s.form === mapping.visits.form)?.visits).toEqual(
      mapping.visits.visits,
    );
  });

  it('maps each code to one rule per form', () => {
    const keys = (rules: { codes: { system: string; code: string }[] }[]) =>
      rules.flatMap((r) => r.codes.map((c) => `${c.system}|${c.code}`));
    const dayKeys = keys([
      ...mapping.days.observations,
      mapping.days.oxygenation.pao2,
      mapping.days.oxygenation.fio2,
      mapping.days.oxygenation.spo2,
      mapping.days.urineOutput,
      ...mapping.days.vasoactives.drugs,
      ...mapping.days.procedures,
    ]);
    expect(new Set(dayKeys).size).toBe(dayKeys.length);
    const visitKeys = keys(mapping.visits.observations);
    expect(new Set(visitKeys).size).toBe(visitKeys.length);
  });
});

describe('docs/fhir.md', () => {
  it('holds the mapping table as the data has it', () => {
    const doc = readFileSync(new URL('../../../docs/fhir.md', import.meta.url), 'utf8');
    const table = /<!-- fhir-mapping-table -->\n([\s\S]*?)\n<!-- \/fhir-mapping-table -->/.exec(doc)?.[1];
    expect(table).toBe(fhirMappingTable(protocolV1.fhirMapping!));
  });
});
