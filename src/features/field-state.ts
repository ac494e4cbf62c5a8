/** Per-key, per-field window state: the stats the field's aggregates need, each kept once. */

import type { Ring } from './ring.ts';
import type { AggregateDef, Stat, WindowView } from './stats/types.ts';

/** A column of the ring seen as the window's values, oldest first (methods on the prototype: no closures per key). */
class ColumnView implements WindowView {
  constructor(
    private readonly ring: Ring,
    private readonly col: number,
  ) {}
  get size(): number {
    return this.ring.size;
  }
  value(i: number): number {
    return this.ring.get(this.ring.head + i, this.col);
  }
  ts(i: number): number {
    return this.ring.get(this.ring.head + i, 0);
  }
}

export function columnView(ring: Ring, col: number): WindowView {
  return new ColumnView(ring, col);
}

export class FieldState {
  readonly stats: Stat[] = [];
  /** For each aggregate, the index of the stat it reads. */
  private readonly reads: Array<{ stat: Stat; def: AggregateDef }> = [];
  readonly view: WindowView;

  constructor(
    private readonly ring: Ring,
    private readonly col: number,
    defs: AggregateDef[],
  ) {
    this.view = columnView(ring, col);
    const byId = new Map<string, Stat>();
    for (const def of defs) {
      let stat = byId.get(def.stat.id);
      if (!stat) {
        stat = def.stat.create(this.view);
        byId.set(def.stat.id, stat);
        this.stats.push(stat);
      }
      this.reads.push({ stat, def });
    }
  }

  /** Called after a row was pushed; NaN marks the field absent in that event. */
  add(value: number, ts: number): void {
    if (value !== value) return; // NaN: absent
    const stats = this.stats;
    for (let i = 0; i < stats.length; i++) stats[i]!.add(value, ts);
  }

  /** Called before the ring drops row `seq` (the oldest). */
  remove(seq: number): void {
    const value = this.ring.get(seq, this.col);
    if (Number.isNaN(value)) return;
    const ts = this.ring.get(seq, 0);
    for (let i = 0; i < this.stats.length; i++) this.stats[i]!.remove(value, ts);
  }

  rebuild(): void {
    for (const stat of this.stats) stat.rebuild(this.view);
  }

  /** Aggregate values in the order the definitions were given. */
  read(out: number[]): void {
    for (let i = 0; i < this.reads.length; i++) {
      const r = this.reads[i]!;
      out[i] = r.def.read(r.stat);
    }
  }
}
