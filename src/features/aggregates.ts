/**
 * The aggregate table: every feature function a window can compute, what per-field state it needs,
 * and what it costs per event. Adding one is one row here.
 */

import type { FieldState } from './field-state.ts';

export interface AggregateSpec {
  /** Per-event cost in a sliding window (documented in the README and checked by op-count tests). */
  cost: 'O(1)' | 'O(1) amortized';
  /** Which parts of the field state it reads; unused parts are not maintained. */
  needs: Array<'min' | 'max'>;
  read(state: FieldState): number;
}

export const AGGREGATES = {
  count: { cost: 'O(1)', needs: [], read: (s) => s.moments.n },
  mean: { cost: 'O(1)', needs: [], read: (s) => s.moments.value() },
  std: { cost: 'O(1)', needs: [], read: (s) => (s.moments.n ? Math.sqrt(s.moments.variance()) : NaN) },
  min: { cost: 'O(1) amortized', needs: ['min'], read: (s) => s.min() },
  max: { cost: 'O(1) amortized', needs: ['max'], read: (s) => s.max() },
  last: { cost: 'O(1)', needs: [], read: (s) => s.last },
} satisfies Record<string, AggregateSpec>;

export type AggregateName = keyof typeof AGGREGATES;

export const AGGREGATE_NAMES = Object.keys(AGGREGATES) as AggregateName[];

export function isAggregateName(name: string): name is AggregateName {
  return Object.hasOwn(AGGREGATES, name);
}
