/**
 * One key's rows and running stats: a ring of [ts, field values…] plus one FieldState per field.
 * Every window type builds on it; it knows nothing about when windows open or close.
 */

import type { EventValue } from '../../stream/event.ts';
import { resolveAggregate } from '../aggregates.ts';
import { FieldState } from '../field-state.ts';
import { Ring } from '../ring.ts';
import type { AggregateDef } from '../stats/types.ts';
import { featureName } from '../vector.ts';
import type { KeyedState } from '../keyed.ts';
import type { WindowsSnapshot } from './types.ts';

/** The compiled field/aggregate layout shared by every key of one window operator. */
export interface Layout {
  fields: string[];
  /** Scratch space shared by every key of the operator (single-threaded, never held across calls). */
  row: Float64Array;
  scratch: number[];
  defs: AggregateDef[][];
  /** Feature names per field, in aggregate order. */
  names: string[][];
  featureNames: string[];
}

export function compileLayout(fields: Record<string, string[]>, sizeLabelMs: number | string): Layout {
  const entries = Object.entries(fields);
  const label = (field: string, agg: string): string =>
    typeof sizeLabelMs === 'number' ? featureName(field, agg, sizeLabelMs) : `${field}_${agg}_${sizeLabelMs}`;
  const names = entries.map(([field, aggs]) => aggs.map((agg) => label(field, agg)));
  return {
    row: new Float64Array(entries.length + 1),
    scratch: [],
    fields: entries.map(([field]) => field),
    defs: entries.map(([, aggs]) =>
      aggs.map((agg) => {
        const def = resolveAggregate(agg);
        if (!def) throw new RangeError(`unknown aggregate "${agg}"`);
        return def;
      }),
    ),
    names,
    featureNames: names.flat(),
  };
}

export type Row = Array<number | null>;

export class KeyRows {
  readonly ring: Ring;
  readonly states: FieldState[];

  constructor(private readonly layout: Layout) {
    this.ring = new Ring(layout.fields.length + 1);
    this.states = layout.defs.map((defs, i) => new FieldState(this.ring, i + 1, defs));
  }

  get size(): number {
    return this.ring.size;
  }

  oldestTs(): number {
    return this.ring.get(this.ring.head, 0);
  }

  newestTs(): number {
    return this.ring.get(this.ring.tail - 1, 0);
  }

  append(ts: number, values: Record<string, EventValue>): void {
    this.appendRow(this.fill(ts, values));
  }

  /** The row for an event, in the shared scratch buffer (copied by the ring on push). */
  private fill(ts: number, values: Record<string, EventValue>): Float64Array {
    const row = this.layout.row;
    row[0] = ts;
    for (let i = 0; i < this.layout.fields.length; i++) {
      const v = values[this.layout.fields[i]!];
      row[i + 1] = typeof v === 'number' ? v : NaN;
    }
    return row;
  }

  private appendRow(row: ArrayLike<number>): void {
    this.ring.push(row);
    const ts = row[0]!;
    const states = this.states;
    for (let i = 0; i < states.length; i++) states[i]!.add(row[i + 1]!, ts);
  }

  /** Removes rows older than `startTs` (FIFO); returns them when `keep` is given. */
  evictBefore(startTs: number, keep?: (row: Float64Array) => void): void {
    const ring = this.ring;
    while (ring.size > 0 && ring.get(ring.head, 0) < startTs) {
      if (keep) keep(this.rowAt(0));
      for (const state of this.states) state.remove(ring.head);
      ring.shift();
    }
  }

  /** Removes exactly the oldest row (count windows: rows of equal time must not leave together). */
  dropOldest(): void {
    if (this.ring.size === 0) return;
    for (const state of this.states) state.remove(this.ring.head);
    this.ring.shift();
  }

  clear(): void {
    this.evictBefore(Infinity);
    this.ring.compact();
  }

  /**
   * Inserts a row out of order (a late event) at its event-time position (after rows of equal
   * time), re-adding every row so each stat sees FIFO order again: O(window), on the late path only.
   */
  insertSorted(ts: number, values: Record<string, EventValue>): void {
    const rows: Float64Array[] = [];
    for (let i = 0; i < this.ring.size; i++) rows.push(this.rowAt(i));
    const at = rows.findIndex((r) => r[0]! > ts);
    rows.splice(at < 0 ? rows.length : at, 0, Float64Array.from(this.fill(ts, values)));
    this.evictBefore(Infinity);
    for (const r of rows) this.appendRow(r);
  }

  rowAt(i: number): Float64Array {
    const out = new Float64Array(this.ring.width);
    for (let c = 0; c < this.ring.width; c++) out[c] = this.ring.get(this.ring.head + i, c);
    return out;
  }

  /** Feature values of what the rows hold now. */
  values(): Record<string, number> {
    const values: Record<string, number> = {};
    for (let i = 0; i < this.states.length; i++) {
      const scratch = this.layout.scratch;
      this.states[i]!.read(scratch);
      const names = this.layout.names[i]!;
      for (let j = 0; j < names.length; j++) values[names[j]!] = scratch[j]!;
    }
    return values;
  }

  bytes(): number {
    return this.ring.bytes() + 200 + this.states.length * 160;
  }

  snapshotRows(): Row[] {
    const rows: Row[] = [];
    for (let i = 0; i < this.ring.size; i++) rows.push(Array.from(this.rowAt(i), (v) => (Number.isNaN(v) ? null : v)));
    return rows;
  }

  restoreRows(rows: Row[]): void {
    for (const r of rows) this.appendRow(Float64Array.from(r, (v) => (v === null ? NaN : v)));
  }

  /** Stats computed over arbitrary rows (brute force, for corrected results on the late path). */
  static valuesOf(layout: Layout, rows: Float64Array[]): Record<string, number> {
    const scratch = new KeyRows(layout);
    for (const r of rows) scratch.appendRow(r);
    return scratch.values();
  }
}

/** Per-key state that is its rows plus plain JSON fields (count and session windows). */
type WithRows = { rows: KeyRows };

/** Snapshot of such keys: the fields as they are, rows as JSON rows. */
export function snapshotKeyed<S extends WithRows>(kind: string, keys: KeyedState<S>): WindowsSnapshot {
  const out: WindowsSnapshot = { kind, keys: [] };
  for (const [key, w] of keys.entries()) out.keys.push({ key, state: { ...w, rows: w.rows.snapshotRows() } });
  return out;
}

/** The inverse of snapshotKeyed. */
export function restoreKeyed<S extends WithRows>(layout: Layout, snapshot: WindowsSnapshot, keys: KeyedState<S>): void {
  for (const { key, state } of snapshot.keys) {
    const { rows, ...fields } = state as { rows: Row[] };
    const restored = new KeyRows(layout);
    restored.restoreRows(rows);
    keys.set(key, { ...fields, rows: restored } as unknown as S);
  }
}

export function keyedBytes<S extends WithRows>(keys: KeyedState<S>): number {
  let bytes = 0;
  for (const [, w] of keys.entries()) bytes += w.rows.bytes();
  return bytes;
}
