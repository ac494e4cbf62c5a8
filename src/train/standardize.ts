/** Per-feature standardization fitted on training data: z = (x − mean) / std. */

export interface Standardizer {
  mean: Float64Array;
  std: Float64Array;
}

/**
 * Population mean and std of each column; a constant column gets std 1 so it maps to 0, not NaN.
 *
 * @example
 * const s = fitStandardizer(x, cols);
 * const z = standardize(x, s);
 */
export function fitStandardizer(x: ArrayLike<number>, cols: number): Standardizer {
  const rows = x.length / cols;
  const mean = new Float64Array(cols);
  const std = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c]! += x[r * cols + c]!;
  for (let c = 0; c < cols; c++) mean[c]! /= rows;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const d = x[r * cols + c]! - mean[c]!;
      std[c]! += d * d;
    }
  }
  for (let c = 0; c < cols; c++) {
    const s = Math.sqrt(std[c]! / rows);
    std[c] = s > 1e-12 ? s : 1;
  }
  return { mean, std };
}

/** A standardized copy of row-major `x`. */
export function standardize(x: ArrayLike<number>, s: Standardizer): Float64Array {
  const cols = s.mean.length;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i]! - s.mean[i % cols]!) / s.std[i % cols]!;
  return out;
}
