/** Kernel-density p-values of a value against a window of past values (shared by spike and changepoint). */

import { erfc } from './score.ts';

/** Standard normal CDF Φ. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/**
 * Which tail counts as extreme: `both` (spikes and dips), `up` (spikes) or `down` (dips).
 */
export type Side = 'both' | 'up' | 'down';

/**
 * p-value of x under a Gaussian KDE of `past` with Silverman's bandwidth 1.06·σ̂·n^(−1/5)
 * (Silverman, "Density estimation for statistics and data analysis", 1986, eq. 3.28):
 * F(x) = mean Φ((x − xᵢ)/h); the p-value is the tail beyond x on the chosen side (two-sided
 * doubles the smaller tail). A constant window gets a tiny bandwidth floor, so any change is extreme.
 */
export function kdePValue(past: readonly number[], x: number, side: Side): number {
  const n = past.length;
  if (n === 0) return 1;
  let mean = 0;
  for (const v of past) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of past) ss += (v - mean) ** 2;
  const sd = Math.sqrt(ss / Math.max(1, n - 1));
  const h = Math.max(1.06 * sd * n ** -0.2, 1e-9 * (1 + Math.abs(mean)));
  let cdf = 0;
  for (const v of past) cdf += normalCdf((x - v) / h);
  cdf /= n;
  const upper = 1 - cdf;
  if (side === 'up') return upper;
  if (side === 'down') return cdf;
  return Math.min(1, 2 * Math.min(cdf, upper));
}
