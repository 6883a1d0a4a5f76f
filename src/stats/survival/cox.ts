import { chiSquareUpper, normalQuantile } from '../distributions.ts';
import { InputError } from '../../core/errors.ts';
import { concordance } from './concordance.ts';
import { checkSurvivalData } from './kaplan-meier.ts';

/**
 * Cox proportional hazards regression as R's `coxph(Surv(time, event) ~ x1 + … + strata(s), ties = …)` fits
 * it: Newton–Raphson from β = 0 with coxph's step-halving and stopping rule (relative change in the log partial
 * likelihood ≤ 1e-9, at most 20 iterations), Efron or Breslow handling of tied deaths, strata with separate
 * risk sets and a common β. Covariates are centred internally (as coxph does); everything reported is on the
 * original scale. Data are sorted once by (stratum, time descending) so each iteration is one O(n·p²) pass of
 * cumulative sums over the risk sets.
 */
export type CoxTies = 'efron' | 'breslow';

export interface CoxOptions {
  ties?: CoxTies;
  /** Stratum index per subject (any integers): separate baseline hazards, common coefficients. */
  strata?: Int32Array;
  /** Confidence level of the hazard-ratio limits; default 0.95. */
  confLevel?: number;
  /** coxph.control: eps (default 1e-9) and iter.max (default 20). */
  eps?: number;
  maxIter?: number;
}

export interface ChiSquareTest {
  chisq: number;
  df: number;
  p: number;
}

export interface CoxFit {
  n: number;
  events: number;
  ties: CoxTies;
  coef: Float64Array;
  se: Float64Array;
  z: Float64Array;
  /** Two-sided Wald p-value of each coefficient. */
  p: Float64Array;
  hr: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** p × p covariance of the coefficients (inverse information at the fit), row-major. */
  variance: Float64Array;
  /** [null model (β = 0), fitted] log partial likelihood: R's fit$loglik. */
  loglik: [number, number];
  iterations: number;
  converged: boolean;
  likelihoodRatio: ChiSquareTest;
  wald: ChiSquareTest;
  /** The score (log-rank) test at β = 0. */
  score: ChiSquareTest;
  /** Xβ with X centred at its column means, in the input order (R's fit$linear.predictors up to a shift). */
  linearPredictor: Float64Array;
  /** Harrell's C of the linear predictor within strata, as concordance(fit). */
  concordance: number;
}

/**
 * @param x covariates, row-major n × p (x[i·p + j] = covariate j of subject i)
 */
export function coxph(
  time: Float64Array,
  event: Uint8Array,
  x: Float64Array,
  p: number,
  options: CoxOptions = {},
): CoxFit {
  checkSurvivalData(time, event);
  const n = time.length;
  const ties = options.ties ?? 'efron';
  const confLevel = options.confLevel ?? 0.95;
  const eps = options.eps ?? 1e-9;
  const maxIter = options.maxIter ?? 20;
  if (!(Number.isInteger(p) && p >= 1)) throw new InputError('covariates', 'a Cox model needs at least 1 covariate');
  if (x.length !== n * p) throw new InputError('covariates', `x has ${x.length} values, expected ${n} × ${p}`);
  if (!x.every(Number.isFinite)) throw new InputError('covariates', 'covariate values must be finite numbers');
  if (options.strata !== undefined && options.strata.length !== n)
    throw new InputError('strata', `strata has ${options.strata.length} values for ${n} subjects`);
  if (ties !== 'efron' && ties !== 'breslow') throw new InputError('ties', 'ties must be "efron" or "breslow"');
  if (!(confLevel > 0 && confLevel < 1)) throw new InputError('confLevel', 'confLevel must lie in (0, 1)');
  const events = event.reduce((s, e) => s + e, 0);
  if (events === 0) throw new InputError('event', 'a Cox model needs at least one event');

  const strata = options.strata ?? new Int32Array(n);
  const order = riskSetOrder(time, strata);
  const means = columnMeans(x, n, p);
  const ws = new Workspace(time, event, strata, x, p, order, means, ties === 'efron');

  // Newton–Raphson as coxph's C code (coxfit6): the step is taken from the last accepted β; if the log
  // likelihood falls, halve back towards it; stop when the relative change is ≤ eps (not while halving).
  let beta: Float64Array = new Float64Array(p);
  const loglik0 = ws.evaluate(beta);
  const scoreChisq = quadraticInverse(ws.imat, ws.u, p);
  let current = loglik0;
  let newBeta = step(beta, ws);
  let newLoglik = current;
  let iterations = 0;
  let converged = false;
  for (let iter = 1; iter <= maxIter; iter++) {
    iterations = iter;
    newLoglik = ws.evaluate(newBeta);
    if (Math.abs(1 - current / newLoglik) <= eps && !ws.halving) {
      converged = true;
      break;
    }
    if (iter === maxIter) break;
    if (newLoglik < current) {
      ws.halving = true;
      newBeta = newBeta.map((b, j) => (b + beta[j]!) / 2);
    } else {
      ws.halving = false;
      current = newLoglik;
      beta = newBeta;
      newBeta = step(beta, ws);
    }
  }
  // Like coxph, report the last evaluated β with the information matrix computed there.
  const coef = newBeta;
  const variance = invertSymmetric(ws.imat, p);
  const se = Float64Array.from({ length: p }, (_, j) => Math.sqrt(variance[j * p + j]!));
  const z = coef.map((b, j) => b / se[j]!);
  const zq = normalQuantile(1 - (1 - confLevel) / 2);
  const chi = (chisq: number): ChiSquareTest => ({ chisq, df: p, p: chiSquareUpper(chisq, p) });
  const linearPredictor = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += (x[i * p + j]! - means[j]!) * coef[j]!;
    linearPredictor[i] = s;
  }
  return {
    n,
    events,
    ties,
    coef,
    se,
    z,
    p: z.map((v) => chiSquareUpper(v * v, 1)),
    hr: coef.map(Math.exp),
    lower: coef.map((b, j) => Math.exp(b - zq * se[j]!)),
    upper: coef.map((b, j) => Math.exp(b + zq * se[j]!)),
    variance,
    loglik: [loglik0, newLoglik],
    iterations,
    converged,
    likelihoodRatio: chi(2 * (newLoglik - loglik0)),
    wald: chi(quadraticInverse(variance, coef, p)),
    score: chi(scoreChisq),
    linearPredictor,
    concordance: concordance(time, event, linearPredictor, options.strata),
  };
}

/** Subject indices sorted by stratum, then time descending: each risk set is a prefix of its stratum's run. */
export function riskSetOrder(time: Float64Array, strata: Int32Array): Int32Array {
  const order = Int32Array.from(time, (_, i) => i);
  return order.sort((a, b) => strata[a]! - strata[b]! || time[b]! - time[a]!);
}

export function columnMeans(x: Float64Array, n: number, p: number): Float64Array {
  const means = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) means[j]! += x[i * p + j]!;
  return means.map((s) => s / n);
}

/** β + I⁻¹U: the Newton step from the score and information last evaluated (at β). */
function step(beta: Float64Array, ws: Workspace): Float64Array {
  const delta = solveSymmetric(ws.imat, ws.u, beta.length);
  return beta.map((b, j) => b + delta[j]!);
}

/** The sorted, centred data and the running sums of one pass; evaluate() fills loglik, u and imat. */
class Workspace {
  readonly n: number;
  readonly time: Float64Array;
  readonly status: Uint8Array;
  readonly stratum: Int32Array;
  readonly x: Float64Array;
  readonly eta: Float64Array;
  readonly u: Float64Array;
  readonly imat: Float64Array;
  private readonly a: Float64Array;
  private readonly a2: Float64Array;
  private readonly cmat: Float64Array;
  private readonly cmat2: Float64Array;
  halving = false;

  constructor(
    time: Float64Array,
    event: Uint8Array,
    strata: Int32Array,
    x: Float64Array,
    readonly p: number,
    order: Int32Array,
    means: Float64Array,
    readonly efron: boolean,
  ) {
    const n = (this.n = order.length);
    this.time = Float64Array.from(order, (i) => time[i]!);
    this.status = Uint8Array.from(order, (i) => event[i]!);
    this.stratum = Int32Array.from(order, (i) => strata[i]!);
    this.x = new Float64Array(n * p);
    order.forEach((i, r) => {
      for (let j = 0; j < p; j++) this.x[r * p + j] = x[i * p + j]! - means[j]!;
    });
    this.eta = new Float64Array(n);
    this.u = new Float64Array(p);
    this.imat = new Float64Array(p * p);
    this.a = new Float64Array(p);
    this.a2 = new Float64Array(p);
    this.cmat = new Float64Array(p * p);
    this.cmat2 = new Float64Array(p * p);
  }

  /** Log partial likelihood at β; leaves its score in u and information (lower triangle mirrored) in imat. */
  evaluate(beta: Float64Array): number {
    const { n, p, x, eta, time, status, stratum, u, imat, a, a2, cmat, cmat2 } = this;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < p; j++) s += x[i * p + j]! * beta[j]!;
      eta[i] = s;
    }
    u.fill(0);
    imat.fill(0);
    let loglik = 0;
    let i = 0;
    while (i < n) {
      const s = stratum[i]!;
      let denom = 0;
      a.fill(0);
      cmat.fill(0);
      while (i < n && stratum[i] === s) {
        const t = time[i]!;
        let deaths = 0;
        let denom2 = 0;
        a2.fill(0);
        cmat2.fill(0);
        // One tie group: censored subjects join the risk set sums, deaths their own sums (Efron needs them apart).
        for (; i < n && stratum[i] === s && time[i] === t; i++) {
          const r = Math.exp(eta[i]!);
          const off = i * p;
          const dead = status[i] === 1;
          const sa = dead ? a2 : a;
          const sc = dead ? cmat2 : cmat;
          if (dead) {
            deaths++;
            denom2 += r;
            loglik += eta[i]!;
          } else denom += r;
          for (let j = 0; j < p; j++) {
            const rx = r * x[off + j]!;
            if (dead) u[j]! += x[off + j]!;
            sa[j]! += rx;
            for (let k = 0; k <= j; k++) sc[j * p + k]! += rx * x[off + k]!;
          }
        }
        if (deaths === 0) continue;
        denom += denom2;
        for (let j = 0; j < p; j++) {
          a[j]! += a2[j]!;
          for (let k = 0; k <= j; k++) cmat[j * p + k]! += cmat2[j * p + k]!;
        }
        if (!this.efron || deaths === 1) {
          loglik -= deaths * Math.log(denom);
          for (let j = 0; j < p; j++) {
            const mean = a[j]! / denom;
            u[j]! -= deaths * mean;
            for (let k = 0; k <= j; k++) imat[j * p + k]! += (deaths * (cmat[j * p + k]! - mean * a[k]!)) / denom;
          }
        } else {
          // Efron: the m-th of d tied deaths sees the risk set minus m/d of the dying subjects' weight.
          for (let m = 0; m < deaths; m++) {
            const f = m / deaths;
            const d = denom - f * denom2;
            loglik -= Math.log(d);
            for (let j = 0; j < p; j++) {
              const aj = a[j]! - f * a2[j]!;
              const mean = aj / d;
              u[j]! -= mean;
              for (let k = 0; k <= j; k++)
                imat[j * p + k]! += (cmat[j * p + k]! - f * cmat2[j * p + k]! - mean * (a[k]! - f * a2[k]!)) / d;
            }
          }
        }
      }
    }
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) imat[k * p + j] = imat[j * p + k]!;
    return loglik;
  }
}

/**
 * Cholesky factor (lower, row-major) of a symmetric positive definite m × m matrix. A pivot below
 * eps^0.75 times its diagonal entry (coxph's toler.chol) means collinear covariates: an input error, where R
 * would drop the column and report NA.
 */
function cholesky(a: Float64Array, m: number): Float64Array {
  const l = new Float64Array(m * m);
  const tol = Math.pow(2.220446049250313e-16, 0.75);
  for (let j = 0; j < m; j++) {
    let d = a[j * m + j]!;
    for (let k = 0; k < j; k++) d -= l[j * m + k]! * l[j * m + k]!;
    if (!(d > tol * Math.abs(a[j * m + j]!)) || !(d > 0))
      throw new InputError(
        'covariates',
        'the information matrix is singular: a covariate is constant or collinear with others (within strata)',
      );
    const ljj = Math.sqrt(d);
    l[j * m + j] = ljj;
    for (let i = j + 1; i < m; i++) {
      let s = a[i * m + j]!;
      for (let k = 0; k < j; k++) s -= l[i * m + k]! * l[j * m + k]!;
      l[i * m + j] = s / ljj;
    }
  }
  return l;
}

/** Solves A x = b for symmetric positive definite A (m × m, row-major) through its Cholesky factor. */
export function solveSymmetric(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const l = cholesky(a, m);
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * m + k]! * y[k]!;
    y[i] = s / l[i * m + i]!;
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < m; k++) s -= l[k * m + i]! * y[k]!;
    y[i] = s / l[i * m + i]!;
  }
  return y;
}

/** bᵀ A⁻¹ b for symmetric positive definite A. */
export function quadraticInverse(a: Float64Array, b: Float64Array, m: number): number {
  const x = solveSymmetric(a, b, m);
  return x.reduce((s, v, i) => s + v * b[i]!, 0);
}

function invertSymmetric(a: Float64Array, m: number): Float64Array {
  const inv = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    const e = new Float64Array(m);
    e[j] = 1;
    inv.set(solveSymmetric(a, e, m), j * m);
  }
  // Symmetrise: the two triangles agree to rounding, make them agree exactly.
  for (let i = 0; i < m; i++)
    for (let j = 0; j < i; j++) inv[i * m + j] = inv[j * m + i] = (inv[i * m + j]! + inv[j * m + i]!) / 2;
  return inv;
}
