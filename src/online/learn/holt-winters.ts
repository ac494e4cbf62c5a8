/**
 * Holt–Winters triple exponential smoothing (Holt 1957, Winters 1960; additive or multiplicative
 * seasonality) step for step as River's `time_series.HoltWinters`: the first max(2, m) values set
 * level = their mean, trend = mean of their differences and m seasonal factors; afterwards
 *   ℓₜ = α (yₜ ∘⁻¹ sₜ₋ₘ) + (1 − α)(ℓₜ₋₁ + bₜ₋₁),  bₜ = β (ℓₜ − ℓₜ₋₁) + (1 − β) bₜ₋₁,
 *   sₜ = γ (yₜ ∘⁻¹ (ℓₜ₋₁ + bₜ₋₁)) + (1 − γ) sₜ₋ₘ,   ŷₜ₊ₕ = (ℓₜ + h bₜ) ∘ sₜ₋ₘ₊₍ₕ₋₁₎ mod m,
 * with ∘ = + (additive) or × (multiplicative). `holtWinters` adapts it to the regressor interface.
 */

import type { Forecaster, LearnerSpec, Regressor, State } from './types.ts';
import { fromState } from './util.ts';

export const holtWintersDefaults = {
  alpha: 0.3,
  /** null: no trend (simple or seasonal exponential smoothing). */
  beta: null as number | null,
  /** null: no seasonality. */
  gamma: null as number | null,
  seasonality: 0,
  multiplicative: false,
  /** For the regressor adapter: `predictOne` returns the forecast this many steps ahead. */
  horizon: 1,
};

type P = typeof holtWintersDefaults;

interface HwState {
  first: number[];
  /** The last two levels and trends, the last m + 1 seasonal factors (River's bounded deques). */
  level: number[];
  trend: number[];
  season: number[];
}

const push = (a: number[], v: number, max: number) => {
  a.push(v);
  if (a.length > max) a.shift();
};
const last = (a: number[], back = 1) => a[a.length - back] ?? 0;

/**
 * @example
 * const hw = createHoltWinters({ alpha: 0.3, beta: 0.1, gamma: 0.6, seasonality: 12, multiplicative: true });
 * for (const y of series) hw.learnOne(y);
 * hw.forecast(12);
 */
export function createHoltWinters(params: Partial<P> = {}, opts: { state?: State } = {}): Forecaster {
  const p = { ...holtWintersDefaults, ...params };
  const m = p.gamma !== null ? p.seasonality : 0;
  if (p.gamma !== null && !(m >= 1)) throw new Error(`seasonality: must be ≥ 1 when gamma is set (got ${p.seasonality})`);
  const s: HwState = fromState(opts.state, 'hw', { first: [], level: [], trend: [], season: [] });
  const hasTrend = p.beta !== null;
  const mult = p.multiplicative;
  const off = (y: number, f: number) => (mult ? y / f : y - f);
  const on = (y: number, f: number) => (mult ? y * f : y + f);
  const ready = () => s.level.length > 0;

  function learnOne(y: number): void {
    if (!Number.isFinite(y)) return;
    if (ready()) {
      const base = last(s.level) + (hasTrend ? last(s.trend) : 0);
      push(s.level, p.alpha * (m ? off(y, s.season[s.season.length - m]!) : y) + (1 - p.alpha) * base, 2);
      if (hasTrend) push(s.trend, p.beta! * (last(s.level) - last(s.level, 2)) + (1 - p.beta!) * last(s.trend), 2);
      if (m) push(s.season, p.gamma! * off(y, last(s.level, 2) + (hasTrend ? last(s.trend, 2) : 0)) + (1 - p.gamma!) * s.season[s.season.length - m]!, m + 1);
      return;
    }
    s.first.push(y);
    if (s.first.length < Math.max(2, m)) return;
    const mean = s.first.reduce((a, b) => a + b, 0) / s.first.length;
    s.level.push(mean);
    if (hasTrend) s.trend.push((s.first[s.first.length - 1]! - s.first[0]!) / (s.first.length - 1)); // mean of the differences
    if (m) s.season.push(...s.first.map((v) => off(v, mean)));
    s.first = [];
  }

  function forecast(horizon: number): number[] {
    if (!ready()) {
      // Before the components exist River cannot forecast; the mean so far is the honest guess.
      const mean = s.first.length ? s.first.reduce((a, b) => a + b, 0) / s.first.length : 0;
      return Array.from({ length: horizon }, () => mean);
    }
    return Array.from({ length: horizon }, (_, h) => {
      const trend = last(s.level) + (hasTrend ? (h + 1) * last(s.trend) : 0);
      return m ? on(trend, s.season[s.season.length - m + (h % m)]!) : trend;
    });
  }

  return { kind: 'forecaster', learnOne, forecast, snapshot: () => ({ hw: structuredClone(s) }) };
}

/**
 * The forecaster as a regressor: `learnOne(x, y)` learns y (x is ignored: the series is the
 * input), `predictOne` forecasts `horizon` steps ahead. One model per key makes one series per device.
 */
export const holtWinters: LearnerSpec<Regressor> = {
  kind: 'regressor',
  summary: 'Holt-Winters forecaster (additive/multiplicative seasonality) as a regressor on the target series (River HoltWinters)',
  defaults: holtWintersDefaults,
  create(params = {}, opts = {}) {
    const p = { ...holtWintersDefaults, ...params } as P;
    const hw = createHoltWinters(p, opts);
    return {
      kind: 'regressor',
      predictOne: () => hw.forecast(p.horizon)[p.horizon - 1]!,
      learnOne: (_x, y) => hw.learnOne(y),
      snapshot: () => hw.snapshot(),
    };
  },
};
