/** Robust z-score: |x − median| / (1.4826·MAD) over the last `windowSize` values. */

import { safeStd, zToScore } from './score.ts';
import type { CreateOptions, Detector, DetectorDef } from './types.ts';
import { univariate, type Kernel } from './univariate.ts';

export interface MadParams {
  windowSize: number;
  minSamples: number;
  zHalf: number;
}

interface State {
  buf: number[];
  head: number;
  sorted: number[];
}

function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function median(a: number[]): number {
  const n = a.length;
  return n % 2 ? a[(n - 1) / 2]! : (a[n / 2 - 1]! + a[n / 2]!) / 2;
}

/**
 * Median absolute deviation from a sorted window in O(n/2): deviations grow outward from the
 * median on both sides, so merging the two runs yields them in order without sorting.
 */
function mad(a: number[], med: number): number {
  const n = a.length;
  let i = lowerBound(a, med) - 1;
  let j = i + 1;
  const target = Math.floor((n - 1) / 2);
  let prev = 0;
  for (let k = 0; k <= target + (n % 2 ? 0 : 1); k++) {
    const left = i >= 0 ? med - a[i]! : Infinity;
    const right = j < n ? a[j]! - med : Infinity;
    const d = left <= right ? (i--, left) : (j++, right);
    if (k === target && n % 2) return d;
    if (k === target) prev = d;
    if (k === target + 1) return (prev + d) / 2;
  }
  return prev;
}

/** Hampel's robust scale: 1.4826·MAD estimates σ under normality (Rousseeuw & Croux, JASA 1993). */
const kernel: Kernel<MadParams, State> = {
  init: () => ({ buf: [], head: 0, sorted: [] }),
  score(s, x, p) {
    if (s.sorted.length < Math.max(3, p.minSamples)) return 0;
    const med = median(s.sorted);
    // Discrete or mostly-constant streams have MAD = 0; fall back to the mean absolute deviation
    // (×√(π/2) estimates σ under normality) before the tiny floor, so ties do not all score ~1.
    let spread = 1.4826 * mad(s.sorted, med);
    if (spread === 0) spread = (Math.sqrt(Math.PI / 2) * s.sorted.reduce((a, v) => a + Math.abs(v - med), 0)) / s.sorted.length;
    const scale = safeStd(spread, med);
    return zToScore((x - med) / scale, p.zHalf);
  },
  learn(s, x, p) {
    if (s.buf.length === p.windowSize) {
      const old = s.buf[s.head]!;
      s.sorted.splice(lowerBound(s.sorted, old), 1);
      s.buf[s.head] = x;
      s.head = (s.head + 1) % p.windowSize;
    } else s.buf.push(x);
    s.sorted.splice(lowerBound(s.sorted, x), 0, x);
  },
};

const defaults: MadParams = { windowSize: 500, minSamples: 30, zHalf: 5 };

/** @example const d = mad.create({ windowSize: 101 }); */
export const madDetector: DetectorDef<MadParams> = {
  name: 'mad',
  summary: 'Robust z-score from the rolling median and MAD (outlier-resistant baseline).',
  defaults,
  create(params?: Partial<MadParams>, opts?: CreateOptions): Detector {
    const p = { ...defaults, ...params };
    if (!(p.windowSize >= 3)) throw new Error('mad.windowSize: must be at least 3');
    return univariate(kernel, p, opts?.state);
  },
};
