/**
 * The generalised linear model core shared by LinearRegression, LogisticRegression and Perceptron:
 * River's `linear_model.base.GLM._fit` step for step, so the parity numbers come out identical.
 */

import { createOptimizer, type OptimizerParams } from './optim/optimizer.ts';
import type { Loss } from './optim/losses.ts';
import type { Features, State } from './types.ts';
import { clamp, dict, dot, fromState, jsonCopy, numeric } from './util.ts';

export interface GlmParams {
  optimizer: OptimizerParams;
  l2: number;
  interceptInit: number;
  interceptLr: number;
  clipGradient: number;
}

export interface Glm {
  /** w·x + b over the numeric features of `x`. */
  raw(x: Features): number;
  /** One SGD step on (x, y); `y` is the numeric target (0/1 for binary losses). */
  fit(x: Features, y: number, loss: Loss): void;
  snapshot(): State;
}

export function createGlm(p: GlmParams, state?: State): Glm {
  const w = dict(fromState<Record<string, number>>(state, 'weights', {}));
  let intercept = fromState(state, 'intercept', p.interceptInit);
  const opt = createOptimizer(p.optimizer, fromState<State | undefined>(state, 'optimizer', undefined));
  const raw = (x: Features) => dot(w, x) + intercept;

  return {
    raw,
    fit(x, y, loss) {
      // Gradient first, from the current weights; then the intercept (its lr read at the
      // optimizer's iteration count before stepping); then the weights. L2 touches x's keys only.
      const lg = clamp(loss.gradient(y, raw(x)), -p.clipGradient, p.clipGradient);
      const g: Array<[string, number]> = numeric(x).map(([k, v]) => [k, v * lg + (p.l2 ? p.l2 * (w[k] ?? 0) : 0)]);
      intercept -= p.interceptLr * lg;
      opt.step(w, g);
    },
    snapshot: () => jsonCopy({ weights: w, intercept, optimizer: opt.snapshot() }),
  };
}

/** Reads the GLM params from a learner's params bag (already merged with its defaults). */
export function glmParams(params: Record<string, unknown>): GlmParams {
  return {
    optimizer: params.optimizer as OptimizerParams,
    l2: Number(params.l2),
    interceptInit: Number(params.interceptInit),
    interceptLr: Number(params.interceptLr),
    clipGradient: Number(params.clipGradient),
  };
}
