import { InputError } from '../core/errors.ts';
import { chooseLambda } from '../stats/classify/cross-validation.ts';
import { multinomialElasticNet, type MultinomialElasticNetFit } from '../stats/classify/multinomial-elastic-net.ts';
import type { Rng } from '../stats/random.ts';

/**
 * The bedside classifier's fitting procedure, a relaxed lasso (Meinshausen 2007; as glmnet's `relax = TRUE` at
 * γ = 0, cross-validated as cv.glmnet does it, but with a refit that is lightly penalised instead of unpenalised):
 *
 * 1. Selection. The lasso path (elastic net with the caller's α) proposes the marker sets: the model at each
 *    lambda down to where the path first uses more markers than the budget. Which of them is chosen by k-fold
 *    cross-validation of the refitted model (step 2) at each lambda, by lambda.1se or lambda.min. Not simply the
 *    largest set within the budget: a marker that adds nothing costs an assay at every bedside and adds noise to
 *    the rule, and when no marker predicts, the intercept-only model wins and no rule is exported. Not the lasso
 *    path's own cross-validated deviance either: that measures the shrunken path model, whose best lambda is not
 *    the best for the refit (with a small budget the path model is so shrunken that the deviance keeps falling;
 *    on the demonstration cohort, 5 of 19 markers, its out-of-fold accuracy was 0.70 where the refit's is 0.91).
 * 2. Refit. A multinomial model on the selected markers only, with a light ridge penalty (see RIDGE).
 *
 * Both steps together are the procedure: `outOfFold` repeats them on every training part of the outer folds, so
 * the cross-validated performance describes the procedure and not a selection made with the held-out patients.
 */

export interface ProcedureOptions {
  classes: number;
  alpha: number;
  maxMarkers: number;
  nfolds: number;
  lambdaRule: '1se' | 'min';
}

/** The selection path on all markers, as far as the budget. */
export interface BudgetPath {
  fit: MultinomialElasticNetFit;
  /** Markers used at each lambda of the path. */
  markersUsed: Int32Array;
}

export interface Refit {
  /** The selected markers (columns of x, increasing). */
  markers: number[];
  /** K intercepts and K × markers coefficients (row-major), on the scale of x. */
  a0: Float64Array;
  beta: Float64Array;
}

export interface Procedure extends Refit {
  path: BudgetPath;
  /** Cross-validated deviance of the refit at each lambda of the path (NaN where over the budget), its sd. */
  cvm: Float64Array;
  cvsd: Float64Array;
  /** The lambda (position in the path) whose markers were selected. */
  chosen: number;
}

/**
 * The refit's penalty, in glmnet's scaling (λ/2 Σ β² against the mean log-likelihood): λ = RIDGE / n makes it a
 * N(0, 1/RIDGE) prior on each standardised coefficient, worth about one patient's information. Negligible when
 * the immunotypes overlap (hundreds of patients outweigh it), yet it keeps the coefficients finite when they are
 * separable on the selected markers, where an unpenalised fit diverges. Ridge, not lasso: the markers are chosen
 * already, and the refit is to keep all of them, only unshrunken. Stronger priors (RIDGE 10) blunt the
 * probabilities of well-separated immunotypes; weaker ones (0.1) change little where the fit is stable anyway.
 */
const RIDGE = 1;
/** The default lambda path of glmnet, which the selection path follows. */
const NLAMBDA = 100;
/** Lambdas fitted at a time until the path goes over the budget (its small lambdas are the costly ones). */
const CHUNK = 10;
/** Lambdas added where the default path skips over the marker budget. */
const REFINE = 20;
/** As cv.glmnet: the held-out probability of the true class is clamped before the deviance is taken. */
const PROB_MIN = 1e-5;

export function rowsOf(x: Float64Array, p: number, rows: readonly number[]): Float64Array {
  const out = new Float64Array(rows.length * p);
  rows.forEach((i, r) => out.set(x.subarray(i * p, (i + 1) * p), r * p));
  return out;
}

/** The markers a model of the path uses: those with a non-zero coefficient for any class. */
export function markersAt(fit: MultinomialElasticNetFit, l: number): number[] {
  const { p, classes: K } = fit;
  const classes = [...Array(K).keys()];
  return [...Array(p).keys()].filter((j) => classes.some((k) => fit.beta[(l * K + k) * p + j] !== 0));
}

/**
 * glmnet's default lambdas (λmax down to 1e-4 λmax, or 0.01 λmax when n < p, 100 of them), fitted only down to
 * the first whose model uses more markers than the budget, or to where glmnet's own path would stop. Several
 * markers can enter between two lambdas and skip the budget (3 markers at once where 2 are allowed): the gap is
 * then filled with REFINE lambdas more.
 */
export function budgetPath(x: Float64Array, n: number, p: number, y: Int32Array, o: ProcedureOptions): BudgetPath {
  const options = { alpha: o.alpha, classes: o.classes };
  const lambdaMax = multinomialElasticNet(x, n, p, y, { ...options, nlambda: 1 }).lambda[0]!;
  const step = (n < p ? 0.01 : 1e-4) ** (1 / (NLAMBDA - 1));
  const grid = Array.from({ length: NLAMBDA }, (_, l) => lambdaMax * step ** l);
  const countsOf = (fit: MultinomialElasticNetFit) => Int32Array.from(fit.lambda, (_, l) => markersAt(fit, l).length);
  for (let end = CHUNK; ; end += CHUNK) {
    const fit = multinomialElasticNet(x, n, p, y, { ...options, lambda: grid.slice(0, Math.min(end, NLAMBDA)) });
    if (!fit.converged) throw new InputError('maxit', 'the lasso path did not converge');
    const counts = countsOf(fit);
    const over = counts.findIndex((c) => c > o.maxMarkers);
    if (over < 0) {
      const d = fit.devRatio;
      const L = d.length;
      // glmnet's early stop (deviance ratio > 0.999, or a gain < 1e-5), the end of the path.
      if (end >= NLAMBDA || d[L - 1]! > 0.999 || d[L - 1]! - d[L - 2]! < 1e-5) return { fit, markersUsed: counts };
      continue;
    }
    if (over === 0 || counts[over - 1]! >= o.maxMarkers)
      return { fit: truncated(fit, over + 1), markersUsed: counts.slice(0, over + 1) };
    const [high, low] = [grid[over - 1]!, grid[over]!];
    const gap = Array.from({ length: REFINE }, (_, t) => high * (low / high) ** ((t + 1) / (REFINE + 1)));
    const refined = multinomialElasticNet(x, n, p, y, { ...options, lambda: [...grid.slice(0, over), ...gap, low] });
    return { fit: refined, markersUsed: countsOf(refined) };
  }
}

function truncated(fit: MultinomialElasticNetFit, L: number): MultinomialElasticNetFit {
  const K = fit.classes;
  return {
    ...fit,
    lambda: fit.lambda.slice(0, L),
    a0: fit.a0.slice(0, L * K),
    beta: fit.beta.slice(0, L * K * fit.p),
    devRatio: fit.devRatio.slice(0, L),
  };
}

/** The ridge refit (RIDGE) on the columns `markers` of x; with no marker, the class frequencies. */
export function refit(x: Float64Array, n: number, p: number, y: Int32Array, K: number, markers: number[]): Refit {
  const q = markers.length;
  if (q === 0) {
    const log = Array.from({ length: K }, (_, k) => Math.log(y.filter((c) => c === k).length / n));
    const mean = log.reduce((s, v) => s + v, 0) / K;
    return { markers, a0: Float64Array.from(log, (v) => v - mean), beta: new Float64Array(0) };
  }
  const xq = new Float64Array(n * q);
  for (let i = 0; i < n; i++) markers.forEach((j, c) => (xq[i * q + c] = x[i * p + j]!));
  const fit = multinomialElasticNet(xq, n, q, y, { alpha: 0, classes: K, lambda: [RIDGE / n] });
  if (!fit.converged) throw new InputError('maxit', 'the refit on the selected markers did not converge');
  return { markers, a0: fit.a0.slice(0, K), beta: fit.beta.slice(0, K * q) };
}

/** Class probabilities of a refit for the m rows of x (all p columns): out[i·K + k]. */
export function predictRefit(model: Refit, x: Float64Array, m: number, p: number): Float64Array {
  const K = model.a0.length;
  const q = model.markers.length;
  const out = new Float64Array(m * K);
  for (let i = 0; i < m; i++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      let eta = model.a0[k]!;
      model.markers.forEach((j, c) => (eta += model.beta[k * q + c]! * x[i * p + j]!));
      out[i * K + k] = eta;
      max = Math.max(max, eta);
    }
    let sum = 0;
    for (let k = 0; k < K; k++) sum += out[i * K + k] = Math.exp(out[i * K + k]! - max);
    for (let k = 0; k < K; k++) out[i * K + k] = out[i * K + k]! / sum;
  }
  return out;
}

/** Selection and refit on (x, y); the inner folds of the selection are drawn from `rng`. */
export function fitProcedure(
  x: Float64Array,
  n: number,
  p: number,
  y: Int32Array,
  o: ProcedureOptions,
  rng: Rng,
): Procedure {
  const K = o.classes;
  const path = budgetPath(x, n, p, y, o);
  const { fit, markersUsed } = path;
  // The count need not grow monotonically along the path: the lambdas within the budget need not be a prefix.
  const eligible = [...markersUsed.keys()].filter((l) => markersUsed[l]! <= o.maxMarkers);
  const E = eligible.length;
  const F = Math.min(o.nfolds, n); // a tiny outer training part may have fewer patients than folds
  const foldid = stratifiedFolds(y, K, F, rng);
  const deviance = new Float64Array(F * E); // mean held-out deviance of fold f at eligible lambda e
  const size = new Int32Array(F);
  for (let f = 0; f < F; f++) {
    const train = [...y.keys()].filter((i) => foldid[i] !== f);
    const test = [...y.keys()].filter((i) => foldid[i] === f);
    size[f] = test.length;
    const [xtrain, xtest] = [rowsOf(x, p, train), rowsOf(x, p, test)];
    const ytrain = Int32Array.from(train, (i) => y[i]!);
    // As cv.glmnet: the fold follows the lambdas of the whole data's path, and its model at a lambda is refitted
    // on the markers its own path uses there (the same set at several lambdas is refitted once).
    const lambda = fit.lambda.subarray(0, eligible[E - 1]! + 1);
    const foldPath = multinomialElasticNet(xtrain, train.length, p, ytrain, { alpha: o.alpha, classes: K, lambda });
    const bySet = new Map<string, number>();
    eligible.forEach((l, e) => {
      const set = markersAt(foldPath, l);
      const key = set.join(',');
      if (!bySet.has(key)) {
        const prob = predictRefit(refit(xtrain, train.length, p, ytrain, K, set), xtest, test.length, p);
        const d = test.reduce(
          (s, i, r) => s - 2 * Math.log(Math.min(Math.max(prob[r * K + y[i]!]!, PROB_MIN), 1 - PROB_MIN)),
          0,
        );
        bySet.set(key, d / test.length);
      }
      deviance[f * E + e] = bySet.get(key)!;
    });
  }
  // cv.glmnet's cvm (fold means weighted by fold size) and cvsd.
  const cvm = new Float64Array(fit.lambda.length).fill(Number.NaN);
  const cvsd = new Float64Array(fit.lambda.length).fill(Number.NaN);
  eligible.forEach((l, e) => {
    let m = 0;
    for (let f = 0; f < F; f++) m += size[f]! * deviance[f * E + e]!;
    m /= n;
    let ss = 0;
    for (let f = 0; f < F; f++) ss += size[f]! * (deviance[f * E + e]! - m) ** 2;
    cvm[l] = m;
    cvsd[l] = Math.sqrt(ss / n / (F - 1));
  });
  const pick = (a: Float64Array) => Float64Array.from(eligible, (l) => a[l]!);
  const best = chooseLambda(pick(fit.lambda), pick(cvm), pick(cvsd));
  const chosen = eligible[o.lambdaRule === 'min' ? best.indexMin : best.index1se]!;
  return { ...refit(x, n, p, y, K, markersAt(fit, chosen)), path, cvm, cvsd, chosen };
}

/**
 * Out-of-fold class probabilities (n × K) of the whole procedure: selection and refit on the training part of
 * each fold of `foldid`, applied to its held-out part. Also the markers each fold selected.
 */
export function outOfFold(
  x: Float64Array,
  n: number,
  p: number,
  y: Int32Array,
  foldid: Int32Array,
  o: ProcedureOptions,
  rng: Rng,
): { probabilities: Float64Array; selected: number[][] } {
  const K = o.classes;
  const probabilities = new Float64Array(n * K);
  const selected: number[][] = [];
  for (let f = 0; f < o.nfolds; f++) {
    const train = [...y.keys()].filter((i) => foldid[i] !== f);
    const test = [...y.keys()].filter((i) => foldid[i] === f);
    const ytrain = Int32Array.from(train, (i) => y[i]!);
    const model = fitProcedure(rowsOf(x, p, train), train.length, p, ytrain, o, rng);
    const prob = predictRefit(model, rowsOf(x, p, test), test.length, p);
    test.forEach((i, r) => probabilities.set(prob.subarray(r * K, (r + 1) * K), i * K));
    selected.push(model.markers);
  }
  return { probabilities, selected };
}

/**
 * Folds stratified by immunotype: each class shuffled and dealt round the folds, continuing where the previous
 * class stopped, so every fold holds each immunotype in the cohort's proportions, every training set keeps every
 * immunotype, and fold sizes differ by at most one.
 */
export function stratifiedFolds(labels: Int32Array, K: number, nfolds: number, rng: Rng): Int32Array {
  const foldid = new Int32Array(labels.length);
  let next = 0;
  for (let k = 0; k < K; k++) {
    const members = rng.shuffle([...labels.keys()].filter((i) => labels[i] === k));
    for (const i of members) foldid[i] = next++ % nfolds;
  }
  return foldid;
}
