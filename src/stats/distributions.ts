/**
 * Distribution functions needed by the survival tests: the chi-square tails (through the regularized
 * incomplete gamma function) and the normal quantile. Written for ~1e-13 relative accuracy, because
 * p-values are compared with R's and very small p-values must keep their relative precision.
 */

const LN_SQRT_2PI = 0.9189385332046728;

/** ln Γ(x) for x > 0: shift up to x ≥ 15, then Stirling's series (error < 1e-17 there). */
export function lnGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let shift = 1;
  let y = x;
  while (y < 15) {
    shift *= y;
    y += 1;
  }
  return (y - 0.5) * Math.log(y) - y + LN_SQRT_2PI + stirlingSeries(y) - Math.log(shift);
}

/** 1/(12y) − 1/(360y³) + … : the Stirling correction, for y ≥ 15. */
function stirlingSeries(y: number): number {
  const r = 1 / (y * y);
  return (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r * (1 / 1680 - r * (1 / 1188 - r * (691 / 360360 - r / 156)))))) / y;
}

/** ln Γ(n+1) − [(n+½) ln n − n + ln √(2π)]: Stirling's error term, computed without cancellation for large n. */
function stirlerr(n: number): number {
  if (n > 15) return stirlingSeries(n);
  return lnGamma(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
}

/** x ln(x/m) + m − x, accurate when x ≈ m (Loader 2000), where the naive form cancels. */
function bd0(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

/** xᵃ e⁻ˣ / Γ(a+1), the common factor of both expansions, without overflow or cancellation. */
function gammaDensityFactor(a: number, x: number): number {
  return Math.exp(-stirlerr(a) - bd0(a, x)) / Math.sqrt(2 * Math.PI * a);
}

const EPS = 1e-16;
const TINY = 1e-300;

/** Series for P(a, x) = Σ xⁿ / ((a+1)…(a+n)) · factor; converges fast for x < a + 1. */
function lowerSeries(a: number, x: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 100000; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * EPS) break;
  }
  return sum * gammaDensityFactor(a, x);
}

/** Continued fraction for Q(a, x) (modified Lentz), converges fast for x ≥ a + 1. */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  // xᵃ e⁻ˣ / Γ(a) = a · xᵃ e⁻ˣ / Γ(a+1)
  return a * gammaDensityFactor(a, x) * h;
}

/** Regularized gamma functions P(a, x) and Q(a, x) = 1 − P, each computed directly where it is small. */
export function regularizedGamma(a: number, x: number): { lower: number; upper: number } {
  if (!(a > 0) || Number.isNaN(x)) return { lower: Number.NaN, upper: Number.NaN };
  if (x <= 0) return { lower: 0, upper: 1 };
  if (x === Number.POSITIVE_INFINITY) return { lower: 1, upper: 0 };
  if (x < a + 1) {
    const lower = lowerSeries(a, x);
    return { lower, upper: 1 - lower };
  }
  const upper = upperFraction(a, x);
  return { lower: 1 - upper, upper };
}

/** P(X > x) for X ~ χ²(df): R's pchisq(x, df, lower.tail = FALSE). */
export function chiSquareUpper(x: number, df: number): number {
  return regularizedGamma(df / 2, x / 2).upper;
}

/** P(X ≤ x) for X ~ χ²(df): R's pchisq(x, df). */
export function chiSquareCdf(x: number, df: number): number {
  return regularizedGamma(df / 2, x / 2).lower;
}

/** The standard normal quantile, R's qnorm(p): Wichura's AS 241 (PPND16), ~1e-16 relative. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301227 + 33430.57558358813) * r + 67265.7709270087) * r + 45921.95393154987) * r +
          13731.69376550946) *
          r +
          1971.5909503065513) *
          r +
          133.14166789178438) *
          r +
          3.3871328727963665)) /
      (((((((r * 5226.495278852546 + 28729.085735721943) * r + 39307.89580009271) * r + 21213.794301586597) * r +
        5394.196021424751) *
        r +
        687.1870074920579) *
        r +
        42.31333070160091) *
        r +
        1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((r * 0.0007745450142783414 + 0.022723844989269184) * r + 0.2417807251774506) * r + 1.2704582524523684) * r +
        3.6478483247632045) *
        r +
        5.769497221460691) *
        r +
        4.630337846156546) *
        r +
        1.4234371107496835) /
      (((((((r * 1.0507500716444169e-9 + 0.0005475938084995345) * r + 0.015198666563616457) * r + 0.14810397642748008) *
        r +
        0.6897673349851) *
        r +
        1.6763848301838038) *
        r +
        2.053191626637759) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((r * 2.0103343992922881e-7 + 2.7115555687434876e-5) * r + 0.0012426609473880784) * r +
        0.026532189526576124) *
        r +
        0.29656057182850487) *
        r +
        1.7848265399172913) *
        r +
        5.463784911164114) *
        r +
        6.657904643501103) /
      (((((((r * 2.0442631033899397e-15 + 1.421511758316446e-7) * r + 1.8463183175100548e-5) * r +
        0.0007868691311456133) *
        r +
        0.014875361290850615) *
        r +
        0.1369298809227358) *
        r +
        0.599832206555888) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}
