/** NAB v1.1 scoring: per-row sweep scores, the corpus-wide threshold sweep, normalization (SCORING.md). */

import type { Profile } from './profiles.ts';
import { probationLength, type RowWindow } from './windows.ts';

/** One scored (non-probationary) row: its anomaly score, its weight A(i), and its window id or null. */
export interface SweepPoint {
  score: number;
  A: number;
  win: number | null;
  file: number;
}

/** NAB's scaled sigmoid: 2/(1+e^{5p}) − 1, and −1 beyond p > 3 (`Sweeper` in nab/sweeper.py). */
export function scaledSigmoid(p: number): number {
  return p > 3 ? -1 : 2 / (1 + Math.exp(5 * p)) - 1;
}

const maxTP = scaledSigmoid(-1);

/**
 * A(i) for every row of one file (a.3): inside a window the credit falls from tpWeight at its first
 * row towards 0 at its last; outside, the FP cost is −fpWeight, reduced just after the preceding window.
 * Returns the scored rows only (probation rows dropped, a.2). Window ids are `winBase + k`.
 */
export function sweepPoints(
  scores: ArrayLike<number>,
  windows: readonly RowWindow[],
  opts: { profile: Profile; file?: number; winBase?: number },
): SweepPoint[] {
  const { profile, file = 0, winBase = 0 } = opts;
  const n = scores.length;
  const prob = probationLength(n);
  const out: SweepPoint[] = [];
  let k = 0;
  let cur: { R: number; width: number; id: number } | null = null;
  let prev: { R: number; width: number } | null = null;
  for (let i = 0; i < n; i++) {
    const next = windows[k];
    if (next && i === next.L) {
      cur = { R: next.R, width: next.R - next.L + 1, id: winBase + k };
      k++;
    }
    const A = cur
      ? (scaledSigmoid(-(cur.R - i + 1) / cur.width) * profile.tpWeight) / maxTP
      : (prev ? scaledSigmoid(Math.abs(prev.R - i) / (prev.width - 1)) : -1) * profile.fpWeight;
    if (i >= prob) out.push({ score: scores[i]!, A, win: cur ? cur.id : null, file });
    if (cur && i === cur.R) {
      prev = cur;
      cur = null;
    }
  }
  return out;
}

/** S(t) for each candidate threshold, highest first: 1.1 then every distinct score (a.5). */
export function sweep(points: readonly SweepPoint[], fnWeight: number): Array<{ threshold: number; score: number }> {
  const sorted = [...points].sort((a, b) => b.score - a.score);
  const best = new Map<number, number>();
  for (const p of sorted) if (p.win !== null) best.set(p.win, -fnWeight);
  let fp = 0;
  let wsum = -fnWeight * best.size;
  let t = 1.1;
  const res: Array<{ threshold: number; score: number }> = [];
  for (const p of sorted) {
    if (p.score !== t) {
      res.push({ threshold: t, score: fp + wsum });
      t = p.score;
    }
    if (p.win === null) fp += p.A;
    else {
      const o = best.get(p.win)!;
      if (p.A > o) {
        wsum += p.A - o;
        best.set(p.win, p.A);
      }
    }
  }
  res.push({ threshold: t, score: fp + wsum });
  return res;
}

/** NAB's `optimizeThreshold`: the threshold with the best S; ties go to the higher threshold. */
export function optimizeThreshold(points: readonly SweepPoint[], fnWeight: number): { threshold: number; score: number } {
  let best = { threshold: 1.1, score: -Infinity };
  for (const r of sweep(points, fnWeight)) if (r.score > best.score) best = r;
  return best;
}

/** S(t) split by file (the per-file rows of NAB's `_scores.csv`), for a fixed threshold. */
export function scoreByFile(points: readonly SweepPoint[], threshold: number, fnWeight: number): Map<number, number> {
  const perFile = new Map<number, number>();
  const best = new Map<number, { file: number; A: number }>();
  for (const p of points) {
    if (!perFile.has(p.file)) perFile.set(p.file, 0);
    if (p.win !== null && !best.has(p.win)) best.set(p.win, { file: p.file, A: -fnWeight });
    if (p.score < threshold) continue;
    if (p.win === null) perFile.set(p.file, perFile.get(p.file)! + p.A);
    else if (p.A > best.get(p.win)!.A) best.get(p.win)!.A = p.A;
  }
  for (const { file, A } of best.values()) perFile.set(file, perFile.get(file)! + A);
  return perFile;
}

/** NAB's `normalize`: 100·(S − S_null)/(S_perfect − S_null), S_null = −n·fnWeight, S_perfect = n·tpWeight. */
export function normalizeScore(raw: number, nWindows: number, profile: Profile): number {
  const nullScore = -nWindows * profile.fnWeight;
  return (100 * (raw - nullScore)) / (nWindows * profile.tpWeight - nullScore);
}
