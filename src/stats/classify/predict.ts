import { InputError } from '../../core/errors.ts';
import type { MultinomialElasticNetFit } from './multinomial-elastic-net.ts';

/** Predicted class probabilities from a fitted multinomial elastic-net path. */

/** Probabilities at the path's lambda number `l` (0-based) for the rows of `x` (m × p): out[i·K + k]. */
export function predictProbabilities(
  fit: MultinomialElasticNetFit,
  x: Float64Array,
  m: number,
  l: number,
): Float64Array {
  const { p, classes: K } = fit;
  if (!Number.isInteger(l) || l < 0 || l >= fit.lambda.length)
    throw new InputError('lambda', `lambda index must be in 0 … ${fit.lambda.length - 1}`);
  return softmaxPredict(fit.a0.subarray(l * K, (l + 1) * K), fit.beta.subarray(l * K * p, (l + 1) * K * p), K, p, x, m);
}

/**
 * Probabilities at any lambda `s`, as R's `predict(fit, x, s, type = "response")` (exact = FALSE): the
 * coefficients (intercepts included) are interpolated linearly in lambda between the two neighbouring path
 * points, and a lambda outside the path takes the nearest end (glmnet's lambda.interp).
 */
export function predictProbabilitiesAt(
  fit: MultinomialElasticNetFit,
  x: Float64Array,
  m: number,
  s: number,
): Float64Array {
  const { p, classes: K, lambda } = fit;
  if (!Number.isFinite(s) || s < 0) throw new InputError('lambda', 'lambda must be a non-negative number');
  const L = lambda.length;
  if (L === 0) throw new InputError('lambda', 'the fit has no lambda');
  let left = 0;
  let right = 0;
  let frac = 1;
  if (L > 1) {
    const span = lambda[0]! - lambda[L - 1]!;
    const u = (l: number) => (lambda[0]! - lambda[l]!) / span;
    const sf = Math.min(Math.max((lambda[0]! - s) / span, 0), 1);
    while (left < L - 1 && u(left + 1) <= sf) left++;
    right = u(left) === sf ? left : left + 1;
    if (right !== left && Math.abs(u(left) - u(right)) >= Number.EPSILON) frac = (sf - u(right)) / (u(left) - u(right));
  }
  const a0 = new Float64Array(K);
  const beta = new Float64Array(K * p);
  for (let k = 0; k < K; k++) a0[k] = fit.a0[left * K + k]! * frac + fit.a0[right * K + k]! * (1 - frac);
  for (let t = 0; t < K * p; t++)
    beta[t] = fit.beta[left * K * p + t]! * frac + fit.beta[right * K * p + t]! * (1 - frac);
  return softmaxPredict(a0, beta, K, p, x, m);
}

function softmaxPredict(
  a0: Float64Array,
  beta: Float64Array,
  K: number,
  p: number,
  x: Float64Array,
  m: number,
): Float64Array {
  if (x.length !== m * p) throw new InputError('x', `x must hold m × ${p} values`);
  const out = new Float64Array(m * K);
  for (let i = 0; i < m; i++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      let eta = a0[k]!;
      for (let j = 0; j < p; j++) eta += beta[k * p + j]! * x[i * p + j]!;
      out[i * K + k] = eta;
      max = Math.max(max, eta);
    }
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(out[i * K + k]! - max); // shifted by the maximum so exp never overflows
      out[i * K + k] = e;
      sum += e;
    }
    for (let k = 0; k < K; k++) out[i * K + k] = out[i * K + k]! / sum;
  }
  return out;
}
