/**
 * River's `time_series.evaluate` protocol for forecasters, and its Holt-Winters doctest as
 * yardstick rows. River pairs each value yₜ with the *next* h values: after a grace period the
 * model forecasts h steps, the forecast is scored against yₜ₊₁…yₜ₊ₕ, and only then learns yₜ —
 * so its "+k" is really k + 1 steps past the last learned value. We reproduce that alignment.
 */

import { createHoltWinters } from '../holt-winters.ts';
import type { Forecaster } from '../types.ts';
import { airlinePassengers } from './datasets.ts';

/** MAE per horizon step (index 0 = River's "+1"). */
export function evaluateForecaster(f: Forecaster, ys: number[], horizon: number, grace = horizon): number[] {
  const abs = new Array<number>(horizon).fill(0);
  let n = 0;
  for (let t = 0; t < grace; t++) f.learnOne(ys[t]!);
  for (let t = grace; t + horizon < ys.length; t++) {
    const pred = f.forecast(horizon);
    for (let h = 0; h < horizon; h++) abs[h]! += Math.abs(ys[t + 1 + h]! - pred[h]!);
    n++;
    f.learnOne(ys[t]!);
  }
  return abs.map((a) => a / n);
}

export interface ForecastExperiment {
  model: string;
  build(): Forecaster;
  horizon: number;
  /** River's MAE at the steps it prints, keyed by step (1-based). */
  river: Record<number, number>;
}

/** The HoltWinters doctest (exact in River's CI): multiplicative, α 0.3, β 0.1, γ 0.6, m 12, horizon 12. */
export const FORECASTS: ForecastExperiment[] = [
  {
    model: 'HoltWinters(0.3, 0.1, 0.6, m=12, multiplicative)',
    build: () => createHoltWinters({ alpha: 0.3, beta: 0.1, gamma: 0.6, seasonality: 12, multiplicative: true }),
    horizon: 12,
    river: { 1: 25.899087, 6: 26.90249, 12: 33.975057 },
  },
];

export const forecastDataset = airlinePassengers;
