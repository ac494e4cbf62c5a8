/**
 * Exact ROC AUC: the Mann–Whitney U statistic over every (score, label) seen, ties counted half
 * (Hanley & McNeil, Radiology 1982). Keeps all scores, so its snapshot grows with the stream.
 */

import type { ClassLabel, State } from '../types.ts';
import { pOf, sameLabel, type ProbaMetric } from './metric.ts';

/** AUC of `scores` against boolean `labels`; 0 when one class is absent. */
export function exactAuc(scores: number[], labels: boolean[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const midRank = (i + j) / 2 + 1; // ties share the mean of their ranks
    for (let k = i; k <= j; k++) if (labels[idx[k]!]) (rankSumPos += midRank), nPos++;
    i = j + 1;
  }
  const nNeg = idx.length - nPos;
  if (!nPos || !nNeg) return 0;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export function createRocAuc(pos: ClassLabel = true, state?: State): ProbaMetric {
  const scores = (state?.scores as number[] | undefined)?.slice() ?? [];
  const labels = (state?.labels as boolean[] | undefined)?.slice() ?? [];
  return {
    update(yTrue, proba) {
      scores.push(pOf(proba, pos));
      labels.push(sameLabel(yTrue, pos));
    },
    value: () => exactAuc(scores, labels),
    snapshot: () => ({ scores: scores.slice(), labels: labels.slice() }),
  };
}
