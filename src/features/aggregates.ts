/**
 * The aggregate table: every feature function a window can compute. Adding one is one file in
 * stats/ plus one line here. Names resolve to a definition (`p95` → the 0.95 quantile).
 */

import { DISTINCT_AGGREGATES } from './stats/distinct.ts';
import { END_AGGREGATES } from './stats/ends.ts';
import { EWMA_AGGREGATES } from './stats/ewma.ts';
import { EXTREME_AGGREGATES } from './stats/extremes.ts';
import { FREQUENCY_AGGREGATES } from './stats/frequency.ts';
import { MOMENT_AGGREGATES } from './stats/moments-stat.ts';
import { QUANTILE_AGGREGATES } from './stats/quantiles.ts';
import { SHAPE_AGGREGATES } from './stats/shape.ts';
import { SLOPE_AGGREGATES } from './stats/slope.ts';
import { SUM_AGGREGATES } from './stats/sum.ts';
import type { AggregateDef, AggregateEntry } from './stats/types.ts';

export const AGGREGATE_TABLE: AggregateEntry[] = [
  ...MOMENT_AGGREGATES,
  ...SUM_AGGREGATES,
  ...EXTREME_AGGREGATES,
  ...END_AGGREGATES,
  ...EWMA_AGGREGATES,
  ...SLOPE_AGGREGATES,
  ...SHAPE_AGGREGATES,
  ...QUANTILE_AGGREGATES,
  ...DISTINCT_AGGREGATES,
  ...FREQUENCY_AGGREGATES,
];

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

/** One concrete, resolvable name per table row (`p95` for `p<q>`): for tests and examples. */
export const AGGREGATE_NAMES: string[] = AGGREGATE_TABLE.map((e) => e.example ?? e.display);

/** Names as documented, patterns included (`p<q>`): for error messages. */
export const AGGREGATE_DISPLAY_NAMES: string[] = AGGREGATE_TABLE.map((e) => e.display);
