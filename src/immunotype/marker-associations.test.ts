import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { adjustBH } from '../stats/p-adjust.ts';
import { rng } from '../stats/random.ts';
import { coxph } from '../stats/survival/cox.ts';
import { kruskalWallis } from '../stats/tests/kruskal-wallis.ts';
import { markerAssociations } from './marker-associations.ts';
import type { SurvivalTime } from './outcome-types.ts';

/**
 * 150 patients in three immunotypes, four log-normal markers: IL6 higher in "hyper" (8×), HLADR lower in
 * "hypo" (÷3), NOISE the same everywhere, and PCT unrelated to the immunotype but prognostic (hazard × 2 per
 * SD of log PCT). Some values missing.
 */
function simulate(seed: number) {
  const r = rng(seed);
  const groups: string[] = [];
  const rows: number[] = [];
  const survival: (SurvivalTime | null)[] = [];
  const types = ['hyper', 'hypo', 'normal'];
  for (let i = 0; i < 150; i++) {
    const g = types[i % 3]!;
    const logPct = r.normal();
    const il6 = Math.exp(3 + (g === 'hyper' ? Math.log(8) : 0) + r.normal());
    const hladr = Math.exp(9 - (g === 'hypo' ? Math.log(3) : 0) + 0.5 * r.normal());
    const noise = Math.exp(r.normal());
    rows.push(i % 11 === 0 ? Number.NaN : il6, hladr, noise, Math.exp(1 + logPct));
    groups.push(g);
    const death = Math.ceil(-Math.log(1 - r.uniform()) / (0.002 * Math.exp(Math.log(2) * logPct)));
    survival.push(i % 29 === 0 ? null : { days: Math.min(death, 365), dead: death <= 365 });
  }
  return { markers: ['IL6', 'HLADR', 'NOISE', 'PCT'], values: Float64Array.from(rows), groups, survival };
}

const data = simulate(2024);
const result = markerAssociations(data);
const byName = (m: string) => result.markers.find((x) => x.marker === m)!;
const column = (j: number) => Float64Array.from(data.groups, (_, i) => data.values[i * 4 + j]!);

describe('markerAssociations', () => {
  it('finds the markers that differ between immunotypes (q < 0.05) and not the null marker', () => {
    expect(byName('IL6').kruskalWallis.q).toBeLessThan(0.05);
    expect(byName('HLADR').kruskalWallis.q).toBeLessThan(0.05);
    expect(byName('NOISE').kruskalWallis.q).toBeGreaterThan(0.05);
    expect(byName('IL6').highGroup).toBe('hyper');
    expect(byName('HLADR').lowGroup).toBe('hypo');
  });

  it('Kruskal–Wallis is kruskalWallis on the marker with missing values dropped; q is BH over the markers', () => {
    const codes = Int32Array.from(data.groups, (g) => ['hyper', 'hypo', 'normal'].indexOf(g));
    const direct = data.markers.map((_, j) => kruskalWallis(column(j), codes));
    result.markers.forEach((m, j) => {
      expect(m.kruskalWallis.statistic).toBe(direct[j]!.statistic);
      expect(m.kruskalWallis.p).toBe(direct[j]!.p);
      expect(m.kruskalWallis.df).toBe(2);
    });
    expect(byName('IL6').n).toBe(150 - 14);
    const q = adjustBH(Float64Array.from(direct, (d) => d.p));
    expect(result.markers.map((m) => m.kruskalWallis.q)).toEqual(Array.from(q));
  });

  it('reports the median per group and the log2 fold change of the highest over the lowest median', () => {
    const il6 = byName('IL6');
    const hyper = Array.from(column(0))
      .filter((v, i) => data.groups[i] === 'hyper' && !Number.isNaN(v))
      .sort((a, b) => a - b);
    const mid = (hyper.length - 1) / 2;
    expect(il6.medians[0]).toEqual({
      group: 'hyper',
      n: hyper.length,
      median: (hyper[Math.floor(mid)]! + hyper[Math.ceil(mid)]!) / 2,
    });
    const medians = il6.medians.map((m) => m.median!);
    expect(il6.log2FoldChange).toBeCloseTo(Math.log2(Math.max(...medians) / Math.min(...medians)), 12);
    expect(il6.log2FoldChange).toBeGreaterThan(2); // planted 8× = 3 on the log2 scale
  });

  it('the survival association is coxph on the standardised log value: HR per SD, with BH q', () => {
    const pct = byName('PCT').survival!;
    const rows = data.survival.flatMap((s, i) => (s === null ? [] : [i]));
    const logs = rows.map((i) => Math.log(data.values[i * 4 + 3]!));
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, v) => a + (v - mean) ** 2, 0) / (logs.length - 1));
    const fit = coxph(
      Float64Array.from(rows, (i) => data.survival[i]!.days),
      Uint8Array.from(rows, (i) => (data.survival[i]!.dead ? 1 : 0)),
      Float64Array.from(logs, (v) => (v - mean) / sd),
      1,
    );
    expect(pct.n).toBe(rows.length);
    expect(pct.hr).toBeCloseTo(fit.hr[0]!, 12);
    expect(pct.p).toBeCloseTo(fit.p[0]!, 12);
    expect(pct.lower).toBeGreaterThan(1); // planted: hazard × 2 per SD
    expect(pct.q).toBeLessThan(0.05);
    expect(byName('NOISE').survival!.q).toBeGreaterThan(0.05);
    const q = adjustBH(Float64Array.from(result.markers, (m) => m.survival!.p!));
    expect(result.markers.map((m) => m.survival!.q)).toEqual(Array.from(q));
  });

  it('gives volcano coordinates: log2 fold change or log HR against −log10 p', () => {
    const point = result.volcano.immunotype.find((v) => v.marker === 'IL6')!;
    expect(point.effect).toBe(byName('IL6').log2FoldChange);
    expect(point.minusLog10P).toBeCloseTo(-Math.log10(byName('IL6').kruskalWallis.p!), 12);
    const survival = result.volcano.survival!.find((v) => v.marker === 'PCT')!;
    expect(survival.effect).toBeCloseTo(Math.log(byName('PCT').survival!.hr!), 12);
    expect(result.volcano.immunotype).toHaveLength(4);
  });

  it('without survival, reports no survival associations', () => {
    const plain = markerAssociations({ ...data, survival: undefined });
    expect(plain.markers.every((m) => m.survival === null)).toBe(true);
    expect(plain.volcano.survival).toBeNull();
  });

  it('does not fail on a constant, an all-missing or a non-positive marker: null values with a reason', () => {
    const n = data.groups.length;
    const values = new Float64Array(n * 3);
    for (let i = 0; i < n; i++) values.set([5, Number.NaN, i % 4 === 0 ? 0 : 1 + (i % 7)], i * 3);
    const odd = markerAssociations({
      markers: ['flat', 'empty', 'zeros'],
      values,
      groups: data.groups,
      survival: data.survival,
    });
    const [flat, empty, zeros] = odd.markers;
    expect(flat!.kruskalWallis.p).toBeNull();
    expect(flat!.reason).toMatch(/Kruskal–Wallis/);
    expect(flat!.survival!.hr).toBeNull();
    expect(empty!.n).toBe(0);
    expect(empty!.medians.every((m) => m.median === null)).toBe(true);
    expect(empty!.log2FoldChange).toBeNull();
    expect(zeros!.survival!.nonPositive).toBeGreaterThan(0);
    expect(zeros!.survival!.hr).not.toBeNull();
    expect(odd.volcano.immunotype.map((v) => v.marker)).toEqual(['zeros']);
    expect(JSON.parse(JSON.stringify(odd))).toEqual(odd);
  });

  it('checks the shapes of its input', () => {
    expect(() => markerAssociations({ ...data, values: new Float64Array(10) })).toThrow(InputError);
    expect(() => markerAssociations({ ...data, survival: [] })).toThrow(InputError);
  });
});
