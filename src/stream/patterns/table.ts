/**
 * A keyed table of latest rows for stream–table enrichment (DDIA ch. 11, "stream-table join"): the
 * runtime upserts it from a retained MQTT topic or over HTTP, the enrich operator reads it. Latest
 * write wins (no versions by event time); bounded by `maxRows` with least-recently-written eviction.
 */

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
  const rows = new Map<string, Row>();
  let evicted = 0;

  function upsert(key: string, row: Row): void {
    rows.delete(key); // re-insert: Map order is write order, the oldest write is first out
    rows.set(key, row);
    if (rows.size > limits.maxRows) {
      rows.delete(rows.keys().next().value as string);
      evicted++;
    }
  }

  for (const [key, row] of state?.rows ?? []) upsert(key, row);

  return {
    upsert,
    delete: (key) => rows.delete(key),
    get: (key) => rows.get(key),
    stats: () => ({ rows: rows.size, evicted }),
    snapshot: () => ({ rows: [...rows] as TableState['rows'] }),
  };
}
