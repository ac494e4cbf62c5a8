/**
 * Per-class Gaussian observers of one numeric feature at a Hoeffding-tree leaf (River's
 * `tree.splitter.GaussianSplitter`, from MOA's GaussianNumericAttributeClassObserver): each class
 * keeps a weighted mean/variance and min/max; splits are tried at n evenly spaced points.
 */

/** Weighted Welford mean and sample variance (River's `proba.Gaussian` over `stats.Var(ddof=1)`). */
export interface Gauss {
  n: number;
  mean: number;
  s: number;
  min: number;
  max: number;
}

export function gaussUpdate(g: Gauss, v: number, w: number): void {
  const old = g.mean;
  g.n += w;
  g.mean += (w / g.n) * (v - g.mean);
  g.s += w * (v - old) * (v - g.mean);
  if (v < g.min) g.min = v;
  if (v > g.max) g.max = v;
}

const variance = (g: Gauss) => (g.n > 1 ? g.s / (g.n - 1) : 0);

export function gaussPdf(g: Gauss, v: number): number {
  const vr = variance(g);
  if (!vr) return 0;
  return Math.exp((v - g.mean) ** 2 / (-2 * vr)) / Math.sqrt(2 * Math.PI * vr);
}

/**
 * erf by its all-positive series erf(x) = 2x/√π · e^(−x²) · Σ (2x²)ⁿ / (1·3·…·(2n+1)): no
 * cancellation, so it is accurate to a few ulps, as Python's `math.erf` is.
 */
export function erf(x: number): number {
  if (x === 0 || Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax > 6) return Math.sign(x);
  const x2 = ax * ax;
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 500 && term > 1e-17 * sum; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
  }
  return Math.sign(x) * ((2 * ax) / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
}

/** River's `Gaussian.cdf`: 0 when σ = 0 (its ZeroDivisionError branch). */
export function gaussCdf(g: Gauss, v: number): number {
  const sigma = Math.sqrt(variance(g));
  if (sigma === 0) return 0;
  return 0.5 * (1 + erf((v - g.mean) / (sigma * Math.SQRT2)));
}

/** Class key → observer, in first-seen order. */
export type Splitter = Map<string, Gauss>;

export function splitterUpdate(sp: Splitter, v: number, cls: string, w: number): void {
  let g = sp.get(cls);
  if (!g) sp.set(cls, (g = { n: 0, mean: 0, s: 0, min: v, max: v }));
  gaussUpdate(g, v, w);
}

/** Candidate thresholds: `nSplits` points strictly inside (min, max) over all classes. */
export function splitPoints(sp: Splitter, nSplits: number): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const g of sp.values()) {
    if (g.min < lo) lo = g.min;
    if (g.max > hi) hi = g.max;
  }
  if (!(lo < Infinity)) return [];
  const bin = (hi - lo) / (nSplits + 1);
  const out: number[] = [];
  for (let i = 0; i < nSplits; i++) {
    const t = lo + bin * (i + 1);
    if (lo < t && t < hi) out.push(t);
  }
  return out;
}

/** Estimated class weights left (≤ t) and right (> t) of a threshold. */
export function binarySplit(sp: Splitter, t: number): [Map<string, number>, Map<string, number>] {
  const left = new Map<string, number>();
  const right = new Map<string, number>();
  for (const [k, g] of sp) {
    if (t < g.min) right.set(k, g.n);
    else if (t >= g.max) left.set(k, g.n);
    else {
      const l = gaussCdf(g, t) * g.n;
      left.set(k, l);
      right.set(k, g.n - l);
    }
  }
  return [left, right];
}
