/**
 * The threshold filter: turns a key's stream of scores into incidents. A level policy (fixed,
 * quantile, adaptive) says where the line is; the filter adds warm-up, hysteresis and a cool-down,
 * so a plateau above the line is one event, and a score flapping around it is not a storm.
 */

import type { ThresholdConfig } from '../../../config/anomaly.ts';
import { adaptiveLevel } from './adaptive.ts';
import { fixedLevel } from './fixed.ts';
import { quantileLevel } from './quantile.ts';
import type { LevelParams, LevelPolicy } from './types.ts';

/** The policy table: adding a policy is one file plus one line here. */
export const LEVEL_POLICIES: Record<ThresholdConfig['policy'], (p: LevelParams) => LevelPolicy> = {
  fixed: fixedLevel,
  quantile: quantileLevel as (p: LevelParams) => LevelPolicy,
  adaptive: adaptiveLevel as (p: LevelParams) => LevelPolicy,
};

/** One key's filter state, JSON-safe. */
export interface FilterState {
  /** Scores seen (warm-up counts them). */
  seen: number;
  /** Inside an incident: an event was raised and the score has not yet fallen below the exit line. */
  active: boolean;
  /** Event time before which no new incident may open (end of the last one + cool-down). */
  coolUntil: number | null;
  level: unknown;
}

export interface Decision {
  /** The line this score was judged against. */
  threshold: number;
  /** True on the window that opens an incident: publish one anomaly event. */
  fire: boolean;
  /** True while the incident lasts (including the window that fired). */
  active: boolean;
}

export interface ThresholdFilter {
  init(): FilterState;
  /** Judges one score at event time `atMs`, then learns it when normal. Mutates `s`. */
  step(s: FilterState, score: number, atMs: number): Decision;
}

/**
 * Enter at score ≥ threshold; leave when score < threshold − hysteresis; after leaving, nothing
 * opens until `cooldownMs` of event time has passed. The policy learns each score, told whether
 * it lies inside an incident (the adaptive line skips those, so an incident cannot raise it).
 *
 * @example
 * const f = createThresholdFilter({ policy: 'fixed', value: 0.8, hysteresis: 0.1, cooldownMs: 60_000, warmup: 0, ... });
 * const s = f.init(); f.step(s, 0.9, t).fire === true; f.step(s, 0.95, t + 5000).fire === false;
 */
export function createThresholdFilter(cfg: ThresholdConfig): ThresholdFilter {
  const policy = LEVEL_POLICIES[cfg.policy](cfg);
  return {
    init: () => ({ seen: 0, active: false, coolUntil: null, level: policy.init() }),
    step(s, score, atMs) {
      const threshold = policy.level(s.level);
      let fire = false;
      if (s.active) {
        if (score < threshold - cfg.hysteresis) {
          s.active = false;
          s.coolUntil = atMs + cfg.cooldownMs;
        }
      } else if (s.seen >= cfg.warmup && score >= threshold && (s.coolUntil === null || atMs >= s.coolUntil)) {
        s.active = fire = true;
      }
      s.seen++;
      policy.learn(s.level, score, s.active);
      return { threshold, fire, active: s.active };
    },
  };
}
