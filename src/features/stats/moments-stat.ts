/** count, sum, mean, var, std: all read one Moments stat per field. */

import { Moments } from './moments.ts';
import { fixedEntry } from './entry.ts';
import type { AggregateEntry, Stat, StatDef, WindowView } from './types.ts';

class MomentsStat extends Moments implements Stat {
  override add(x: number): void {
    super.add(x);
  }
  override remove(x: number): void {
    super.remove(x);
  }
  rebuild(view: WindowView): void {
    const values = new Float64Array(view.size);
    for (let i = 0; i < view.size; i++) values[i] = view.value(i);
    this.refresh(values);
  }
}

/** Refreshes itself from the window once per n removals (see moments.ts), so it needs the view. */
class SelfRefreshingMoments extends MomentsStat {
  constructor(private readonly view: WindowView) {
    super();
  }
  override add(x: number): void {
    super.add(x);
    if (this.needsRefresh()) this.rebuild(this.view);
  }
}

export const MOMENTS: StatDef<MomentsStat> = { id: 'moments', create: (view) => new SelfRefreshingMoments(view) };

const moment = (name: string, summary: string, exactness: string, read: (s: MomentsStat) => number): AggregateEntry =>
  fixedEntry({ name, summary, cost: 'O(1)', memory: 'O(1)', exactness, stat: MOMENTS, read });

/** `sum` moved to sum.ts: mean·n loses ~nε·|mean| at large offsets. */
export const MOMENT_AGGREGATES: AggregateEntry[] = [
  moment('count', 'values of the field in the window', 'exact', (s) => s.n),
  moment('mean', 'arithmetic mean; exact for a constant window', 'Welford with removal: ~ε·max|x| absolute, recomputed exactly every window', (s) => s.value()),
  moment('var', 'sample variance (n − 1); 0 below two values and for a constant window', 'Welford with removal: residue ~ε·max|x|² until the next exact recompute (≤ one window)', (s) => (s.n ? s.variance() : NaN)),
  moment('std', 'sample standard deviation (n − 1); 0 below two values and for a constant window', 'Welford with removal: residue ~√ε·max|x| until the next exact recompute (≤ one window)', (s) => (s.n ? Math.sqrt(s.variance()) : NaN)),
];
