/**
 * Seeded pseudo-random numbers for every stochastic method in src/stats.
 *
 * Algorithm: xoshiro128** 1.0 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c), 128-bit
 * state, period 2^128 − 1. The state is filled from the seed with SplitMix64 (Vigna), as the authors
 * recommend, so nearby seeds (1, 2, 3, …) give unrelated streams. Only 32-bit integer operations
 * (`Math.imul`, shifts) and exact double arithmetic are used, so a seed gives the same numbers on every
 * machine and every JavaScript engine: results of an analysis run are reproducible from its recorded seed.
 *
 * Changing anything here changes every seeded result in the project: the tests pin exact outputs.
 */

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const MASK64 = (1n << 64n) - 1n;

/** SplitMix64 step on a BigInt state; only used at seeding, so BigInt's speed does not matter. */
function splitMix64(state: { s: bigint }): bigint {
  state.s = (state.s + 0x9e3779b97f4a7c15n) & MASK64;
  let z = state.s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

export class Rng {
  // Four 32-bit words of xoshiro128** state, kept as unsigned in an Uint32Array so `>>>` is not needed on load.
  private readonly s = new Uint32Array(4);

  /** `seed` is any safe integer (negative seeds are taken modulo 2^64). */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    const state = { s: BigInt.asUintN(64, BigInt(seed)) };
    const a = splitMix64(state);
    const b = splitMix64(state);
    this.s[0] = Number(a & 0xffffffffn);
    this.s[1] = Number(a >> 32n);
    this.s[2] = Number(b & 0xffffffffn);
    this.s[3] = Number(b >> 32n);
    // SplitMix64 never yields two zero outputs in a row, but the all-zero state would be a fixed point.
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
  }

  /** Next 32-bit output of xoshiro128**, as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    const s = this.s;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const s2 = s[2]!;
    const s3 = s[3]!;
    const m = Math.imul(s1, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ t;
    s[3] = (n3 << 11) | (n3 >>> 21);
    return r >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits (two outputs, as in genrand_res53), so every double k·2^−53 is reachable. */
  uniform(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / TWO_POW_53;
  }

  /** Uniform integer in [0, n), without modulo bias (rejection sampling); 1 ≤ n ≤ 2^32. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) throw new RangeError(`int(n) needs 1 ≤ n ≤ 2^32, got ${n}`);
    // Accept only draws below the largest multiple of n, so each residue is equally likely.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /** Standard normal deviate (Box–Muller on two uniforms; one deviate per call, for simplicity). */
  normal(): number {
    const u = 1 - this.uniform(); // (0, 1], so the log is finite
    const v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** In-place Fisher–Yates shuffle (Durstenfeld). */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }

  /** k distinct indices from [0, n), in random order: a partial Fisher–Yates shuffle of 0..n−1. */
  sample(n: number, k: number): Int32Array {
    if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`sample needs 0 ≤ k ≤ n, got n=${n}, k=${k}`);
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const tmp = idx[i]!;
      idx[i] = idx[j]!;
      idx[j] = tmp;
    }
    return idx.slice(0, k);
  }

  /**
   * A new generator seeded from this one (consumes two outputs). Lets a method hand independent streams to
   * sub-tasks (e.g. one per consensus-clustering resample) while the whole run depends on one seed.
   */
  split(): Rng {
    const hi = this.nextUint32() & 0x1fffff; // 21 bits + 32 bits = a safe integer
    const lo = this.nextUint32();
    return new Rng(hi * TWO_POW_32 + lo);
  }
}

/** Convenience constructor: `rng(seed)`. */
export function rng(seed: number): Rng {
  return new Rng(seed);
}
