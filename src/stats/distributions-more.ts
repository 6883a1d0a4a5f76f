/**
 * Distribution functions beyond `distributions.ts` that the hypothesis tests need: normal tails, Student's t
 * tails (through the regularized incomplete beta function) and log-factorials. The normal tails are computed
 * from the χ²(1) tail of `distributions.ts`, which keeps the relative precision of tiny tail probabilities.
 */
import { chiSquareUpper, lnGamma } from './distributions.ts';

/** R's pnorm(x, lower.tail): P(Z ≤ x) or P(Z > x), each tail computed directly (P(|Z| > |x|) / 2). */
export function normalCdf(x: number, lowerTail = true): number {
  if (Number.isNaN(x)) return Number.NaN;
  const half = 0.5 * chiSquareUpper(x * x, 1); // P(Z > |x|)
  if (lowerTail) return x >= 0 ? 1 - half : half;
  return x >= 0 ? half : 1 - half;
}

/** ln n! for a non-negative integer n (exact table below 64, ln Γ(n+1) above). */
const LN_FACTORIAL_TABLE: Float64Array = (() => {
  const t = new Float64Array(64);
  for (let i = 2; i < 64; i++) t[i] = t[i - 1]! + Math.log(i);
  return t;
})();
export function lnFactorial(n: number): number {
  return n < 64 ? LN_FACTORIAL_TABLE[n]! : lnGamma(n + 1);
}

const EPS = 1e-16;
const TINY = 1e-300;

/** Continued fraction of I_x(a, b) (modified Lentz), converging fast for x < (a + 1) / (a + b + 2). */
function betaFraction(a: number, b: number, x: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 100000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b), with the complement computed directly where it is the small one. */
export function regularizedBeta(x: number, a: number, b: number): { lower: number; upper: number } {
  if (Number.isNaN(x) || !(a > 0) || !(b > 0)) return { lower: Number.NaN, upper: Number.NaN };
  if (x <= 0) return { lower: 0, upper: 1 };
  if (x >= 1) return { lower: 1, upper: 0 };
  const lnFront = a * Math.log(x) + b * Math.log1p(-x) - (lnGamma(a) + lnGamma(b) - lnGamma(a + b));
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (Math.exp(lnFront) * betaFraction(a, b, x)) / a;
    return { lower, upper: 1 - lower };
  }
  const upper = (Math.exp(lnFront) * betaFraction(b, a, 1 - x)) / b;
  return { lower: 1 - upper, upper };
}

/** R's pt(t, df, lower.tail): Student's t distribution function, each tail computed directly. */
export function studentTCdf(t: number, df: number, lowerTail = true): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return lowerTail ? 1 : 0;
  if (t === Number.NEGATIVE_INFINITY) return lowerTail ? 0 : 1;
  // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2); computed as the complement when t² is small relative to df.
  const t2 = t * t;
  const tail =
    t2 < df
      ? regularizedBeta(t2 / (df + t2), 0.5, df / 2).upper / 2
      : regularizedBeta(df / (df + t2), df / 2, 0.5).lower / 2; // P(T > |t|)
  const wantUpper = lowerTail ? t < 0 : t >= 0;
  return wantUpper ? tail : 1 - tail;
}
