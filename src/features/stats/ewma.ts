/** ewma: exponentially weighted mean of the window's values in arrival order, O(1) with removal. */

import { fixedEntry, parsePercent, patternEntry } from './entry.ts';
import { RefreshPolicy } from './refresh.ts';
import type { AggregateDef, AggregateEntry, Stat, StatDef, WindowView } from './types.ts';

/**
 * The weighted mean with weights (1 − α)^k, k = 0 for the newest of the window's n values — what
 * pandas' `Series.ewm(alpha=α, adjust=True).mean()` gives at the last row of the window's values:
 *
 *   ewma = N / D,  N = Σ β^k·x_(n−1−k),  D = Σ_{k<n} β^k = (1 − β^n)/α,  β = 1 − α.
 *
 * N is kept by Horner's rule (N ← βN + x, O(1)); when the oldest value leaves, its weight is exactly
 * β^(n−1), so N ← N − β^(n−1)·x — the invertible form. D is closed-form, so it never drifts. The
 * subtraction leaves a residue of ~ε·β^(n−1)·|x_old|/α; the stat recomputes N from the rows every
 * window of removals (see refresh.ts), amortized O(1). Roberts, "Control chart tests based on
 * geometric moving averages", Technometrics 1959 (the EWMA); the bias-corrected (normalized)
 * form is pandas' `adjust=True`.
 */
class Ewma implements Stat {
  private readonly beta: number;
  private n = 0;
  private num = 0;
  private readonly policy = new RefreshPolicy();

  constructor(
    alpha: number,
    private readonly view: WindowView,
  ) {
    this.beta = 1 - alpha;
  }

  add(x: number): void {
    this.num = this.beta * this.num + x;
    this.n++;
    this.policy.added();
    if (this.policy.residueDue(this.n, this.view)) this.rebuild(this.view);
  }

  remove(x: number): void {
    this.policy.removed();
    if (--this.n <= 0) this.clear();
    else this.num -= Math.pow(this.beta, this.n) * x;
  }

  rebuild(view: WindowView): void {
    this.clear();
    for (let i = 0; i < view.size; i++) {
      const x = view.value(i);
      if (Number.isNaN(x)) continue;
      this.num = this.beta * this.num + x;
      this.n++;
    }
  }

  value(): number {
    if (this.n === 0) return NaN;
    if (this.policy.residueDue(this.n, this.view)) this.rebuild(this.view);
    // 1 − β rather than α: the weights are powers of the rounded β, so this D is their sum.
    return this.num / ((1 - Math.pow(this.beta, this.n)) / (1 - this.beta));
  }

  private clear(): void {
    this.n = 0;
    this.num = 0;
    this.policy.reset();
  }
}

const defs = new Map<number, StatDef<Ewma>>();
function ewmaStat(alpha: number): StatDef<Ewma> {
  let def = defs.get(alpha);
  if (!def) {
    def = { id: `ewma:${alpha}`, create: (view) => new Ewma(alpha, view) };
    defs.set(alpha, def);
  }
  return def;
}

const COST = 'O(1) amortized';
const MEMORY = 'O(1)';
const EXACTNESS = 'within ~1e-12 relative; removal residue ~ε·β^(n−1)·|x_old|/α until the next recompute (≤ one window)';

export const EWMA_AGGREGATES: AggregateEntry[] = [
  fixedEntry({
    name: 'ewma',
    summary: 'exponentially weighted mean over the window, α = 0.3, newest weighted most (pandas ewm adjust=True)',
    cost: COST,
    memory: MEMORY,
    exactness: EXACTNESS,
    stat: ewmaStat(0.3),
    read: (s) => s.value(),
  }),
  patternEntry<number>({
    display: 'ewma_a<pct>',
    example: 'ewma_a10',
    summary: 'ewma with α = pct/100, pct in 1..99 (`ewma_a10`: α = 0.1); `ewma` is `ewma_a30`',
    memory: MEMORY,
    exactness: EXACTNESS,
    parse: (name) => (name.startsWith('ewma_a') ? parsePercent(name.slice(6)) : undefined),
    define: (name, alpha): AggregateDef => ({
      name,
      cost: COST,
      summary: `exponentially weighted mean over the window, α = ${alpha}`,
      stat: ewmaStat(alpha),
      read: (s) => (s as Ewma).value(),
    }),
  }),
];
