import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng, rng } from './random.ts';

describe('xoshiro128** seeded with SplitMix64', () => {
  it('matches the reference C implementation (xoshiro128starstar.c + splitmix64.c) for seeds 42 and 0', () => {
    // Values printed by the authors' C code compiled with gcc, state = two SplitMix64 outputs (low word first).
    const a = rng(42);
    expect(Array.from({ length: 5 }, () => a.nextUint32())).toEqual([
      1776835114, 4165204688, 17111135, 2317295270, 2792088233,
    ]);
    const b = rng(0);
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual([
      3737715805, 2584255861, 2876756834, 3286328325, 1553311962,
    ]);
  });

  it('pins the derived outputs for seed 42, so any change to them is caught', () => {
    const r = rng(42);
    expect(r.uniform()).toBe(0.4137016681565887);
    expect(r.uniform()).toBe(0.003983993377814743);
    expect(r.int(10)).toBe(3);
    expect(r.int(1000)).toBe(222);
    expect(r.normal()).toBe(0.7372696186021612);
    expect(Array.from(r.sample(10, 4))).toEqual([7, 6, 1, 9]);
  });

  it('same seed → same stream; different seeds → different streams', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (seed) => {
        const a = rng(seed);
        const b = rng(seed);
        const c = rng(seed + 1);
        const xs = Array.from({ length: 8 }, () => a.uniform());
        expect(Array.from({ length: 8 }, () => b.uniform())).toEqual(xs);
        expect(Array.from({ length: 8 }, () => c.uniform())).not.toEqual(xs);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => new Rng(1.5)).toThrow(RangeError);
    expect(() => new Rng(Number.NaN)).toThrow(RangeError);
  });
});

describe('distributions', () => {
  it('uniform() lies in [0, 1) and is roughly uniform (chi-square over 20 bins)', () => {
    const r = rng(7);
    const n = 100_000;
    const bins = new Float64Array(20);
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      bins[Math.floor(u * 20)]! += 1;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    const e = n / 20;
    const chi2 = bins.reduce((s, o) => s + ((o - e) * (o - e)) / e, 0);
    expect(chi2).toBeLessThan(43.8); // 99.9 % quantile of chi-square with 19 df
  });

  it('int(n) covers [0, n) evenly, including a range that does not divide 2^32', () => {
    const r = rng(11);
    const counts = new Float64Array(3);
    for (let i = 0; i < 60_000; i++) counts[r.int(3)]! += 1;
    for (const c of counts) expect(Math.abs(c - 20_000)).toBeLessThan(600);
    expect(() => r.int(0)).toThrow(RangeError);
  });

  it('normal() has mean ≈ 0 and variance ≈ 1', () => {
    const r = rng(3);
    let s = 0;
    let ss = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      ss += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(ss / n - 1)).toBeLessThan(0.03);
  });

  it('sample(n, k) returns k distinct indices in [0, n)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.nat(), fc.integer(), (n, kRaw, seed) => {
        const k = n === 0 ? 0 : kRaw % (n + 1);
        const s = rng(seed).sample(n, k);
        expect(s.length).toBe(k);
        expect(new Set(s).size).toBe(k);
        for (const i of s) expect(i >= 0 && i < n).toBe(true);
      }),
    );
  });

  it('shuffle is a permutation, and every position is reachable', () => {
    const r = rng(5);
    const firsts = new Set<number>();
    for (let t = 0; t < 200; t++) {
      const a = r.shuffle([0, 1, 2, 3, 4]);
      expect([...a].sort()).toEqual([0, 1, 2, 3, 4]);
      firsts.add(a[0]!);
    }
    expect(firsts.size).toBe(5);
  });

  it('split() gives a reproducible child stream different from the parent', () => {
    const a = rng(9);
    const b = rng(9);
    const ca = a.split();
    const cb = b.split();
    const xs = Array.from({ length: 4 }, () => ca.uniform());
    expect(Array.from({ length: 4 }, () => cb.uniform())).toEqual(xs);
    expect(Array.from({ length: 4 }, () => a.uniform())).not.toEqual(xs);
  });
});
