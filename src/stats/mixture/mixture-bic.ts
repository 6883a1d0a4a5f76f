/**
 * BIC over several numbers of components for one model (what mclust's `mclustBIC` tabulates, with our k-means
 * start instead of mclust's hierarchical one). BIC is mclust's 2·loglik − npar·log(n): HIGHER IS BETTER.
 * A k whose fit hits a singular covariance is kept in the table as NaN with `singular: true` (mclust: NA).
 */
import { InputError } from '../../core/errors.ts';
import { Rng } from '../random.ts';
import { fitGaussianMixture, type GaussianMixtureOptions } from './gaussian-mixture.ts';

export interface MixtureBicEntry {
  k: number;
  /** NaN when the fit hit a singular covariance (mclust: NA). */
  loglik: number;
  bic: number;
  singular: boolean;
}

/**
 * Each k is fitted from the default start with its own stream (`split()` of the seed's generator, in `ks` order).
 */
export function gaussianMixtureBic(
  x: Float64Array,
  n: number,
  p: number,
  options: Omit<GaussianMixtureOptions, 'k' | 'initial' | 'random'> & { ks: readonly number[]; random: number | Rng },
): MixtureBicEntry[] {
  const { ks, random, ...rest } = options;
  if (ks.length === 0) throw new InputError('ks', 'give at least one number of components');
  // Each k gets its own stream split from one generator, so the whole table depends on one seed.
  const base = typeof random === 'number' ? new Rng(random) : random;
  return ks.map((k) => {
    const r = base.split();
    try {
      const fit = fitGaussianMixture(x, n, p, { ...rest, k, random: r });
      return { k, loglik: fit.loglik, bic: fit.bic, singular: false };
    } catch (e) {
      if (e instanceof InputError && e.field === 'k' && e.message.includes('singular')) {
        return { k, loglik: NaN, bic: NaN, singular: true };
      }
      throw e;
    }
  });
}
