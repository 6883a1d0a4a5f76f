import { InputError } from '../../core/errors.ts';
import { Rng } from '../random.ts';
import {
  multinomialElasticNet,
  type MultinomialElasticNetFit,
  type MultinomialElasticNetOptions,
} from './multinomial-elastic-net.ts';
import { predictProbabilitiesAt } from './predict.ts';

/**
 * k-fold cross-validation of the multinomial elastic net, as R's
 * `cv.glmnet(x, y, family = "multinomial", type.measure = "deviance", foldid = ..., grouped = TRUE)`:
 * the full data fix the lambda path; each fold's model is refitted on the other folds with the same options (its
 * own default path, early stopping included, unless lambdas are given: cv.glmnet passes only the user's `lambda`
 * on) and predicts the held-out fold at the full path's lambdas by glmnet's linear interpolation in lambda; the held-out multinomial deviance of an observation is
 * −2 log p̂(true class), with p̂ clamped to [1e-5, 1 − 1e-5]. Per lambda, cvm is the mean over folds of the fold
 * means weighted by fold size, and cvsd = sqrt(Σf nf (mf − cvm)² / n / (folds − 1)). lambda.min is the largest
 * lambda with the smallest cvm; lambda.1se the largest lambda whose cvm is within cvm + cvsd at lambda.min.
 */

export interface CrossValidationOptions extends MultinomialElasticNetOptions {
  /** Fold of each observation, 0 … folds − 1; when absent, drawn from the seeded generator. */
  foldid?: Int32Array;
  /** Number of folds when foldid is absent; default 10 (as cv.glmnet), at least 3. */
  nfolds?: number;
  /** Seed or generator for the fold assignment when foldid is absent; default seed 1. */
  random?: number | Rng;
}

export interface CrossValidationResult {
  /** The fit on all the data, whose path the folds follow. */
  fit: MultinomialElasticNetFit;
  lambda: Float64Array;
  /** Mean cross-validated deviance at each lambda. */
  cvm: Float64Array;
  /** Its standard error. */
  cvsd: Float64Array;
  lambdaMin: number;
  lambda1se: number;
  /** Positions of lambdaMin and lambda1se in the path (0-based). */
  indexMin: number;
  index1se: number;
  /** The folds used (0-based). */
  foldid: Int32Array;
}

const PROB_MIN = 1e-5;

/** Balanced random folds, as R's `sample(rep(seq(nfolds), length = n))`: sizes differ by at most one. */
export function assignFolds(n: number, nfolds: number, random: number | Rng = 1): Int32Array {
  if (!Number.isInteger(nfolds) || nfolds < 2 || nfolds > n)
    throw new InputError('nfolds', 'nfolds must be an integer between 2 and n');
  const rng = typeof random === 'number' ? new Rng(random) : random;
  const folds = Int32Array.from({ length: n }, (_, i) => i % nfolds);
  return rng.shuffle(folds);
}

export function crossValidate(
  x: Float64Array,
  n: number,
  p: number,
  y: Int32Array,
  options: CrossValidationOptions = {},
): CrossValidationResult {
  const { foldid: givenFolds, nfolds: givenNfolds, random, ...fitOptions } = options;
  const foldid = givenFolds ?? assignFolds(n, givenNfolds ?? 10, random ?? 1);
  if (foldid.length !== n) throw new InputError('foldid', 'foldid must have one fold per observation');
  let nfolds = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(foldid[i]!) || foldid[i]! < 0) throw new InputError('foldid', 'folds are 0 … k − 1');
    nfolds = Math.max(nfolds, foldid[i]! + 1);
  }
  const foldSize = new Int32Array(nfolds);
  for (let i = 0; i < n; i++) foldSize[foldid[i]!]!++;
  // As cv.glmnet: fewer than 3 folds give no usable standard error.
  if (nfolds < 3 || Math.min(...foldSize) === 0)
    throw new InputError('foldid', 'need at least 3 non-empty folds, numbered 0 … k − 1');
  let K = options.classes ?? 0;
  for (let i = 0; i < n; i++) K = Math.max(K, y[i]! + 1);

  const fit = multinomialElasticNet(x, n, p, y, { ...fitOptions, classes: K });
  const lambda = fit.lambda;
  const L = lambda.length;
  const foldMean = new Float64Array(nfolds * L); // foldMean[f·L + l]
  for (let f = 0; f < nfolds; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (foldid[i] === f ? test : train).push(i);
    const sub = (rows: number[]) => {
      const out = new Float64Array(rows.length * p);
      rows.forEach((i, r) => out.set(x.subarray(i * p, (i + 1) * p), r * p));
      return out;
    };
    const foldFit = multinomialElasticNet(
      sub(train),
      train.length,
      p,
      Int32Array.from(train, (i) => y[i]!),
      {
        ...fitOptions,
        classes: K,
      },
    );
    if (!foldFit.converged) throw new InputError('maxit', `fold ${f} did not converge within maxit`);
    const xt = sub(test);
    for (let l = 0; l < L; l++) {
      const prob = predictProbabilitiesAt(foldFit, xt, test.length, lambda[l]!);
      let s = 0;
      test.forEach((i, r) => {
        const pr = Math.min(Math.max(prob[r * K + y[i]!]!, PROB_MIN), 1 - PROB_MIN);
        s += -2 * Math.log(pr);
      });
      foldMean[f * L + l] = s / test.length;
    }
  }
  const cvm = new Float64Array(L);
  const cvsd = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    let m = 0;
    for (let f = 0; f < nfolds; f++) m += foldSize[f]! * foldMean[f * L + l]!;
    m /= n;
    let ss = 0;
    for (let f = 0; f < nfolds; f++) ss += foldSize[f]! * (foldMean[f * L + l]! - m) ** 2;
    cvm[l] = m;
    cvsd[l] = Math.sqrt(ss / n / (nfolds - 1));
  }
  const { indexMin, index1se } = chooseLambda(lambda, cvm, cvsd);
  return {
    fit,
    lambda,
    cvm,
    cvsd,
    lambdaMin: lambda[indexMin]!,
    lambda1se: lambda[index1se]!,
    indexMin,
    index1se,
    foldid,
  };
}

/** R's getOptcv.glmnet: the largest lambda at the minimum cvm, and the largest within one standard error of it. */
export function chooseLambda(
  lambda: Float64Array,
  cvm: Float64Array,
  cvsd: Float64Array,
): { indexMin: number; index1se: number } {
  let cvmin = Infinity;
  for (const c of cvm) cvmin = Math.min(cvmin, c);
  const largestWhere = (ok: (l: number) => boolean) => {
    let best = -1;
    for (let l = 0; l < lambda.length; l++) if (ok(l) && (best < 0 || lambda[l]! > lambda[best]!)) best = l;
    return best;
  };
  const indexMin = largestWhere((l) => cvm[l]! <= cvmin);
  const semin = cvm[indexMin]! + cvsd[indexMin]!;
  const index1se = largestWhere((l) => cvm[l]! <= semin);
  return { indexMin, index1se };
}
