/**
 * A weighted running mean and sample variance (ddof 1) that can be added and subtracted
 * (Chan, Golub & LeVeque's pairwise formulas), as the regression tree's split search needs.
 * Some River versions skip `a + b` when b holds ≤ 1 sample; on River's regression datasets
 * the two agree to every printed digit, so we keep the exact algebra.
 */

export interface Var {
  n: number;
  mean: number;
  /** Sum of squared deviations from the mean. */
  s: number;
}

export const emptyVar = (): Var => ({ n: 0, mean: 0, s: 0 });

export function varUpdate(v: Var, x: number, w = 1): void {
  const old = v.mean;
  v.n += w;
  v.mean += (w / v.n) * (x - v.mean);
  v.s += w * (x - old) * (x - v.mean);
}

/** Sample variance; 0 until more than one unit of weight. */
export const varGet = (v: Var) => (v.n > 1 ? v.s / (v.n - 1) : 0);

export function varAdd(a: Var, b: Var): Var {
  const n = a.n + b.n;
  if (n === 0) return emptyVar();
  return { n, mean: (a.n * a.mean + b.n * b.mean) / n, s: a.s + b.s + ((a.mean - b.mean) ** 2 * a.n * b.n) / n };
}

/** a − b: the statistics of a's values without b's (b must be part of a). */
export function varSub(a: Var, b: Var): Var {
  const n = a.n - b.n;
  if (n <= 0) return emptyVar();
  const mean = (a.n * a.mean - b.n * b.mean) / n;
  return { n, mean, s: a.s - b.s - ((mean - b.mean) ** 2 * n * b.n) / a.n };
}
