/**
 * Gaussian mixture models fitted by EM, as in R's mclust (Fraley & Raftery; Scrucca et al. 2016), for the two
 * models the analysis uses:
 *   - "VVI": diagonal covariances whose volume and shape vary between components (p variances per component);
 *   - "VVV": unconstrained full covariances (p(p+1)/2 parameters per component).
 * Data are the rows of a row-major n × p Float64Array (see cluster/distance.ts).
 *
 * EM follows mclust's `me()` step for step, so that from the same initial hard partition both reach the same
 * fixed point after the same number of iterations: each iteration is an M-step (mixing proportions, weighted
 * means, maximum-likelihood covariances — no prior) from the current responsibilities z, then an E-step that
 * recomputes z and the log-likelihood at the new parameters. It stops when
 * |loglik − previous| / (1 + |loglik|) ≤ tol (mclust's `emControl()$tol[1]` = 1e-5) or after maxIter iterations.
 * The reported loglik, BIC and z therefore belong to the reported parameters.
 *
 * BIC is mclust's: 2·loglik − npar·log(n), HIGHER IS BETTER (the opposite sign of stats::BIC). npar counts
 * k − 1 proportions, k·p means and k·p (VVI) or k·p(p+1)/2 (VVV) covariance parameters.
 *
 * Initialisation: either a given hard partition (`initial`, like `me(model, x, unmap(initial))`), or by default
 * the best of `nstart` seeded k-means++/Lloyd runs (cluster/kmeans.ts). mclust's `Mclust()` starts from
 * model-based hierarchical agglomeration instead; on well-separated data both lead to the same optimum.
 *
 * Singular covariances: when a component's covariance is (numerically) singular or the component is empty,
 * mclust stops and returns NA; here `fitGaussianMixture` throws InputError (field "k") saying which
 * component and iteration, and `gaussianMixtureBic` (mixture-bic.ts) records such a k as NaN with `singular: true`.
 * The singularity tests are mclust's (see mStep/checkDiagonal): a component with Σᵢ zᵢ ≤ √eps; for VVV,
 * min Lⱼⱼ / (1 + max Lⱼⱼ) ≤ √eps on the Cholesky factor L of its covariance; for VVI, near-zero sums of squares.
 */
import { InputError } from '../../core/errors.ts';
import { kmeans } from '../cluster/kmeans.ts';
import type { Rng } from '../random.ts';
import { cholesky, logDetFromCholesky, mahalanobis2 } from './linear-algebra.ts';

export type MixtureModel = 'VVI' | 'VVV';

export interface GaussianMixtureOptions {
  k: number;
  model: MixtureModel;
  /** Initial hard partition, labels 0..k−1 (every label used). Without it, k-means decides (needs `random`). */
  initial?: ArrayLike<number>;
  /** Seed or generator for the k-means initialisation (ignored when `initial` is given). */
  random?: number | Rng;
  /** k-means++ starts for the default initialisation (default 10). */
  nstart?: number;
  /** Relative log-likelihood change that counts as converged (default 1e-5, as mclust). */
  tol?: number;
  /** Maximum EM iterations (default 10 000; mclust's default is .Machine$integer.max). */
  maxIter?: number;
}

export interface GaussianMixtureResult {
  model: MixtureModel;
  k: number;
  n: number;
  p: number;
  loglik: number;
  /** 2·loglik − npar·log(n) (mclust's sign: higher is better). */
  bic: number;
  npar: number;
  /** EM iterations (M-step + E-step pairs), as mclust's `attr(fit, "info")["iterations"]`. */
  iterations: number;
  converged: boolean;
  /** Log-likelihood after each iteration (non-decreasing up to rounding: EM's ascent property). */
  trace: Float64Array;
  /** Mixing proportions, length k. */
  pro: Float64Array;
  /** k × p means, row-major. */
  mean: Float64Array;
  /** k covariance matrices p × p, row-major, one after another (diagonal for VVI). */
  sigma: Float64Array;
  /** n × k responsibilities (posterior membership probabilities), rows sum to 1. */
  z: Float64Array;
  /** argmax of each row of z (first maximum), 0..k−1, as mclust's `map(z)` minus one. */
  classification: Int32Array;
  /** 1 − max of each row of z. */
  uncertainty: Float64Array;
}

const LOG_2PI = Math.log(2 * Math.PI);
const EPS = 2.220446049250313e-16;
const SQRT_EPS = Math.sqrt(EPS);

/** Number of free parameters of a k-component model on p variables (mclust's `nMclustParams`). */
export function mixtureParameterCount(model: MixtureModel, k: number, p: number): number {
  const cov = model === 'VVI' ? p : (p * (p + 1)) / 2;
  return k - 1 + k * p + k * cov;
}

/** mclust's BIC: 2·loglik − npar·log(n); higher is better. */
export function mixtureBic(model: MixtureModel, loglik: number, n: number, p: number, k: number): number {
  return 2 * loglik - mixtureParameterCount(model, k, p) * Math.log(n);
}

export function fitGaussianMixture(
  x: Float64Array,
  n: number,
  p: number,
  options: GaussianMixtureOptions,
): GaussianMixtureResult {
  const { k, model } = options;
  const tol = options.tol ?? 1e-5;
  const maxIter = options.maxIter ?? 10000;
  validate(x, n, p, options, tol, maxIter);
  const z = new Float64Array(n * k);
  const labels = options.initial ?? defaultPartition(x, n, p, options);
  const counts = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= k) {
      throw new InputError('initial', `initial label ${c} of row ${i} is not an integer in 0..${k - 1}`);
    }
    z[i * k + c] = 1;
    counts[c]! += 1;
  }
  const empty = counts.indexOf(0);
  if (empty >= 0) throw new InputError('initial', `initial partition leaves component ${empty} empty`);

  const pro = new Float64Array(k);
  const mean = new Float64Array(k * p);
  const sigma = new Float64Array(k * p * p);
  const chol = new Float64Array(k * p * p);
  const trace: number[] = [];
  let hold = Number.MAX_VALUE / 2; // mclust's FLMAX/2: the first iteration never counts as converged
  let iterations = 0;
  let converged: boolean;
  do {
    iterations++;
    mStep(x, n, p, k, model, z, pro, mean, sigma, chol, iterations);
    const ll = eStep(x, n, p, k, pro, mean, chol, z);
    trace.push(ll);
    converged = Math.abs(hold - ll) / (1 + Math.abs(ll)) <= tol;
    hold = ll;
  } while (!converged && iterations < maxIter);
  const loglik = hold;

  const classification = new Int32Array(n);
  const uncertainty = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (z[i * k + c]! > z[i * k + best]!) best = c;
    classification[i] = best;
    uncertainty[i] = 1 - z[i * k + best]!;
  }
  const npar = mixtureParameterCount(model, k, p);
  return {
    model,
    k,
    n,
    p,
    loglik,
    bic: 2 * loglik - npar * Math.log(n),
    npar,
    iterations,
    converged,
    trace: Float64Array.from(trace),
    pro,
    mean,
    sigma,
    z,
    classification,
    uncertainty,
  };
}

function validate(
  x: Float64Array,
  n: number,
  p: number,
  options: GaussianMixtureOptions,
  tol: number,
  maxIter: number,
): void {
  if (!Number.isInteger(n) || !Number.isInteger(p) || n < 1 || p < 1 || x.length !== n * p) {
    throw new InputError('data', `data of length ${x.length} is not ${n} × ${p}`);
  }
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new InputError('data', `non-finite value in row ${Math.floor(i / p)}`);
  }
  const { k, model } = options;
  if (model !== 'VVI' && model !== 'VVV')
    throw new InputError('model', `model must be VVI or VVV, got ${String(model)}`);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new InputError('k', `k must be an integer in 1..${n}, got ${k}`);
  if (!(tol >= 0)) throw new InputError('tol', `tol must be ≥ 0, got ${tol}`);
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new InputError('maxIter', `maxIter must be ≥ 1, got ${maxIter}`);
  if (options.initial !== undefined && options.initial.length !== n) {
    throw new InputError('initial', `initial partition has ${options.initial.length} labels for ${n} rows`);
  }
  const nstart = options.nstart ?? 10;
  if (!Number.isInteger(nstart) || nstart < 1) throw new InputError('nstart', `nstart must be ≥ 1, got ${nstart}`);
  if (options.initial === undefined && options.random === undefined) {
    throw new InputError('random', 'give a seed (random) or an initial partition');
  }
}

function defaultPartition(x: Float64Array, n: number, p: number, options: GaussianMixtureOptions): Int32Array {
  return kmeans(x, n, p, { k: options.k, random: options.random!, nstart: options.nstart ?? 10 }).cluster;
}

/** M-step: proportions, means and ML covariances from z; their Cholesky factors into chol. */
function mStep(
  x: Float64Array,
  n: number,
  p: number,
  k: number,
  model: MixtureModel,
  z: Float64Array,
  pro: Float64Array,
  mean: Float64Array,
  sigma: Float64Array,
  chol: Float64Array,
  iteration: number,
): void {
  const d = new Float64Array(p);
  for (let c = 0; c < k; c++) {
    let sumz = 0;
    mean.fill(0, c * p, c * p + p);
    for (let i = 0; i < n; i++) {
      const w = z[i * k + c]!;
      sumz += w;
      for (let j = 0; j < p; j++) mean[c * p + j]! += w * x[i * p + j]!;
    }
    if (!(sumz > SQRT_EPS)) singular(c, iteration, 'is empty');
    pro[c] = sumz / n;
    for (let j = 0; j < p; j++) mean[c * p + j]! /= sumz;
    const s0 = c * p * p;
    sigma.fill(0, s0, s0 + p * p);
    for (let i = 0; i < n; i++) {
      const w = z[i * k + c]!;
      if (w === 0) continue;
      for (let j = 0; j < p; j++) d[j] = x[i * p + j]! - mean[c * p + j]!;
      if (model === 'VVI') {
        for (let j = 0; j < p; j++) sigma[s0 + j * p + j]! += w * d[j]! * d[j]!;
      } else {
        for (let a = 0; a < p; a++) for (let b = 0; b <= a; b++) sigma[s0 + a * p + b]! += w * d[a]! * d[b]!;
      }
    }
    if (model === 'VVI') checkDiagonal(sigma, s0, p, sumz, c, iteration);
    for (let a = 0; a < p; a++) {
      for (let b = 0; b <= a; b++) {
        const v = sigma[s0 + a * p + b]! / sumz;
        sigma[s0 + a * p + b] = v;
        sigma[s0 + b * p + a] = v;
      }
    }
    if (!cholesky(sigma, s0, p, chol, s0)) singular(c, iteration, 'has a singular covariance');
    if (model === 'VVV') {
      // mclust's meVVV: min |Lⱼⱼ| / (1 + max |Lⱼⱼ|) ≤ √eps.
      let lo = Infinity;
      let hi = 0;
      for (let j = 0; j < p; j++) {
        const v = chol[s0 + j * p + j]!;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      if (lo / (1 + hi) <= SQRT_EPS) singular(c, iteration, 'has a singular covariance');
    }
  }
}

/**
 * mclust's meVVI tests, on the weighted sums of squares Wⱼ = Σᵢ zᵢ (xᵢⱼ − μⱼ)² (before dividing by Σᵢ zᵢ) and
 * their geometric mean g: singular when min Wⱼ ≤ eps, g ≤ eps, g / Σᵢ zᵢ ≤ eps, or min Wⱼ / g ≤ eps.
 * These are absolute thresholds, as in mclust: rescaling a variable by 1e-8 can make a fit singular.
 */
function checkDiagonal(w: Float64Array, s0: number, p: number, sumz: number, c: number, iteration: number): void {
  let min = Infinity;
  let logSum = 0;
  for (let j = 0; j < p; j++) {
    const v = w[s0 + j * p + j]!;
    min = Math.min(min, v);
    logSum += Math.log(v);
  }
  if (!(min > EPS)) singular(c, iteration, 'has a (near-)zero variance');
  const g = Math.exp(logSum / p);
  if (!(g > EPS) || !(g / sumz > EPS) || !(min / g > EPS)) singular(c, iteration, 'has a (near-)zero variance');
}

function singular(c: number, iteration: number, what: string): never {
  throw new InputError(
    'k',
    `component ${c} ${what} at EM iteration ${iteration} (singular fit; mclust returns NA): try fewer components or the VVI model`,
  );
}

/** E-step: responsibilities into z (log-sum-exp per row); returns the log-likelihood. */
function eStep(
  x: Float64Array,
  n: number,
  p: number,
  k: number,
  pro: Float64Array,
  mean: Float64Array,
  chol: Float64Array,
  z: Float64Array,
): number {
  const constant = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    constant[c] = Math.log(pro[c]!) - 0.5 * (p * LOG_2PI + logDetFromCholesky(chol, c * p * p, p));
  }
  const v = new Float64Array(p);
  const work = new Float64Array(p);
  let loglik = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < p; j++) v[j] = x[i * p + j]! - mean[c * p + j]!;
      const l = constant[c]! - 0.5 * mahalanobis2(chol, c * p * p, p, v, work);
      z[i * k + c] = l;
      if (l > max) max = l;
    }
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(z[i * k + c]! - max);
    for (let c = 0; c < k; c++) z[i * k + c] = Math.exp(z[i * k + c]! - max) / sum;
    loglik += max + Math.log(sum);
  }
  return loglik;
}
