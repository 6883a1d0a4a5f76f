import { describe, expect, it } from 'vitest';
import { rng } from '../../stats/random.ts';
import { drawSeverity, immunotypes, type Immunotype } from './immunotypes.ts';
import { atSeverity, drawOutcomes, type PlantedOutcomes } from './outcomes.ts';
import { plantParticipant } from './participant.ts';

const n = 2000;
const share = <T>(xs: T[], test: (x: T) => boolean) => xs.filter(test).length / xs.length;
const diedBy = (day: number) => (o: PlantedOutcomes) => o.deathDay !== null && o.deathDay <= day;

/** A cohort of the model: types in their prevalences. */
const cohort = (seed: number) => {
  const r = rng(seed);
  return Array.from({ length: n }, () => plantParticipant(r).outcomes);
};
/** A cohort of one type, to compare types without the noise of small groups. */
const ofType = (type: Immunotype, seed: number) => {
  const r = rng(seed);
  return Array.from({ length: n }, () => drawOutcomes(r, type, drawSeverity(r)));
};

const everyone = cohort(1);
const hospitalSurvivors = everyone.filter((o) => o.dischargeDay !== null);
const byType = Object.fromEntries(immunotypes.map((type, i) => [type, ofType(type, 100 + i)])) as Record<
  Immunotype,
  PlantedOutcomes[]
>;

describe('outcomes of a planted immunotype', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(drawOutcomes(rng(3), 'mals', 0.5)).toEqual(drawOutcomes(rng(3), 'mals', 0.5));
    expect(cohort(1)).toEqual(everyone);
    expect(cohort(2)).not.toEqual(everyone);
  });

  it('give a 28-day mortality of 20–30 % overall, highest in MALS and lowest in the adaptive type', () => {
    const mortality28 = share(everyone, diedBy(28));
    expect(mortality28).toBeGreaterThan(0.2);
    expect(mortality28).toBeLessThan(0.3);
    const of = (type: Immunotype) => share(byType[type], diedBy(28));
    expect(of('mals')).toBeGreaterThan(0.38);
    expect(of('mals')).toBeGreaterThan(of('hyperinflammatory'));
    expect(of('mals')).toBeGreaterThan(of('immunoparalysis'));
    expect(of('adaptive')).toBeLessThan(of('hyperinflammatory'));
  });

  it('kill ~9 % of hospital survivors by 3 months and ~18 % by 12 months after discharge', () => {
    const deadWithin = (days: number) =>
      share(hospitalSurvivors, (o) => o.deathDay !== null && o.deathDay <= o.dischargeDay! + days);
    expect(deadWithin(91)).toBeGreaterThan(0.06);
    expect(deadWithin(91)).toBeLessThan(0.12);
    expect(deadWithin(365)).toBeGreaterThan(0.14);
    expect(deadWithin(365)).toBeLessThan(0.22);
  });

  it('re-admit ~40 % of hospital survivors; new infections 10–25 %; cardiovascular events 3–9 %', () => {
    const readmitted = share(hospitalSurvivors, (o) => o.readmissionDays.length > 0);
    expect(readmitted).toBeGreaterThan(0.33);
    expect(readmitted).toBeLessThan(0.47);
    const infected = share(everyone, (o) => o.infectionDays.length > 0);
    expect(infected).toBeGreaterThan(0.1);
    expect(infected).toBeLessThan(0.25);
    const cardiovascular = share(everyone, (o) => o.cardiovascularDays.length > 0);
    expect(cardiovascular).toBeGreaterThan(0.03);
    expect(cardiovascular).toBeLessThan(0.09);
  });

  it('give immunoparalysis more late deaths and more new infections than the adaptive type', () => {
    const late = (type: Immunotype) => {
      const survivors = byType[type].filter((o) => o.dischargeDay !== null);
      return share(survivors, (o) => o.deathDay !== null);
    };
    expect(late('immunoparalysis')).toBeGreaterThan(late('adaptive') + 0.05);
    const infected = (type: Immunotype) => share(byType[type], (o) => o.infectionDays.length > 0);
    expect(infected('immunoparalysis')).toBeGreaterThan(infected('adaptive') + 0.08);
  });

  it('die more often when sicker: severity raises the risk, averaging back to the type risk', () => {
    expect(atSeverity(0.3, 0.6, 1)).toBeGreaterThan(0.3);
    expect(atSeverity(0.3, 0.6, -1)).toBeLessThan(0.3);
    // The average over severity ~ N(0, 1), by the trapezium rule on ±8 SD.
    let average = 0;
    for (let z = -8; z <= 8; z += 0.01)
      average += (atSeverity(0.3, 0.6, z) * Math.exp((-z * z) / 2) * 0.01) / Math.sqrt(2 * Math.PI);
    expect(average).toBeCloseTo(0.3, 4);
  });

  it('fall on days 0–365, whole days for events, and nothing after death', () => {
    const wrong: string[] = [];
    const check = (o: PlantedOutcomes, ok: boolean, what: string) => {
      if (!ok) wrong.push(`${what}: ${JSON.stringify(o)}`);
    };
    for (const o of [...everyone, ...Object.values(byType).flat()]) {
      const { deathDay, dischargeDay, readmissionDays } = o;
      for (const day of [...readmissionDays, ...o.infectionDays, ...o.cardiovascularDays]) {
        check(o, Number.isInteger(day) && day >= 0 && day <= 365, 'an event off days 0–365');
        check(o, deathDay === null || day < deathDay, 'an event after death');
      }
      check(
        o,
        readmissionDays.every((day, i) => i === 0 || day > readmissionDays[i - 1]!),
        'unordered re-admissions',
      );
      check(o, deathDay === null || (deathDay > 0 && deathDay <= 365), 'a death off days 0–365');
      if (dischargeDay === null) {
        // Died in hospital, within 28 days; never re-admitted.
        check(o, deathDay !== null && deathDay <= 28 && readmissionDays.length === 0, 'a hospital death');
      } else {
        check(o, Number.isInteger(dischargeDay), 'a discharge on a fraction of a day');
        check(o, deathDay === null || deathDay > dischargeDay, 'a death before discharge');
        check(
          o,
          readmissionDays.every((day) => day > dischargeDay),
          'a re-admission before discharge',
        );
      }
    }
    expect(wrong).toEqual([]);
  });
});
