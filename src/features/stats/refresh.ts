/**
 * When a stat with removal recomputes itself from the window's rows (O(n)), so that removal costs
 * no precision over time. Three reasons:
 * - residue: removal is subtraction, which can leave rounding residue of values long gone (a 1e9
 *   outlier leaves ~1e-7 behind); after `max(n, 8)` removals the whole window has turned over, so
 *   residue never outlives one window (the rule Moments uses). Amortized O(1).
 * - drift: shifted sums Σ(x − K)^k lose ~ε·(d²)^(k/2) of relative precision, d = |mean − K|/σ,
 *   when the data move away from the shift K. Beyond d = 4 the stat is re-centred once n operations
 *   since the last recompute have paid for it (amortized O(1)).
 * - severe drift: beyond a stat-specific d² (where the loss would reach ~1e-11) it is re-centred at
 *   once. The same holds for the residue of compensated sums (~kε²·peak^p after k operations)
 *   once it would reach ~1e-11 of the answer: a value ~1e5σ beyond the window's spread has left. That takes the window's spread collapsing by that factor relative to the distance from
 *   K — its far rows leaving — which can recur only log_d(dynamic range of the data) times before
 *   the window has turned over: O(1) amortized for any real stream, O(log range) adversarially.
 * Recomputes need the rows: a view smaller than the stat's count (a window that keeps no rows) is
 * never used, and the stat keeps its running state.
 */

import type { WindowView } from './types.ts';

export class RefreshPolicy {
  private ops = 0;
  private removals = 0;

  added(): void {
    this.ops++;
  }

  removed(): void {
    this.ops++;
    this.removals++;
  }

  reset(): void {
    this.ops = 0;
    this.removals = 0;
  }

  /** Operations since the last recompute (compensated sums' residue grows with it). */
  get operations(): number {
    return this.ops;
  }

  /** A whole window has turned over since the last recompute: time to clear removal residue. */
  residueDue(n: number, view: WindowView): boolean {
    return this.removals >= Math.max(n, 8) && rowsHeld(n, view);
  }

  /**
   * Whether to recompute now, given the drift d² = ((mean − K)/σ)² (Infinity when σ cancelled
   * away) and the d² beyond which precision cannot wait.
   */
  due(n: number, view: WindowView, drift2: number, severe2: number): boolean {
    if (!rowsHeld(n, view)) return false;
    return this.removals >= Math.max(n, 8) || drift2 > severe2 || (drift2 > 16 && this.ops >= n);
  }
}

const rowsHeld = (n: number, view: WindowView): boolean => n > 0 && view.size >= n;

/** Present (non-NaN) values of a view, oldest first. */
export function presentValues(view: WindowView): number[] {
  const out: number[] = [];
  for (let i = 0; i < view.size; i++) {
    const x = view.value(i);
    if (!Number.isNaN(x)) out.push(x);
  }
  return out;
}
