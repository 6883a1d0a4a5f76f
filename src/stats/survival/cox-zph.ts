import { chiSquareUpper } from '../distributions.ts';
import { InputError } from '../../core/errors.ts';
import { columnMeans, quadraticInverse, riskSetOrder, type ChiSquareTest, type CoxTies } from './cox.ts';
import { checkSurvivalData, kaplanMeier } from './kaplan-meier.ts';

/**
 * The Grambsch–Therneau test of proportional hazards in the form R's survival (≥ 3.0) computes it in
 * `cox.zph(fit, transform = "km", terms = TRUE)`: a score test, at the fitted β, for adding the interactions
 * x_j·g(t) to the model, with g(t) = 1 − S(t−) from the Kaplan–Meier curve of all subjects (strata ignored),
 * centred at its mean over the events. The score for the added terms is Σ_deaths g(t)(x − x̄(t)), the score for
 * β itself is taken as 0 (the fit's own score), and the information is the full 2p × 2p matrix
 * [[I, I_g], [I_g, I_gg]] with I_g = Σ g(t)V(t) and I_gg = Σ g(t)²V(t) (Efron or Breslow V(t) as in the fit).
 * Per covariate the test uses the rows and columns of β and of that one interaction (1 df); the global test
 * uses all of them (p df). This is not the older correlation test of the scaled Schoenfeld residuals.
 */
export interface CoxZph {
  covariates: ChiSquareTest[];
  global: ChiSquareTest;
}

/**
 * @param x covariates, row-major n × p, as given to coxph
 * @param beta the fitted coefficients (CoxFit.coef)
 */
export function coxZph(
  time: Float64Array,
  event: Uint8Array,
  x: Float64Array,
  p: number,
  beta: Float64Array,
  options: { ties?: CoxTies; strata?: Int32Array } = {},
): CoxZph {
  checkSurvivalData(time, event);
  const n = time.length;
  if (x.length !== n * p || beta.length !== p)
    throw new InputError('covariates', `x must be ${n} × ${p} and beta must have ${p} values`);
  const efron = (options.ties ?? 'efron') === 'efron';
  const strata = options.strata ?? new Int32Array(n);
  const g = kmTransform(time, event);

  const order = riskSetOrder(time, strata);
  const means = columnMeans(x, n, p);
  const q = 2 * p;
  const u = new Float64Array(q);
  const imat = new Float64Array(q * q);
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const cmat = new Float64Array(p * p);
  const cmat2 = new Float64Array(p * p);
  const xc = new Float64Array(p);
  // Adds weight·(C/D − mean·meanᵀ) to the three blocks, the time weight entering once and twice.
  const addInformation = (weight: number, gt: number, d: number, f: number) => {
    for (let j = 0; j < p; j++) {
      const mj = (a[j]! - f * a2[j]!) / d;
      for (let k = 0; k <= j; k++) {
        const v = (weight * (cmat[j * p + k]! - f * cmat2[j * p + k]! - mj * (a[k]! - f * a2[k]!))) / d;
        imat[j * q + k]! += v;
        imat[j * q + k + p]! += gt * v;
        imat[(j + p) * q + k + p]! += gt * gt * v;
      }
    }
  };

  let r = 0;
  while (r < n) {
    const s = strata[order[r]!]!;
    let denom = 0;
    a.fill(0);
    cmat.fill(0);
    while (r < n && strata[order[r]!] === s) {
      const t = time[order[r]!]!;
      const gt = g[order[r]!]!;
      let deaths = 0;
      let denom2 = 0;
      a2.fill(0);
      cmat2.fill(0);
      for (; r < n && strata[order[r]!] === s && time[order[r]!] === t; r++) {
        const i = order[r]!;
        let eta = 0;
        for (let j = 0; j < p; j++) {
          xc[j] = x[i * p + j]! - means[j]!;
          eta += xc[j]! * beta[j]!;
        }
        const risk = Math.exp(eta);
        const dead = event[i] === 1;
        const sa = dead ? a2 : a;
        const sc = dead ? cmat2 : cmat;
        if (dead) {
          deaths++;
          denom2 += risk;
        } else denom += risk;
        for (let j = 0; j < p; j++) {
          if (dead) u[j + p]! += gt * xc[j]!;
          sa[j]! += risk * xc[j]!;
          for (let k = 0; k <= j; k++) sc[j * p + k]! += risk * xc[j]! * xc[k]!;
        }
      }
      if (deaths === 0) continue;
      denom += denom2;
      for (let j = 0; j < p; j++) {
        a[j]! += a2[j]!;
        for (let k = 0; k <= j; k++) cmat[j * p + k]! += cmat2[j * p + k]!;
      }
      if (!efron || deaths === 1) {
        for (let j = 0; j < p; j++) u[j + p]! -= (gt * deaths * a[j]!) / denom;
        addInformation(deaths, gt, denom, 0);
      } else {
        for (let m = 0; m < deaths; m++) {
          const f = m / deaths;
          const d = denom - f * denom2;
          for (let j = 0; j < p; j++) u[j + p]! -= (gt * (a[j]! - f * a2[j]!)) / d;
          addInformation(1, gt, d, f);
        }
      }
    }
  }
  // Mirror the lower triangles of the diagonal blocks; the off-diagonal block was filled for k ≤ j only.
  for (let j = 0; j < p; j++)
    for (let k = 0; k < j; k++) {
      imat[k * q + j] = imat[j * q + k]!;
      imat[(k + p) * q + j + p] = imat[(j + p) * q + k + p]!;
      imat[k * q + j + p] = imat[j * q + k + p]!;
    }
  for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) imat[(j + p) * q + k] = imat[k * q + j + p]!;

  const covariates = Array.from({ length: p }, (_, j) => {
    const keep = [...Array.from({ length: p }, (_, k) => k), p + j];
    const sub = new Float64Array(keep.length * keep.length);
    keep.forEach((ra, i1) => keep.forEach((cb, i2) => (sub[i1 * keep.length + i2] = imat[ra * q + cb]!)));
    const score = new Float64Array(keep.length);
    score[p] = u[p + j]!;
    const chisq = quadraticInverse(sub, score, keep.length);
    return { chisq, df: 1, p: chiSquareUpper(chisq, 1) };
  });
  const score = new Float64Array(q);
  score.set(u.subarray(p), p);
  const chisq = quadraticInverse(imat, score, q);
  return { covariates, global: { chisq, df: p, p: chiSquareUpper(chisq, p) } };
}

/** g(t) = 1 − S(t−) from the Kaplan–Meier curve of all subjects, centred at its mean over the events. */
function kmTransform(time: Float64Array, event: Uint8Array): Float64Array {
  const curve = kaplanMeier(time, event);
  const before = new Map<number, number>();
  curve.time.forEach((t, k) => before.set(t, k === 0 ? 1 : curve.survival[k - 1]!));
  const g = Float64Array.from(time, (t) => 1 - before.get(t)!);
  let sum = 0;
  let count = 0;
  event.forEach((e, i) => {
    if (e === 1) {
      sum += g[i]!;
      count++;
    }
  });
  if (count === 0) throw new InputError('event', 'the proportional hazards test needs at least one event');
  const mean = sum / count;
  return g.map((v) => v - mean);
}
