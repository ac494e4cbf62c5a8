/** Builds aggregate table rows: one fixed name, or a pattern whose parameter is parsed from the name. */

import type { AggregateDef, AggregateEntry, Cost, Stat, StatDef } from './types.ts';

export interface FixedSpec<S extends Stat> {
  name: string;
  summary: string;
  cost: Cost;
  memory: string;
  exactness: string;
  stat: StatDef<S>;
  read(stat: S): number;
}

/** A row for exactly one name. */
export function fixedEntry<S extends Stat>(spec: FixedSpec<S>): AggregateEntry {
  const def: AggregateDef = {
    name: spec.name,
    cost: spec.cost,
    summary: spec.summary,
    stat: spec.stat,
    read: (s) => spec.read(s as S),
  };
  return {
    display: spec.name,
    summary: spec.summary,
    memory: spec.memory,
    exactness: spec.exactness,
    match: (n) => (n === spec.name ? def : undefined),
  };
}

export interface PatternSpec<P> {
  /** `p<q>`: shown in docs and errors. */
  display: string;
  /** A name the pattern accepts (`p95`). */
  example: string;
  summary: string;
  memory: string;
  exactness: string;
  /** The parameter a name carries, or undefined when the name is not this pattern's. */
  parse(name: string): P | undefined;
  define(name: string, param: P): AggregateDef;
}

/**
 * A row for a family of names. Definitions are cached per name so that two mentions of `p95` share
 * one StatDef object; the stat itself is shared through its id (`quantiles` for every `p<q>`).
 */
export function patternEntry<P>(spec: PatternSpec<P>): AggregateEntry {
  const cache = new Map<string, AggregateDef>();
  return {
    display: spec.display,
    example: spec.example,
    summary: spec.summary,
    memory: spec.memory,
    exactness: spec.exactness,
    match(name) {
      const hit = cache.get(name);
      if (hit) return hit;
      const param = spec.parse(name);
      if (param === undefined) return undefined;
      const def = spec.define(name, param);
      cache.set(name, def);
      return def;
    },
  };
}

/** `1`..`99` without a leading zero, as a fraction (`5` → 0.05); for percent-style parameters. */
export function parsePercent(digits: string): number | undefined {
  if (!/^[1-9][0-9]?$/.test(digits)) return undefined;
  return Number(digits) / 100;
}
