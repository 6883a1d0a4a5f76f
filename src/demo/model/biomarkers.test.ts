import { describe, expect, it } from 'vitest';
import { assayCatalogue } from '../../protocol/nct07273344/assays.ts';
import { rng } from '../../stats/random.ts';
import { analyteCodes, markers, upperReference, type AnalyteCode } from './biomarker-table.ts';
import { drawBiomarkers, plantedMedian, reported, type PlantedResults } from './biomarkers.ts';
import { visits, type Immunotype, type Visit } from './immunotypes.ts';
import { plantParticipant, plantSample, type PlantedParticipant } from './participant.ts';

const n = 2000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const logCorrelation = (xs: number[], ys: number[]) => {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((s, x) => s + x, 0) / lx.length;
  const my = ly.reduce((s, y) => s + y, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  lx.forEach((x, i) => {
    sxy += (x - mx) * (ly[i]! - my);
    sxx += (x - mx) ** 2;
    syy += (ly[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
};

/** A cohort of the model, with a sample at every visit (the generator samples only the visits that happen). */
function cohort(seed: number): { participant: PlantedParticipant; samples: Record<Visit, PlantedResults> }[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const participant = plantParticipant(r);
    const samples = Object.fromEntries(visits.map((visit) => [visit, plantSample(r, participant, visit)]));
    return { participant, samples: samples as Record<Visit, PlantedResults> };
  });
}

const people = cohort(1);
const atD0 = (type: Immunotype) => people.filter((p) => p.participant.immunotype === type).map((p) => p.samples.D0);
const value = (analyte: AnalyteCode) => (results: PlantedResults) => results[analyte].value;
const share = <T>(xs: T[], test: (x: T) => boolean) => xs.filter(test).length / xs.length;

describe('biomarkers of a planted immunotype', () => {
  it('are the same for the same seed and differ for another', () => {
    const sample = { type: 'mals', visit: 'D0', survivor: true, severity: 0.3 } as const;
    expect(drawBiomarkers(rng(9), sample)).toEqual(drawBiomarkers(rng(9), sample));
    expect(drawBiomarkers(rng(10), sample)).not.toEqual(drawBiomarkers(rng(9), sample));
    expect(cohort(1)).toEqual(people);
  });

  it("give every analyte of the study's catalogue, in its canonical unit", () => {
    const catalogue = new Map(assayCatalogue.flatMap((assay) => assay.analytes).map((a) => [a.code, a]));
    for (const [code, marker] of Object.entries(markers)) expect(catalogue.get(code)?.unit).toBe(marker.unit);
    expect(Object.keys(people[0]!.samples.D0).sort()).toEqual([...analyteCodes].sort());
  });

  it('are positive and finite, with values below the LOD reported as the LOD with `<LOD`', () => {
    const lod = new Map(assayCatalogue.flatMap((assay) => assay.analytes).map((a) => [a.code, a.lod]));
    // Collected and compared once: 200,000 separate expectations would take seconds.
    const wrong: string[] = [];
    let belowLod = 0;
    for (const { samples } of people) {
      for (const [visit, results] of Object.entries(samples)) {
        for (const [code, { value, qualifier }] of Object.entries(results)) {
          const limit = lod.get(code) ?? null;
          if (!(Number.isFinite(value) && value > 0)) wrong.push(`${visit} ${code} ${value}`);
          if (qualifier === '<LOD') belowLod++;
          if (qualifier === '<LOD' && value !== limit) wrong.push(`${visit} ${code} <LOD ${value}`);
          if (qualifier === null && limit !== null && value < limit) wrong.push(`${visit} ${code} ${value} < ${limit}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // IL-1β is "single digits, often < LOD" (immunotypes.md §5).
    expect(share(people, (p) => p.samples.D0.il1b.qualifier === '<LOD')).toBeGreaterThan(0.1);
    expect(belowLod).toBeGreaterThan(0);
    expect(people.every((p) => p.samples.D0.hladr_pos_mono.value <= 100)).toBe(true);
  });

  it('are rounded to three significant digits', () => {
    expect(reported(1234.567, 1)).toEqual({ value: 1230, qualifier: null });
    expect(reported(0.012345, null)).toEqual({ value: 0.0123, qualifier: null });
    expect(reported(0.5, 0.8)).toEqual({ value: 0.8, qualifier: '<LOD' });
  });

  it('plant MALS with ferritin > 4420 ng/mL, which the others rarely reach', () => {
    const above = (results: PlantedResults) => results.ferritin.value > 4420;
    expect(share(atD0('mals'), above)).toBeGreaterThan(0.8);
    const others = people.filter((p) => p.participant.immunotype !== 'mals').map((p) => p.samples.D0);
    expect(share(others, above)).toBeLessThan(0.05);
  });

  it('plant immunoparalysis with mHLA-DR < 5000 AB/C, rare in the adaptive type', () => {
    const low = (results: PlantedResults) => results.mhladr.value < 5000;
    expect(share(atD0('immunoparalysis'), low)).toBeGreaterThan(0.8);
    expect(share(atD0('adaptive'), low)).toBeLessThan(0.1);
    // The whole rule (immunotypes.md §1), ferritin <= 4420 too, recovers most of the planted group.
    expect(share(atD0('immunoparalysis'), (r) => low(r) && r.ferritin.value <= 4420)).toBeGreaterThan(0.8);
  });

  it('overlap as real types do: not separable by any one cut-off', () => {
    expect(share(atD0('hyperinflammatory'), (r) => r.mhladr.value < 5000)).toBeGreaterThan(0.05);
    const immunoparalysisIl6 = median(atD0('immunoparalysis').map(value('il6')));
    expect(share(atD0('adaptive'), (r) => r.il6.value > immunoparalysisIl6)).toBeGreaterThan(0.1);
    expect(share(atD0('mals'), (r) => r.ferritin.value <= 4420)).toBeGreaterThan(0.02);
  });

  it('match the cohort medians of immunotypes.md §5 at D0 within a factor 1.5', () => {
    const expected: Partial<Record<AnalyteCode, number>> = {
      il6: 450,
      il8: 250,
      tnf: 80,
      ferritin: 600,
      crp: 150,
      pct: 5,
      scd163: 4.6,
      leukocytes: 12,
      neutrophils: 10,
      lymphocytes: 0.7,
      monocytes: 0.6,
    };
    for (const [analyte, target] of Object.entries(expected) as [AnalyteCode, number][]) {
      const observed = median(people.map((p) => p.samples.D0[analyte].value));
      expect(observed / target, analyte).toBeGreaterThan(1 / 1.5);
      expect(observed / target, analyte).toBeLessThan(1.5);
    }
    // IL-10 10–100 pg/mL; ferritin > 4420 in about 5–20 %.
    expect(median(people.map((p) => p.samples.D0.il10.value))).toBeGreaterThan(10);
    expect(share(people, (p) => p.samples.D0.ferritin.value > 4420)).toBeGreaterThan(0.05);
    expect(share(people, (p) => p.samples.D0.ferritin.value > 4420)).toBeLessThan(0.2);
  });

  it('move together within a participant: IL-6, IL-8 and TNF; HLA-DR and LPS-induced TNF', () => {
    const group = atD0('hyperinflammatory');
    expect(logCorrelation(group.map(value('il6')), group.map(value('il8')))).toBeGreaterThan(0.3);
    expect(logCorrelation(group.map(value('il6')), group.map(value('tnf')))).toBeGreaterThan(0.3);
    expect(logCorrelation(group.map(value('mhladr')), group.map(value('lps_tnf')))).toBeGreaterThan(0.3);
    expect(logCorrelation(group.map(value('il6')), group.map(value('mhladr')))).toBeLessThan(0);
  });

  it('follow the time course: cytokines fall and HLA-DR and lymphocytes recover by D3 in survivors only', () => {
    const survivors = people.filter((p) => p.participant.survivor);
    const nonSurvivors = people.filter((p) => !p.participant.survivor);
    const at = (group: typeof people, visit: Visit, analyte: AnalyteCode) =>
      median(group.map((p) => p.samples[visit][analyte].value));
    for (const cytokine of ['il6', 'il8', 'tnf', 'il10'] as const) {
      expect(at(survivors, 'D3', cytokine)).toBeLessThan(at(survivors, 'D0', cytokine) / 2);
    }
    expect(at(survivors, 'D3', 'mhladr')).toBeGreaterThan(at(survivors, 'D0', 'mhladr') * 1.3);
    expect(at(nonSurvivors, 'D3', 'mhladr')).toBeLessThanOrEqual(at(nonSurvivors, 'D0', 'mhladr'));
    // Lymphocytes recover to ~1.1 ×10⁹/L by day 3 in survivors (§5).
    expect(at(survivors, 'D3', 'lymphocytes')).toBeGreaterThan(0.8);
    expect(at(survivors, 'D3', 'lymphocytes')).toBeLessThan(1.5);
  });

  it('are near normal at M3 and M12, but CRP and sPD-L1 stay raised in a quarter to half', () => {
    const survivors = people.filter((p) => p.participant.survivor);
    for (const visit of ['M3', 'M12'] as const) {
      const healthyish = (analyte: 'il6' | 'pct' | 'mhladr' | 'lymphocytes') =>
        median(survivors.map((p) => p.samples[visit][analyte].value)) / markers[analyte].healthy;
      for (const analyte of ['il6', 'pct', 'mhladr', 'lymphocytes'] as const) {
        expect(healthyish(analyte)).toBeGreaterThan(0.6);
        expect(healthyish(analyte)).toBeLessThan(1.7);
      }
      for (const analyte of ['crp', 'spdl1'] as const) {
        const raised = share(survivors, (p) => p.samples[visit][analyte].value > upperReference[analyte]);
        expect(raised).toBeGreaterThan(0.25);
        expect(raised).toBeLessThan(0.5);
      }
    }
  });

  it("keep a type's hallmarks while it lasts: MALS at D3 still has ferritin > 4420", () => {
    const malsAtD3 = people.filter((p) => p.participant.trajectory.D3 === 'mals').map((p) => p.samples.D3);
    expect(malsAtD3.length).toBeGreaterThan(20);
    expect(share(malsAtD3, (r) => r.ferritin.value > 4420)).toBeGreaterThan(0.8);
    expect(plantedMedian('ferritin', { type: 'mals', visit: 'DIS', survivor: true })).toBe(
      plantedMedian('ferritin', { type: 'mals', visit: 'D0', survivor: true }),
    );
  });
});
