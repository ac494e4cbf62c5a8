/** Scores a detector's per-row outputs over a set of NAB files, for every profile (NAB's scoring step). */

import type { NabFile } from './corpus.ts';
import { profiles, type Profile } from './profiles.ts';
import { normalizeScore, optimizeThreshold, scoreByFile, sweepPoints, type SweepPoint } from './scorer.ts';

export interface ProfileResult {
  profile: Profile;
  threshold: number;
  raw: number;
  normalized: number;
  /** Raw S_f(t*) per file key. */
  perFile: Map<string, number>;
}

/**
 * One threshold per profile, fitted jointly over all given files (a.5), then raw, normalized and
 * per-file scores. `nWindows` is the corpus window count used by NAB's normalization (116).
 */
export function scoreCorpus(
  files: readonly NabFile[],
  scores: ReadonlyArray<ArrayLike<number>>,
  nWindows: number,
): ProfileResult[] {
  return profiles.map((profile) => {
    const points: SweepPoint[] = [];
    let winBase = 0;
    files.forEach((f, i) => {
      for (const p of sweepPoints(scores[i]!, f.windows, { profile, file: i, winBase })) points.push(p);
      winBase += f.windows.length;
    });
    const best = optimizeThreshold(points, profile.fnWeight);
    const byFile = scoreByFile(points, best.threshold, profile.fnWeight);
    const perFile = new Map<string, number>();
    files.forEach((f, i) => perFile.set(f.key, byFile.get(i) ?? 0));
    return {
      profile,
      threshold: best.threshold,
      raw: best.score,
      normalized: normalizeScore(best.score, nWindows, profile),
      perFile,
    };
  });
}
