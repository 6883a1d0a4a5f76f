import type { FhirMapping } from '../fhir-mapping.ts';

/**
 * What NCT07273344 reads from the hospital record (HL7 FHIR R4): the SOFA-2 inputs of each ICU day
 * (forms/sofa2-day.ts) and the routine labs at D0, D3 and DIS (forms/labs.ts). Codes and UCUM units are those of
 * reference-data.md "Codes for importing from the hospital record"; molecular weights convert mg/dL to µmol/L as
 * the forms' factors do (creatinine 113.12 g/mol: × 88.4; bilirubin 584.66 g/mol: × 17.1). docs/fhir.md shows
 * this table.
 */

const loinc = (code: string, display: string) => ({ system: 'http://loinc.org', code, display });
const atc = (code: string, display: string) => ({ system: 'http://www.whocc.no/atc', code, display });
const snomed = (code: string, display: string) => ({ system: 'http://snomed.info/sct', code, display });

const creatinineMolarMass = 113.12;
const bilirubinMolarMass = 584.66;

const bilirubin = [
  loinc('1975-2', 'Bilirubin.total [Mass/volume] in Serum or Plasma'),
  loinc('14631-6', 'Bilirubin.total [Moles/volume] in Serum or Plasma'),
];
const creatinine = [
  loinc('2160-0', 'Creatinine [Mass/volume] in Serum or Plasma'),
  loinc('14682-9', 'Creatinine [Moles/volume] in Serum or Plasma'),
];
const platelets = [loinc('777-3', 'Platelets [#/volume] in Blood by Automated count')];
const potassium = [loinc('2823-3', 'Potassium [Moles/volume] in Serum or Plasma')];
const ph = [loinc('2744-1', 'pH of Arterial blood')];
const bicarbonate = [loinc('1960-4', 'Bicarbonate [Moles/volume] in Arterial blood')];

export const fhirMapping: FhirMapping = {
  weight: { codes: [loinc('29463-7', 'Body weight')], unit: 'kg' },
  days: {
    form: 'sofa2_day',
    boundary: 'admission',
    dayItem: 'icu_day',
    dateItem: 'day_date',
    observations: [
      { codes: [loinc('8478-0', 'Mean blood pressure')], item: 'map_mmhg', unit: 'mm[Hg]', worst: 'lowest' },
      {
        codes: [loinc('9269-2', 'Glasgow coma score total')],
        item: 'gcs',
        unit: '{score}',
        unitWhenMissing: '{score}',
        worst: 'lowest',
      },
      {
        codes: [loinc('9268-4', 'Glasgow coma score motor')],
        item: 'gcs_motor',
        unit: '{score}',
        unitWhenMissing: '{score}',
        worst: 'lowest',
      },
      { codes: bilirubin, item: 'bilirubin', unit: 'umol/L', molecularWeight: bilirubinMolarMass, worst: 'highest' },
      { codes: creatinine, item: 'creatinine', unit: 'umol/L', molecularWeight: creatinineMolarMass, worst: 'highest' },
      { codes: platelets, item: 'platelets', unit: '10*3/uL', worst: 'lowest' },
      { codes: potassium, item: 'potassium', unit: 'mmol/L', worst: 'highest' },
      { codes: ph, item: 'ph', unit: '[pH]', unitWhenMissing: '[pH]', worst: 'lowest' },
      { codes: bicarbonate, item: 'bicarbonate', unit: 'mmol/L', worst: 'lowest' },
    ],
    oxygenation: {
      pao2: { codes: [loinc('2703-7', 'Oxygen [Partial pressure] in Arterial blood')], item: 'pao2', unit: 'mm[Hg]' },
      fio2: {
        codes: [
          loinc('3150-0', 'Inhaled oxygen concentration'),
          loinc('19994-3', 'Oxygen/Inspired gas setting [Volume Fraction] Ventilator'),
        ],
        item: 'fio2',
        unit: '1',
      },
      spo2: {
        codes: [loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry')],
        item: 'spo2',
        unit: '%',
      },
    },
    urineOutput: {
      codes: [loinc('9187-6', 'Urine output')],
      unit: 'mL',
      item: 'urine_output',
      rateUnit: 'mL/kg/h',
      hoursItem: 'urine_output_hours',
      lowBelow: 0.5,
    },
    vasoactives: {
      presenceItem: 'vasoactive_infusion',
      minHours: 1,
      otherItem: 'other_vasoactive',
      drugs: [
        {
          codes: [atc('C01CA03', 'norepinephrine')],
          dose: { item: 'norepinephrine_dose', unit: 'ug/kg/min' },
          also: [
            {
              item: 'norepinephrine_salt',
              value: 'base',
              check: 'the record names the drug, not the salt: check what the ICU charts the dose as',
            },
          ],
        },
        { codes: [atc('C01CA24', 'epinephrine')], dose: { item: 'epinephrine_dose', unit: 'ug/kg/min' } },
        { codes: [atc('C01CA04', 'dopamine')], dose: { item: 'dopamine_dose', unit: 'ug/kg/min' } },
        { codes: [atc('C01CA07', 'dobutamine')] },
        { codes: [atc('H01BA01', 'vasopressin')] },
        { codes: [atc('C01CA06', 'phenylephrine')] },
        { codes: [atc('C01CE02', 'milrinone')] },
      ],
    },
    procedures: [
      {
        codes: [
          snomed('40617009', 'Artificial respiration (invasive mechanical ventilation)'),
          snomed('428311008', 'Non-invasive ventilation'),
          snomed('47545007', 'Continuous positive airway pressure ventilation treatment'),
        ],
        set: [{ item: 'advanced_respiratory_support', value: true }],
      },
      {
        codes: [
          snomed('714749008', 'Continuous renal replacement therapy'),
          snomed('302497006', 'Haemodialysis'),
          snomed('233581009', 'Haemofiltration'),
        ],
        set: [
          {
            item: 'rrt',
            value: true,
            check: 'counts only for a renal indication (not for toxin or cytokine removal)',
          },
        ],
      },
      {
        codes: [snomed('786453001', 'Veno-venous extracorporeal membrane oxygenation')],
        set: [{ item: 'ecmo', value: 'respiratory' }],
      },
      {
        codes: [snomed('786451004', 'Veno-arterial extracorporeal membrane oxygenation')],
        set: [
          { item: 'ecmo', value: 'cardiac' },
          { item: 'mechanical_circulatory_support', value: true },
        ],
      },
      {
        codes: [snomed('233573008', 'Extracorporeal membrane oxygenation')],
        set: [],
        review: 'ECMO without VV or VA in the record: choose its indication in the form',
      },
    ],
  },
  visits: {
    form: 'labs',
    visits: ['D0', 'D3', 'DIS'],
    timeItem: 'labs_drawn_at',
    maxHoursFromVisit: 24,
    observations: [
      {
        codes: [loinc('6690-2', 'Leukocytes [#/volume] in Blood by Automated count')],
        item: 'leukocytes',
        unit: '10*3/uL',
      },
      {
        codes: [loinc('751-8', 'Neutrophils [#/volume] in Blood by Automated count')],
        item: 'neutrophils',
        unit: '10*3/uL',
      },
      {
        codes: [loinc('731-0', 'Lymphocytes [#/volume] in Blood by Automated count')],
        item: 'lymphocytes',
        unit: '10*3/uL',
      },
      {
        codes: [loinc('742-7', 'Monocytes [#/volume] in Blood by Automated count')],
        item: 'monocytes',
        unit: '10*3/uL',
      },
      { codes: platelets, item: 'lab_platelets', unit: '10*3/uL' },
      { codes: [loinc('1988-5', 'C reactive protein [Mass/volume] in Serum or Plasma')], item: 'crp', unit: 'mg/L' },
      {
        codes: [loinc('33959-8', 'Procalcitonin [Mass/volume] in Serum or Plasma')],
        item: 'procalcitonin',
        unit: 'ng/mL',
      },
      { codes: [loinc('2276-4', 'Ferritin [Mass/volume] in Serum or Plasma')], item: 'ferritin', unit: 'ng/mL' },
      { codes: [loinc('26881-3', 'Interleukin 6 [Mass/volume] in Serum or Plasma')], item: 'il6', unit: 'pg/mL' },
      { codes: creatinine, item: 'lab_creatinine', unit: 'umol/L', molecularWeight: creatinineMolarMass },
      { codes: bilirubin, item: 'lab_bilirubin', unit: 'umol/L', molecularWeight: bilirubinMolarMass },
      { codes: [loinc('2524-7', 'Lactate [Moles/volume] in Serum or Plasma')], item: 'lactate', unit: 'mmol/L' },
      { codes: potassium, item: 'lab_potassium', unit: 'mmol/L' },
      { codes: ph, item: 'lab_ph', unit: '[pH]', unitWhenMissing: '[pH]' },
      { codes: bicarbonate, item: 'lab_bicarbonate', unit: 'mmol/L' },
    ],
  },
};
