/** count, sum, mean, var, std: all read one Moments stat per field. */

import { Moments } from './moments.ts';
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

const m = (s: Stat): MomentsStat => s as MomentsStat;

const exact = (name: string, summary: string, read: (s: MomentsStat) => number): AggregateEntry => ({
  display: name,
  summary,
  match: (n) => (n === name ? { name, cost: 'O(1)', summary, stat: MOMENTS, read: (s) => read(m(s)) } : undefined),
});

export const MOMENT_AGGREGATES: AggregateEntry[] = [
  exact('count', 'values of the field in the window', (s) => s.n),
  exact('sum', 'sum of the values', (s) => (s.n ? s.value() * s.n : 0)),
  exact('mean', 'arithmetic mean; exact for a constant window', (s) => s.value()),
  exact('var', 'sample variance (n − 1); 0 below two values and for a constant window', (s) => (s.n ? s.variance() : NaN)),
  exact('std', 'sample standard deviation (n − 1); 0 below two values and for a constant window', (s) => (s.n ? Math.sqrt(s.variance()) : NaN)),
];
