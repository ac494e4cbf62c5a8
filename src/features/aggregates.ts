/**
 * The aggregate table: every feature function a window can compute. Adding one is one file in
 * stats/ plus one line here. Names resolve to a definition (`p95` → the 0.95 quantile).
 */

import { END_AGGREGATES } from './stats/ends.ts';
import { EXTREME_AGGREGATES } from './stats/extremes.ts';
import { MOMENT_AGGREGATES } from './stats/moments-stat.ts';
import type { AggregateDef, AggregateEntry } from './stats/types.ts';

export const AGGREGATE_TABLE: AggregateEntry[] = [...MOMENT_AGGREGATES, ...EXTREME_AGGREGATES, ...END_AGGREGATES];

/** Aggregate names are strings from the spec; `resolveAggregate` says whether one is known. */
export type AggregateName = string;

export function resolveAggregate(name: string): AggregateDef | undefined {
  for (const entry of AGGREGATE_TABLE) {
    const def = entry.match(name);
    if (def) return def;
  }
  return undefined;
}

export function isAggregateName(name: string): boolean {
  return resolveAggregate(name) !== undefined;
}

/** For error messages and docs. */
export const AGGREGATE_NAMES: string[] = AGGREGATE_TABLE.map((e) => e.display);
