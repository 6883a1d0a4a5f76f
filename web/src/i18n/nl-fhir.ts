import type { FhirFinding } from '../../../src/features/fhir/contract.ts';
import type { enFhir } from './en-fhir.ts';

type Params = FhirFinding['params'];
const s = (p: Params, name: string) => String(p[name] ?? '');

/** Dutch texts of pre-filling forms from the ziekenhuisdossier (merged into `nl`). */
export const nlFhir: typeof enFhir = {
  fhir: {
    heading: 'Ziekenhuisdossier (FHIR)',
    intro:
      'Laad de export van de patiënt uit het ziekenhuisdossier (een FHIR R4-bundel in JSON). Voorgestelde waarden per IC-dag en visite staan er met hun bron bij; er wordt niets ingevoerd tot je een formulier accepteert, dat dan wordt opgeslagen alsof het getypt is (dezelfde controles, hetzelfde audittrail).',
    file: 'FHIR-bundel (JSON-bestand)',
    notJson: 'Het bestand is geen JSON.',
    reading: 'De bundel wordt gelezen…',
    stay: (start: string, end: string) => `IC-opname van ${start} tot ${end}`,
    noStay: 'Geen IC-opname in de bundel: de dagen tellen vanaf de IC-opname.',
    counts: (entries: number, used: number) => `${entries} resources gelezen, waarden uit ${used}`,
    nothing: 'Niets in de bundel vult een formulier.',
    day: (n: number) => `IC-dag ${n}`,
    visit: (code: string) => `Visite ${code}`,
    item: 'Veld',
    value: 'Voorgestelde waarde',
    source: 'Uit het dossier',
    check: 'Controleren',
    yes: 'ja',
    no: 'nee',
    accept: 'Overnemen in formulier',
    accepted: 'Overgenomen',
    acceptedMessage: (slot: string) => `${slot}: opgeslagen met de voorgestelde waarden`,
    reason: 'Reden van wijziging (nodig als het formulier al compleet is)',
    findings: (n: number) => `Niet gebruikt (${n})`,
    noFindings: 'Elke resource van de bundel is gelezen.',
    kind: 'Bevinding',
    resource: 'Resource',
    kinds: {
      unknown_code: (p) => `${s(p, 'code')}: niet in de koppeling van de studie, genegeerd`,
      unit: (p) =>
        `${s(p, 'code')}: ${s(p, 'value')} ${s(p, 'unit') || '(geen eenheid)'} is niet om te rekenen naar ${s(p, 'to')}`,
      no_value: (p) => `${s(p, 'code')}: geen numerieke waarde`,
      missing_time: (p) => `${s(p, 'code')}: geen bruikbaar tijdstip, niet aan een dag of visite toegewezen`,
      outside_stay: (p) => `${s(p, 'code')} op ${s(p, 'time')}: buiten de IC-opname`,
      out_of_range: (p) =>
        `${s(p, 'item')}: ${s(p, 'value')} ${s(p, 'unit')} valt buiten wat het veld accepteert (${s(p, 'range')})`,
      conflict: (p) => `${s(p, 'item')}: verschillende waarden op hetzelfde tijdstip (${s(p, 'values')})`,
      duplicate: (p) => `${s(p, 'item') || s(p, 'resource')}: twee keer vastgelegd, één keer gelezen`,
      no_weight: (p) => `${s(p, 'code') || s(p, 'item')}: het lichaamsgewicht is nodig, maar staat niet in de bundel`,
      not_infusion: (p) => `${s(p, 'code')}: op één moment gegeven, geen continue infusie`,
      short_infusion: (p) => `${s(p, 'code')}: een infusie korter dan ${s(p, 'hours')} uur telt niet`,
      status: (p) => `${s(p, 'code')}: status ${s(p, 'status')}, genegeerd`,
      review: (p) => `${s(p, 'code')}: ${s(p, 'review')}`,
      no_icu_encounter: () => 'Geen IC-opname in de bundel: de dagen tellen vanaf de IC-opname, zonder einde',
      admission_differs: (p) =>
        `De opname begint om ${s(p, 'encounter')}, de IC-opname van de deelnemer is ${s(p, 'admission')}: de dagen tellen vanaf de IC-opname`,
    },
  },
};
