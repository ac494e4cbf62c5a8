/** Forecast-residual detector: Holt's linear (level + trend) one-step forecast, residual in EW std units. */

import { safeStd, zToScore } from './score.ts';
import type { CreateOptions, Detector, DetectorDef } from './types.ts';
import { univariate, type Kernel } from './univariate.ts';

export interface ForecastParams {
  /** Level smoothing α. */
  alpha: number;
  /** Trend smoothing β (0 gives simple exponential smoothing). */
  beta: number;
  /** Weight of the newest squared residual in the residual variance. */
  residualAlpha: number;
  minSamples: number;
  zHalf: number;
}

interface State {
  n: number;
  level: number;
  trend: number;
  residualVar: number;
}

/**
 * Holt, "Forecasting seasonals and trends by exponentially weighted moving averages" (1957): the
 * forecast of the next row is level + trend; a row's score is its forecast error over the EW RMS of
 * past errors. Residuals of a good forecaster are near-white, so this flags surprises in context
 * rather than values far from a long-run mean.
 */
const kernel: Kernel<ForecastParams, State> = {
  init: () => ({ n: 0, level: 0, trend: 0, residualVar: 0 }),
  score(s, x, p) {
    if (s.n < Math.max(3, p.minSamples)) return 0;
    const e = x - (s.level + s.trend);
    return zToScore(e / safeStd(Math.sqrt(s.residualVar), s.level), p.zHalf);
  },
  learn(s, x, p) {
    s.n++;
    if (s.n === 1) {
      s.level = x;
      return;
    }
    const e = x - (s.level + s.trend);
    const ra = Math.max(p.residualAlpha, 1 / s.n);
    s.residualVar = (1 - ra) * s.residualVar + ra * e * e;
    const prevLevel = s.level;
    s.level = p.alpha * x + (1 - p.alpha) * (s.level + s.trend);
    s.trend = p.beta * (s.level - prevLevel) + (1 - p.beta) * s.trend;
  },
};

const defaults: ForecastParams = { alpha: 0.5, beta: 0.0, residualAlpha: 0.01, minSamples: 30, zHalf: 3 };

/** @example const d = forecast.create({ alpha: 0.3, beta: 0.05 }); */
export const forecast: DetectorDef<ForecastParams> = {
  name: 'forecast',
  summary: "Holt's linear one-step forecast; score from the residual in EW RMS-residual units.",
  defaults,
  create(params?: Partial<ForecastParams>, opts?: CreateOptions): Detector {
    const p = { ...defaults, ...params };
    if (!(p.alpha > 0 && p.alpha <= 1 && p.beta >= 0 && p.beta <= 1)) throw new Error('forecast.alpha, forecast.beta: must be in (0, 1] and [0, 1]');
    return univariate(kernel, p, opts?.state);
  },
};
