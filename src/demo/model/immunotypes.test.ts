import { describe, expect, it } from 'vitest';
import { rng } from '../../stats/random.ts';
import {
  drawImmunotype,
  drawSeverity,
  immunotypes,
  plannedTrajectory,
  prevalence,
  sofa2AtAdmission,
  transitions,
  visits,
  type Immunotype,
} from './immunotypes.ts';

const n = 2000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const quantile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))]!;
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe('the planted immunotypes', () => {
  it('has prevalences that sum to 1, and every transition row sums to 1', () => {
    expect(sum(Object.values(prevalence))).toBeCloseTo(1, 12);
    for (const survival of ['survivor', 'nonSurvivor'] as const) {
      for (const visit of ['D3', 'DIS', 'M3', 'M12'] as const) {
        for (const type of immunotypes)
          expect(sum(Object.values(transitions[survival][visit][type]))).toBeCloseTo(1, 12);
      }
    }
  });

  it('draws the types in their prevalences, the same for the same seed and differently for another', () => {
    const draw = (seed: number) => {
      const r = rng(seed);
      return Array.from({ length: n }, () => drawImmunotype(r));
    };
    const types = draw(1);
    expect(draw(1)).toEqual(types);
    expect(draw(2)).not.toEqual(types);
    for (const type of immunotypes) {
      const share = types.filter((t) => t === type).length / n;
      expect(Math.abs(share - prevalence[type])).toBeLessThan(0.04);
    }
  });

  it('draws a standard-normal severity kept within ±3', () => {
    const r = rng(3);
    const severities = Array.from({ length: n }, () => drawSeverity(r));
    expect(Math.abs(sum(severities) / n)).toBeLessThan(0.08);
    expect(Math.min(...severities)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...severities)).toBeLessThanOrEqual(3);
  });

  it('gives a SOFA-2 at admission of median ~8 (IQR 5–11), eligible (>= 2) and at most 24, higher in MALS', () => {
    const r = rng(4);
    const cohort = Array.from({ length: n }, () => {
      const type = drawImmunotype(r);
      return { type, sofa: sofa2AtAdmission(type, drawSeverity(r)) };
    });
    const sofas = cohort.map((p) => p.sofa);
    expect(median(sofas)).toBeGreaterThanOrEqual(7);
    expect(median(sofas)).toBeLessThanOrEqual(9);
    expect(quantile(sofas, 0.25)).toBeGreaterThanOrEqual(4);
    expect(quantile(sofas, 0.75)).toBeLessThanOrEqual(12);
    expect(Math.min(...sofas)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...sofas)).toBeLessThanOrEqual(24);
    const of = (type: Immunotype) => median(cohort.filter((p) => p.type === type).map((p) => p.sofa));
    expect(of('mals')).toBeGreaterThan(of('adaptive'));
  });
});

describe('a trajectory of types over the visits', () => {
  const cohort = (seed: number, survivor: boolean) => {
    const r = rng(seed);
    return Array.from({ length: n }, () => plannedTrajectory(r, drawImmunotype(r), survivor));
  };
  const survivors = cohort(5, true);
  const nonSurvivors = cohort(6, false);
  const share = (trajectories: typeof survivors, test: (t: (typeof survivors)[number]) => boolean) =>
    trajectories.filter(test).length / trajectories.length;

  it('starts at the D0 type, names a type for every visit, and is the same for the same seed', () => {
    const r = rng(7);
    const trajectory = plannedTrajectory(r, 'hyperinflammatory', true);
    expect(Object.keys(trajectory)).toEqual([...visits]);
    expect(trajectory.D0).toBe('hyperinflammatory');
    expect(cohort(5, true)).toEqual(survivors);
    expect(cohort(8, true)).not.toEqual(survivors);
  });

  it('changes type in some participants, e.g. hyperinflammatory at D0 and immunoparalysis at D3', () => {
    expect(share(survivors, (t) => t.D0 !== t.D3)).toBeGreaterThan(0.2);
    expect(share(survivors, (t) => t.D0 === 'hyperinflammatory' && t.D3 === 'immunoparalysis')).toBeGreaterThan(0.02);
  });

  it('resolves in survivors: no MALS or hyperinflammatory type months after discharge, mostly adaptive', () => {
    for (const visit of ['M3', 'M12'] as const) {
      expect(share(survivors, (t) => t[visit] === 'mals' || t[visit] === 'hyperinflammatory')).toBe(0);
      expect(share(survivors, (t) => t[visit] === 'adaptive')).toBeGreaterThan(0.85);
      // Persistent immunoparalysis: a candidate immunotype of its own (immunotypes.md §2.6).
      expect(share(survivors, (t) => t[visit] === 'immunoparalysis')).toBeGreaterThan(0.01);
    }
  });

  it('slides into immunoparalysis by D3 more often in non-survivors than in survivors', () => {
    const immunoparalysedAtD3 = (t: (typeof survivors)[number]) => t.D3 === 'immunoparalysis';
    expect(share(nonSurvivors, immunoparalysedAtD3)).toBeGreaterThan(share(survivors, immunoparalysedAtD3) + 0.15);
  });
});
