/** Quantile threshold: the P² streaming estimate of the q-quantile of the key's normal scores. */

import type { LevelParams, LevelPolicy } from './types.ts';

/** P² markers: heights q, actual positions n (1-based), desired positions np. Five of each: O(1). */
export interface QuantileState {
  count: number;
  q: number[];
  n: number[];
  np: number[];
}

/**
 * The P² algorithm (Jain & Chlamtac, "The P² algorithm for dynamic calculation of quantiles and
 * histograms without storing observations", CACM 28(10), 1985): five markers track the minimum,
 * q/2, q, (1+q)/2 and the maximum; each observation moves marker positions and adjusts heights by
 * a piecewise-parabolic (else linear) step. Causal and constant memory; the threshold is the middle
 * marker, never below the floor `value`. It learns every score, incidents included: leaving out
 * the scores above the line would censor exactly the tail it estimates, and the line would stick.
 *
 * @example const l = quantileLevel({ value: 0.2, quantile: 0.99 });
 */
export function quantileLevel(p: Pick<LevelParams, 'value' | 'quantile'>): LevelPolicy<QuantileState> {
  const pq = p.quantile;
  const dn = [0, pq / 2, pq, (1 + pq) / 2, 1];
  return {
    init: () => ({ count: 0, q: [], n: [1, 2, 3, 4, 5], np: [1, 1 + 2 * pq, 1 + 4 * pq, 3 + 2 * pq, 5] }),
    level(s) {
      if (s.count < 5) return 1;
      return Math.min(1, Math.max(p.value, s.q[2]!));
    },
    learn(s, x) {
      if (s.count < 5) {
        s.q.push(x);
        s.q.sort((a, b) => a - b);
        s.count++;
        return;
      }
      s.count++;
      const { q, n, np } = s;
      let k: number;
      if (x < q[0]!) {
        q[0] = x;
        k = 0;
      } else if (x >= q[4]!) {
        q[4] = x;
        k = 3;
      } else {
        k = 0;
        while (k < 3 && x >= q[k + 1]!) k++;
      }
      for (let i = k + 1; i < 5; i++) n[i]!++;
      for (let i = 0; i < 5; i++) np[i]! += dn[i]!;
      for (let i = 1; i <= 3; i++) {
        const d = np[i]! - n[i]!;
        if ((d >= 1 && n[i + 1]! - n[i]! > 1) || (d <= -1 && n[i - 1]! - n[i]! < -1)) {
          const sign = d > 0 ? 1 : -1;
          const parabolic = q[i]! + (sign / (n[i + 1]! - n[i - 1]!)) *
            ((n[i]! - n[i - 1]! + sign) * (q[i + 1]! - q[i]!) / (n[i + 1]! - n[i]!) +
              (n[i + 1]! - n[i]! - sign) * (q[i]! - q[i - 1]!) / (n[i]! - n[i - 1]!));
          // Heights must stay ordered; when the parabola overshoots, step linearly (the paper's rule).
          q[i] = q[i - 1]! < parabolic && parabolic < q[i + 1]! ? parabolic : q[i]! + sign * (q[i + sign]! - q[i]!) / (n[i + sign]! - n[i]!);
          n[i]! += sign;
        }
      }
    },
  };
}
