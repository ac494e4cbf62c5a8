/**
 * A keyed table of latest rows for stream–table enrichment (DDIA ch. 11, "stream-table join"): the
 * runtime upserts it from a retained MQTT topic or over HTTP, the enrich operator reads it. Latest
 * write wins (no versions by event time); bounded by `maxRows` with least-recently-written eviction.
 */

import { KeyStore } from './common.ts';

export type Row = Readonly<Record<string, unknown>>;

export interface TableStats {
  rows: number;
  evicted: number;
}

export interface TableState {
  rows: Array<[key: string, row: Record<string, unknown>]>;
}

export interface Table {
  upsert(key: string, row: Row): void;
  /** True when a row was there. */
  delete(key: string): boolean;
  get(key: string): Row | undefined;
  stats(): TableStats;
  /** Rows in write order, JSON-safe; `createTable(limits, state)` restores it. */
  snapshot(): TableState;
}

/**
 * @example
 * const devices = createTable({ maxRows: 100_000 });
 * devices.upsert('pump-7', { site: 'north', model: 'P300' });
 * devices.get('pump-7')?.site; // 'north'
 */
export function createTable(limits: { maxRows: number }, state?: TableState): Table {
  // Least recently written first out.
  const rows = new KeyStore<Row>(limits.maxRows, () => 1);
  for (const [key, row] of state?.rows ?? []) rows.set(key, row);

  return {
    upsert: (key, row) => rows.set(key, row),
    delete: (key) => rows.delete(key),
    get: (key) => rows.get(key),
    stats: () => ({ rows: rows.size, evicted: rows.evicted }),
    snapshot: () => ({ rows: [...rows.map] as TableState['rows'] }),
  };
}
