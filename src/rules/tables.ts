/**
 * Tables for stream–table enrichment: the latest row per key, kept from a retained MQTT topic (an
 * empty retained payload deletes, as MQTT clears a retained message) or upserted over HTTP. Each
 * change is handed to the listeners (the rules whose inputs read the table). Bounded in rows.
 */

import type { TableConfig } from './config.ts';

export type Row = Record<string, unknown>;

export interface TableChange {
  table: string;
  key: string;
  /** undefined: the row was deleted. */
  row?: Row;
}

export interface Tables {
  readonly names: string[];
  has(table: string): boolean;
  get(table: string, key: string): Row | undefined;
  /** false when the table is full (maxRows) and the key is new. */
  upsert(table: string, key: string, row: Row): boolean;
  delete(table: string, key: string): boolean;
  rows(table: string): Array<[string, Row]>;
  onChange(listener: (change: TableChange) => void): void;
  stats(): Record<string, { rows: number; refused: number }>;
  snapshot(): Record<string, Array<[string, Row]>>;
}

export function createTables(configs: TableConfig[], restore?: Record<string, Array<[string, Row]>>): Tables {
  const data = new Map(configs.map((c) => [c.name, new Map<string, Row>(restore?.[c.name] ?? [])]));
  const limits = new Map(configs.map((c) => [c.name, c.maxRows]));
  const refused = new Map(configs.map((c) => [c.name, 0]));
  const listeners: Array<(change: TableChange) => void> = [];
  const notify = (change: TableChange): void => {
    for (const l of listeners) l(change);
  };
  const table = (name: string): Map<string, Row> => {
    const t = data.get(name);
    if (!t) throw new Error(`no table ${name}`);
    return t;
  };

  return {
    names: configs.map((c) => c.name),
    has: (name) => data.has(name),
    get: (name, key) => data.get(name)?.get(key),
    upsert(name, key, row) {
      const t = table(name);
      if (!t.has(key) && t.size >= limits.get(name)!) {
        refused.set(name, refused.get(name)! + 1);
        return false;
      }
      t.set(key, row);
      notify({ table: name, key, row });
      return true;
    },
    delete(name, key) {
      const existed = table(name).delete(key);
      if (existed) notify({ table: name, key });
      return existed;
    },
    rows: (name) => [...table(name)],
    onChange: (listener) => void listeners.push(listener),
    stats: () => Object.fromEntries([...data].map(([name, t]) => [name, { rows: t.size, refused: refused.get(name)! }])),
    snapshot: () => Object.fromEntries([...data].map(([name, t]) => [name, [...t]])),
  };
}
