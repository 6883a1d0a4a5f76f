import { InputError } from '../../core/errors.ts';

/**
 * Multinomial logistic regression with an elastic-net penalty along a lambda path, as R's
 * `glmnet(x, y, family = "multinomial", alpha, standardize = TRUE, type.multinomial = "ungrouped")`.
 *
 * Objective (unit observation weights, glmnet's scaling), over intercepts β0k and coefficients βjk of the
 * standardised inputs (centred, divided by the population standard deviation):
 *   −(1/n) Σi [Σk yik ηik − log Σk exp ηik] + λ Σk Σj [(1 − α)/2 βjk² + α |βjk|].
 * Solved as glmnet's `lognetn` does: per class a quadratic (IRLS) approximation of the log-likelihood, cyclic
 * coordinate descent over the variables of the strong-rule set with active-set cycling until the largest weighted
 * squared change is below thresh × null deviance, warm starts along the path, and after each sweep over the classes
 * the non-identifiable shift of every variable's K coefficients is removed by minimising its penalty
 * (`elc`: the mean for α = 0 or K = 2, the median for α = 1) and the intercepts are centred. The KKT conditions of
 * the variables left out by the strong rule are checked before a lambda is accepted.
 * Coefficients are reported on the original scale with the intercepts centred to sum 0 (as `coef()`).
 */

export interface MultinomialElasticNetOptions {
  /** Elastic-net mixing, 0 (ridge) … 1 (lasso); default 1. */
  alpha?: number;
  /** A decreasing lambda sequence to use instead of the default path (no early stopping then, as glmnet). */
  lambda?: ArrayLike<number>;
  /** Length of the default path; default 100. */
  nlambda?: number;
  /** Smallest lambda of the default path as a fraction of lambda_max; default 1e-4 (0.01 when n < p). */
  lambdaMinRatio?: number;
  /** Convergence threshold, relative to the null deviance; default 1e-7 (glmnet's). */
  thresh?: number;
  /** Maximum number of coordinate-descent passes over the whole path; default 1e5. */
  maxit?: number;
  /** Number of classes; default max(y) + 1. */
  classes?: number;
}

export interface MultinomialElasticNetFit {
  n: number;
  p: number;
  /** Number of classes K. */
  classes: number;
  alpha: number;
  /** The lambdas fitted (the default path may stop early, as glmnet: deviance ratio > 0.999 or gain < 1e-5). */
  lambda: Float64Array;
  /** Intercepts, original scale, centred over classes: a0[l·K + k]. */
  a0: Float64Array;
  /** Coefficients, original scale: beta[(l·K + k)·p + j]. */
  beta: Float64Array;
  /** Fraction of the null deviance explained at each lambda (glmnet's dev.ratio). */
  devRatio: Float64Array;
  /** Null deviance, 2 × the multinomial log-likelihood loss of the intercept-only model (glmnet's nulldev). */
  nullDev: number;
  /** Coordinate-descent passes used (glmnet's npasses). */
  passes: number;
  /** False when maxit was reached; the path then holds the lambdas finished before. */
  converged: boolean;
}

// glmnet.control() defaults.
const FDEV = 1e-5;
const EPS = 1e-6;
const MNLAM = 5;
const DEVMAX = 0.999;
const PMIN = 1e-9;
const EXMX = 250;

export function multinomialElasticNet(
  x: Float64Array,
  n: number,
  p: number,
  y: Int32Array,
  options: MultinomialElasticNetOptions = {},
): MultinomialElasticNetFit {
  const alpha = options.alpha ?? 1;
  if (!(alpha >= 0 && alpha <= 1)) throw new InputError('alpha', 'alpha must be in [0, 1]');
  if (!Number.isInteger(n) || !Number.isInteger(p) || n < 2 || p < 1 || x.length !== n * p)
    throw new InputError('x', 'x must hold n × p values (row-major), n ≥ 2, p ≥ 1');
  if (y.length !== n) throw new InputError('y', 'y must have one class per row of x');
  for (let i = 0; i < n * p; i++) if (!Number.isFinite(x[i]!)) throw new InputError('x', 'x has a non-finite value');
  let maxY = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isInteger(y[i]!) || y[i]! < 0) throw new InputError('y', 'classes must be integers 0 … K − 1');
    maxY = Math.max(maxY, y[i]!);
  }
  const K = options.classes ?? maxY + 1;
  if (K < 2 || maxY >= K) throw new InputError('y', 'need at least 2 classes, labelled 0 … K − 1');
  const counts = new Int32Array(K);
  for (let i = 0; i < n; i++) counts[y[i]!]!++;
  // As glmnet: a class with 0 or 1 observations makes the fit meaningless.
  if (Math.min(...counts) <= 1) throw new InputError('y', 'every class needs at least 2 observations');
  const thresh = options.thresh ?? 1e-7;
  const maxit = options.maxit ?? 1e5;
  const userLambda = options.lambda !== undefined ? Float64Array.from(options.lambda) : undefined;
  if (userLambda !== undefined) {
    if (userLambda.length === 0) throw new InputError('lambda', 'lambda must not be empty');
    for (let l = 0; l < userLambda.length; l++) {
      if (!(userLambda[l]! >= 0) || (l > 0 && userLambda[l]! > userLambda[l - 1]!))
        throw new InputError('lambda', 'lambda must be non-negative and decreasing');
    }
  }
  const nlam = userLambda?.length ?? options.nlambda ?? 100;
  if (!Number.isInteger(nlam) || nlam < 1) throw new InputError('nlambda', 'nlambda must be a positive integer');
  const flmin = options.lambdaMinRatio ?? (n < p ? 0.01 : 1e-4);
  if (userLambda === undefined && !(flmin > 0 && flmin < 1))
    throw new InputError('lambdaMinRatio', 'lambdaMinRatio must be in (0, 1)');

  // Standardise (weights 1/n): column-major copy, centred and scaled by the population sd; constant columns out.
  const w = 1 / n;
  const xm = new Float64Array(p);
  const xs = new Float64Array(p);
  const ju = new Uint8Array(p);
  const xc = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * p + j]!;
    m *= w;
    let v = 0;
    for (let i = 0; i < n; i++) v += (x[i * p + j]! - m) ** 2;
    const s = Math.sqrt(v * w);
    xm[j] = m;
    xs[j] = s;
    let constant = true;
    for (let i = 1; i < n; i++) if (x[i * p + j] !== x[j]) constant = false;
    ju[j] = constant ? 0 : 1;
    if (!constant) for (let i = 0; i < n; i++) xc[j * n + i] = (x[i * p + j]! - m) / s;
  }
  const col = (j: number) => xc.subarray(j * n, (j + 1) * n);

  const pmax = 1 - PMIN;
  const emin = PMIN / pmax;
  const emax = 1 / emin;
  const pfm = (1 + PMIN) * PMIN;
  const pfx = (1 - PMIN) * pmax;
  const vmin = pfm * pmax;
  const omb = 1 - alpha;
  const P1 = p + 1;
  const b = new Float64Array(P1 * K); // b[k·(p+1)]: intercept, b[k·(p+1) + 1 + j]: coefficient j
  const bs = new Float64Array(P1 * K);
  let dev1 = 0;
  for (let k = 0; k < K; k++) {
    const q0 = counts[k]! * w;
    b[k * P1] = Math.log(q0);
    dev1 -= q0 * b[k * P1]!;
  }
  const dev0 = dev1; // y is 0/1, so Σ w y log y = 0
  let meanB0 = 0;
  for (let k = 0; k < K; k++) meanB0 += b[k * P1]!;
  meanB0 /= K;
  const q = new Float64Array(n * K); // unnormalised probabilities exp(η), q[i·K + k]
  const sxp = new Float64Array(n);
  for (let k = 0; k < K; k++) {
    b[k * P1] = b[k * P1]! - meanB0;
    const e = Math.exp(b[k * P1]!);
    for (let i = 0; i < n; i++) {
      q[i * K + k] = e;
      sxp[i] = sxp[i]! + e;
    }
  }
  const r = new Float64Array(n);
  const v = new Float64Array(n);
  const di = new Float64Array(n);
  const xv = new Float64Array(p * K);
  const ga = new Float64Array(p);
  const ixx = new Uint8Array(p); // strong-rule set
  const mm = new Int32Array(p); // position + 1 in the active list, 0 when never active
  const active: number[] = [];
  const isY = (i: number, k: number) => (y[i] === k ? 1 : 0);
  const dotR = (j: number) => {
    const c = col(j);
    let s = 0;
    for (let i = 0; i < n; i++) s += r[i]! * c[i]!;
    return s;
  };
  const gradients = (onlyOutside: boolean) => {
    for (let j = 0; j < p; j++) if (!onlyOutside || (ixx[j] === 0 && ju[j] === 1)) ga[j] = 0;
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < n; i++) r[i] = w * (isY(i, k) - q[i * K + k]! / sxp[i]!);
      for (let j = 0; j < p; j++) {
        if (ju[j] === 0 || (onlyOutside && ixx[j] === 1)) continue;
        ga[j] = Math.max(ga[j]!, Math.abs(dotR(j)));
      }
    }
  };
  gradients(false);
  let lambdaMax = 0;
  for (let j = 0; j < p; j++) if (ju[j] === 1) lambdaMax = Math.max(lambdaMax, ga[j]!);
  lambdaMax /= Math.max(alpha, 1e-3);

  const alf = userLambda === undefined ? Math.max(EPS, flmin) ** (1 / (nlam - 1)) : 1;
  const shr = thresh * dev0;
  const mnl = Math.min(MNLAM, nlam);
  const lambdaOut: number[] = [];
  const devOut: number[] = [];
  const coefOut: Float64Array[] = [];
  let nlp = 0;
  let al = 0;
  let converged = true;

  path: for (let ilm = 0; ilm < nlam; ilm++) {
    let al0 = al;
    if (userLambda !== undefined) al = userLambda[ilm]!;
    else if (ilm > 1) al *= alf;
    else if (ilm === 0)
      al = Infinity; // glmnet's "big": everything zero; R reports lambda_max there
    else {
      al0 = 0;
      for (let j = 0; j < p; j++) if (ju[j] === 1) al0 = Math.max(al0, ga[j]!);
      al0 /= Math.max(alpha, 1e-3);
      al = alf * al0;
    }
    const al2 = al * omb;
    const al1 = al * alpha;
    const tlam = alpha * (2 * al - al0);
    for (let j = 0; j < p; j++) if (ixx[j] === 0 && ju[j] === 1 && ga[j]! > tlam) ixx[j] = 1;
    let ig: number;
    for (;;) {
      let ix = 0;
      ig = 0;
      for (let k = 0; k < K; k++) {
        const bk0 = k * P1;
        bs[bk0] = b[bk0]!;
        for (const j of active) bs[bk0 + 1 + j] = b[bk0 + 1 + j]!;
        let xmz = 0;
        for (let i = 0; i < n; i++) {
          let pic = q[i * K + k]! / sxp[i]!;
          if (pic < pfm) {
            pic = 0;
            v[i] = 0;
          } else if (pic > pfx) {
            pic = 1;
            v[i] = 0;
          } else {
            v[i] = w * pic * (1 - pic);
            xmz += v[i]!;
          }
          r[i] = w * (isY(i, k) - pic);
        }
        if (xmz <= vmin) continue;
        ig = 1;
        for (let j = 0; j < p; j++) {
          if (ixx[j] === 0) continue;
          const c = col(j);
          let s = 0;
          for (let i = 0; i < n; i++) s += v[i]! * c[i]! * c[i]!;
          xv[j * K + k] = s;
        }
        // One coordinate update; returns the weighted squared change.
        const update = (j: number): number => {
          const bj = bk0 + 1 + j;
          const old = b[bj]!;
          const xvj = xv[j * K + k]!;
          const u = dotR(j) + xvj * old;
          const au = Math.abs(u) - al1;
          b[bj] = au <= 0 ? 0 : (Math.sign(u) * au) / (xvj + al2);
          const d = b[bj] - old;
          if (d === 0) return 0;
          const c = col(j);
          for (let i = 0; i < n; i++) r[i] = r[i]! - d * v[i]! * c[i]!;
          if (mm[j] === 0) {
            active.push(j);
            mm[j] = active.length;
          }
          return xvj * d * d;
        };
        const intercept = (): number => {
          let s = 0;
          for (let i = 0; i < n; i++) s += r[i]!;
          const d = s / xmz;
          if (d === 0) return 0;
          b[bk0] = b[bk0]! + d;
          for (let i = 0; i < n; i++) r[i] = r[i]! - d * v[i]!;
          return xmz * d * d;
        };
        for (;;) {
          nlp++;
          let dlx = 0;
          for (let j = 0; j < p; j++) if (ixx[j] === 1) dlx = Math.max(dlx, update(j));
          dlx = Math.max(dlx, intercept());
          if (dlx < shr) break;
          if (nlp > maxit) {
            converged = false;
            break path;
          }
          for (;;) {
            nlp++;
            dlx = 0;
            for (const j of active) dlx = Math.max(dlx, update(j));
            dlx = Math.max(dlx, intercept());
            if (dlx < shr) break;
            if (nlp > maxit) {
              converged = false;
              break path;
            }
          }
        }
        if (xmz * (b[bk0]! - bs[bk0]) ** 2 > shr) ix = 1;
        if (ix === 0) {
          for (const j of active) {
            if (xv[j * K + k]! * (b[bk0 + 1 + j]! - bs[bk0 + 1 + j]!) ** 2 > shr) {
              ix = 1;
              break;
            }
          }
        }
        for (let i = 0; i < n; i++) {
          let fi = b[bk0]!;
          for (const j of active) fi += b[bk0 + 1 + j]! * xc[j * n + i]!;
          fi = Math.min(Math.max(-EXMX, fi), EXMX);
          sxp[i] = sxp[i]! - q[i * K + k]!;
          q[i * K + k] = Math.min(Math.max(emin * sxp[i]!, Math.exp(fi)), emax * sxp[i]!);
          sxp[i] = sxp[i]! + q[i * K + k]!;
        }
      }
      // Remove the shift that leaves the likelihood unchanged: centre intercepts, penalty-optimal shift per variable.
      let s = 0;
      for (let k = 0; k < K; k++) s -= b[k * P1]!;
      s /= K;
      for (let k = 0; k < K; k++) b[k * P1] = b[k * P1]! + s;
      di.fill(s);
      const a = new Float64Array(K);
      for (const j of active) {
        for (let k = 0; k < K; k++) a[k] = b[k * P1 + 1 + j]!;
        const shift = elc(alpha, a);
        for (let k = 0; k < K; k++) b[k * P1 + 1 + j] = a[k]! - shift;
        const c = col(j);
        for (let i = 0; i < n; i++) di[i] = di[i]! - shift * c[i]!;
      }
      for (let i = 0; i < n; i++) {
        const e = Math.exp(di[i]!);
        sxp[i] = sxp[i]! * e;
        for (let k = 0; k < K; k++) q[i * K + k] = q[i * K + k]! * e;
      }
      if (ig === 0) break;
      if (ix === 0) {
        // KKT check of the variables outside the strong set; any violator joins and the lambda is redone.
        gradients(true);
        for (let j = 0; j < p; j++) {
          if (ixx[j] === 1 || ju[j] === 0) continue;
          if (ga[j]! > al1) {
            ixx[j] = 1;
            ix = 1;
          }
        }
        if (ix === 0) break;
      }
    }
    let devi = 0;
    for (let i = 0; i < n; i++) devi -= w * Math.log(q[i * K + y[i]!]! / sxp[i]!);
    lambdaOut.push(al);
    devOut.push((dev1 - devi) / dev0);
    coefOut.push(b.slice());
    if (ig === 0) break;
    if (ilm + 1 < mnl || userLambda !== undefined) continue;
    const d = devOut.length;
    if (devOut[d - 1]! > DEVMAX) break;
    if (devOut[d - 1]! - devOut[d - 2]! < FDEV) break;
  }

  const L = lambdaOut.length;
  const lambda = Float64Array.from(lambdaOut);
  // R replaces the infinite first lambda of its own path by log-linear extrapolation (fix.lam).
  if (userLambda === undefined && L > 0) {
    lambda[0] = L > 2 ? Math.exp(2 * Math.log(lambda[1]!) - Math.log(lambda[2]!)) : lambdaMax;
  }
  const a0 = new Float64Array(L * K);
  const beta = new Float64Array(L * K * p);
  for (let l = 0; l < L; l++) {
    const bl = coefOut[l]!;
    let mean = 0;
    for (let k = 0; k < K; k++) {
      let c0 = bl[k * P1]!;
      for (let j = 0; j < p; j++) {
        if (ju[j] === 0) continue;
        const bj = bl[k * P1 + 1 + j]! / xs[j]!;
        beta[(l * K + k) * p + j] = bj;
        c0 -= bj * xm[j]!;
      }
      a0[l * K + k] = c0;
      mean += c0;
    }
    mean /= K;
    for (let k = 0; k < K; k++) a0[l * K + k] = a0[l * K + k]! - mean;
  }
  return {
    n,
    p,
    classes: K,
    alpha,
    lambda,
    a0,
    beta,
    devRatio: Float64Array.from(devOut),
    nullDev: 2 * n * dev0,
    passes: nlp,
    converged,
  };
}

/**
 * The shift s minimising Σk [(1 − α)/2 (ak − s)² + α |ak − s|] (glmnet's `elc`): the mean for α = 0 or two
 * classes, the median for α = 1, otherwise the root of the subgradient between the two.
 */
export function elc(alpha: number, a: Float64Array): number {
  const n = a.length;
  let am = 0;
  for (let k = 0; k < n; k++) am += a[k]!;
  am /= n;
  if (alpha === 0 || n === 2) return am;
  const s = Float64Array.from(a).sort();
  if (s[0] === s[n - 1]) return a[0]!;
  const ad = n % 2 === 1 ? s[(n - 1) / 2]! : 0.5 * (s[n / 2]! + s[n / 2 - 1]!);
  if (alpha === 1) return ad;
  const b1 = Math.min(am, ad);
  const b2 = Math.max(am, ad);
  // 1-based indices k1 < k2 as in the Fortran: s[k1] ≤ b1 < s[k1 + 1], s[k2] the first ≥ b2.
  let k2 = 1;
  while (!(s[k2 - 1]! > b1)) k2++;
  const k1 = k2 - 1;
  while (!(s[k2 - 1]! >= b2)) k2++;
  const rr = alpha / ((1 - alpha) * n);
  let sm = n - 2 * (k1 - 1);
  for (let k = k1; k <= k2 - 1; k++) {
    sm -= 2;
    const t = rr * sm + am;
    if (t > s[k - 1]! && t <= s[k]!) return t;
  }
  // No root strictly inside an interval: the best of the order statistics in between.
  const r2 = 2 * rr;
  const objective = (t: number) => {
    let sa = 0;
    for (let k = 0; k < n; k++) sa += Math.abs(a[k]! - t);
    return r2 * sa + t * (t - 2 * am);
  };
  let s1 = s[k1 - 1]!;
  let best = s1;
  let cri = objective(s1);
  for (let k = k1 + 1; k <= k2; k++) {
    const t = s[k - 1]!;
    if (t === s1) continue;
    const c = objective(t);
    if (c < cri) {
      cri = c;
      best = t;
    }
    s1 = t;
  }
  return best;
}
