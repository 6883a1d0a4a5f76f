/**
 * The demo's hospitals: Radboudumc leads the study (study-protocol.md), the other Dutch academic and teaching
 * hospitals follow; past the list, numbered sites. Codes fit the site code rule (a letter, then up to 7 letters or
 * digits).
 */
const known: readonly { code: string; name: string }[] = [
  { code: 'RUMC', name: 'Radboudumc, Nijmegen' },
  { code: 'AUMC', name: 'Amsterdam UMC' },
  { code: 'UMCU', name: 'UMC Utrecht' },
  { code: 'EMC', name: 'Erasmus MC, Rotterdam' },
  { code: 'LUMC', name: 'LUMC, Leiden' },
  { code: 'UMCG', name: 'UMC Groningen' },
  { code: 'MUMC', name: 'Maastricht UMC+' },
  { code: 'CWZ', name: 'Canisius Wilhelmina Ziekenhuis, Nijmegen' },
  { code: 'RIJN', name: 'Rijnstate, Arnhem' },
  { code: 'JBZ', name: "Jeroen Bosch Ziekenhuis, 's-Hertogenbosch" },
];

export interface DemoSite {
  code: string;
  name: string;
}

export function demoSites(count: number): DemoSite[] {
  return Array.from(
    { length: count },
    (_, i) => known[i] ?? { code: `NL${String(i + 1).padStart(3, '0')}`, name: `Teaching hospital ${i + 1}` },
  );
}
