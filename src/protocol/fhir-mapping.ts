import { z } from 'zod';

/**
 * How a study reads the hospital record (HL7 FHIR R4, issue 15 §4), as data: which LOINC, ATC and SNOMED codes
 * fill which item of which form, in which UCUM unit, and how values over an ICU day are reduced to the one the
 * form asks for (the worst, per the form's label). The import code (src/interop/fhir) names no code, form or
 * item of its own; a study without this mapping (another protocol) has no import.
 */

const itemId = z.string().regex(/^[a-z][a-z0-9_]*$/);

/** One code of a code system: LOINC `http://loinc.org`, ATC `http://www.whocc.no/atc`, SNOMED CT `http://snomed.info/sct`. */
export const fhirCode = z.strictObject({
  system: z.string().min(1),
  code: z.string().min(1),
  /** What the code means, for people reading the mapping (docs/fhir.md) and the findings. */
  display: z.string().min(1),
});
export type FhirCode = z.output<typeof fhirCode>;

/** The item a value fills and the UCUM unit it is proposed in (the item's own unit). */
const quantityTarget = {
  codes: z.array(fhirCode).min(1),
  item: itemId,
  unit: z.string().min(1),
  /** g/mol: converts a mass concentration to a substance concentration (mg/dL ↔ µmol/L). */
  molecularWeight: z.number().positive().optional(),
  /** A value charted without a unit is taken in this unit (scores such as the GCS carry none); else refused. */
  unitWhenMissing: z.string().min(1).optional(),
};

export const dayObservationRule = z.strictObject({
  ...quantityTarget,
  /** The worst value of the day by the SOFA-2 rules: the lowest (GCS, MAP, platelets) or the highest. */
  worst: z.enum(['lowest', 'highest']),
});

/** A value of a visit: the one nearest the visit time (within the visit mapping's hours). */
export const visitObservationRule = z.strictObject(quantityTarget);

const fixedValue = z.union([z.string(), z.number(), z.boolean()]);
/** A value an item is set to when a resource is present (a procedure running that day, a drug given). */
export const itemSetting = z.strictObject({
  item: itemId,
  value: fixedValue,
  /** Shown with the proposal when the value is an assumption to check (the salt a dose is charted as). */
  check: z.string().min(1).optional(),
});

export const fhirMappingSchema = z.strictObject({
  /** Body weight (kg): turns rates in µg/min into µg/kg/min and urine output into mL/kg/h. */
  weight: z.strictObject({ codes: z.array(fhirCode).min(1), unit: z.string().min(1) }),
  /** The form filled once per ICU day (slot `day-<n>`). */
  days: z.strictObject({
    form: itemId,
    /** Day n is the n-th 24-hour block from the participant's ICU admission (as src/clinical/sofa/days.ts). */
    boundary: z.literal('admission'),
    /** Items that say which day it is: its number and its local date (at the start of the block). */
    dayItem: itemId,
    dateItem: itemId,
    observations: z.array(dayObservationRule),
    /**
     * The worst PaO2/FiO2 of the day: the PaO2 with the lowest ratio, and the FiO2 charted with it (or the last
     * charted before: FiO2 is a setting that stays until changed). SpO2 (with its FiO2) only on a day without PaO2.
     */
    oxygenation: z.strictObject({
      pao2: z.strictObject(quantityTarget),
      fio2: z.strictObject(quantityTarget),
      spo2: z.strictObject(quantityTarget),
    }),
    /** Urine output with an effectivePeriod, summed over the day and divided by weight and hours charted. */
    urineOutput: z.strictObject({
      codes: z.array(fhirCode).min(1),
      /** The unit volumes are summed in. */
      unit: z.string().min(1),
      item: itemId,
      /** The item's rate unit (per kg per hour). */
      rateUnit: z.string().min(1),
      /** The hours the rate covers, filled when the rate is below `lowBelow`. */
      hoursItem: itemId,
      lowBelow: z.number().positive(),
    }),
    /** Continuous infusions (MedicationAdministration with a period and a rate), by ATC code. */
    vasoactives: z.strictObject({
      /** A yes/no item: an infusion of at least `minHours` ran that day. */
      presenceItem: itemId,
      minHours: z.number().positive(),
      drugs: z.array(
        z.strictObject({
          codes: z.array(fhirCode).min(1),
          /** The dose item (highest rate of the day, summed over concurrent infusions); absent: `otherItem`. */
          dose: z.strictObject({ item: itemId, unit: z.string().min(1) }).optional(),
          also: z.array(itemSetting).optional(),
        }),
      ),
      /** A yes/no item for any vasoactive without a dose item of its own (vasopressin, dobutamine …). */
      otherItem: itemId,
    }),
    /** Procedures (SNOMED CT) that set items on every day their performedPeriod overlaps. */
    procedures: z.array(
      z.strictObject({
        codes: z.array(fhirCode).min(1),
        set: z.array(itemSetting),
        /** The record cannot say enough: the coordinator decides (ECMO without VV or VA). */
        review: z.string().min(1).optional(),
      }),
    ),
  }),
  /** The form filled at visits: the value nearest the visit time of each code. */
  visits: z.strictObject({
    form: itemId,
    visits: z.array(z.string().min(1)).min(1),
    /** A date-time item: when the blood was drawn (the time most proposed values share). */
    timeItem: itemId,
    /** A value further than this from the visit time is not proposed. */
    maxHoursFromVisit: z.number().positive(),
    observations: z.array(visitObservationRule),
  }),
});
export type FhirMapping = z.output<typeof fhirMappingSchema>;
export type DayObservationRule = z.output<typeof dayObservationRule>;
export type VisitObservationRule = z.output<typeof visitObservationRule>;
export type ItemSetting = z.output<typeof itemSetting>;
