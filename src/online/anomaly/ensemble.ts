/** Ensemble: combines member detectors' scores by mean, max or rank; every member learns every row. */

import { cloneState, type Detector, type Sample } from './types.ts';

export type Combine = 'mean' | 'max' | 'rank';

/** Recent scores per member kept for `rank`: the rank is an empirical CDF over this many. */
export const RANK_HISTORY = 256;

export interface EnsembleState {
  members: unknown[];
  /** rank only: each member's last RANK_HISTORY scores, oldest first. */
  ranks?: number[][];
}

/**
 * Mid-rank of x among past scores, in [0, 1]: share below plus half the ties. Puts detectors with
 * different score scales on one scale before averaging (rank aggregation of outlier ensembles,
 * Aggarwal & Sathe, "Outlier Ensembles", 2017, §5.2); 0.5 when there is no history yet. Out of
 * n + 1 slots, the last is kept for scores above every past one and split by how far above they
 * are, so new extremes stay ordered (a plain rank would tie them all at 1).
 */
function midRank(past: readonly number[], x: number): number {
  if (past.length === 0) return 0.5;
  let below = 0;
  let ties = 0;
  let max = 0;
  for (const v of past) {
    if (v < x) below++;
    else if (v === x) ties++;
    if (v > max) max = v;
  }
  const beyond = x > max ? (x - max) / (1 - max) : 0;
  return (below + ties / 2 + beyond) / (past.length + 1);
}

/**
 * Score = weighted mean or max of the members' scores, or the weighted mean of their mid-ranks.
 * Members are built by the caller (the registry resolves them by name), so this file imports no
 * detector. Scoring stays pure: `learnOne` extends the rank histories with x's member scores
 * (re-scored unless x is the sample scored last).
 */
export function createEnsemble(members: Detector[], opts: { combine: Combine; weights?: number[]; state?: EnsembleState }): Detector {
  const w = opts.weights ?? members.map(() => 1);
  const total = w.reduce((a, b) => a + b, 0) || 1;
  const ranks: number[][] = opts.combine === 'rank' ? (opts.state?.ranks ? cloneState(opts.state.ranks) : members.map(() => [])) : [];
  // rank: the members' scores of the sample scored last, so learning that same sample (score, then
  // learn, as the pipeline does) extends the histories without scoring every member twice.
  let last: { x: Sample; scores: number[] } | undefined;
  return {
    scoreOne(x: Sample): number {
      const scores = members.map((m) => m.scoreOne(x));
      if (opts.combine === 'rank') last = { x, scores };
      if (opts.combine === 'max') return Math.max(0, ...scores.map((s, i) => w[i]! * s));
      const parts = opts.combine === 'rank' ? scores.map((s, i) => midRank(ranks[i]!, s)) : scores;
      return parts.reduce((acc, s, i) => acc + w[i]! * s, 0) / total;
    },
    learnOne(x: Sample): void {
      if (opts.combine === 'rank') {
        const scores = last?.x === x ? last.scores : members.map((m) => m.scoreOne(x));
        last = undefined;
        scores.forEach((score, i) => {
          const past = ranks[i]!;
          past.push(score);
          if (past.length > RANK_HISTORY) past.shift();
        });
      }
      for (const m of members) m.learnOne(x);
    },
    snapshot: (): EnsembleState => ({ members: members.map((m) => m.snapshot()), ...(opts.combine === 'rank' && { ranks: cloneState(ranks) }) }),
  };
}
