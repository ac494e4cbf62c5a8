/** Weight optimizers for the linear models (River's `optim`): SGD and Adam over sparse dict weights. */

import { dict, fromState, jsonCopy } from '../util.ts';
import type { State } from '../types.ts';

/** `{ name: 'sgd', lr }` or `{ name: 'adam', lr, beta1, beta2, eps }`. */
export interface OptimizerParams {
  name: 'sgd' | 'adam';
  lr?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export interface Optimizer {
  /** Steps taken so far; River's intercept schedule reads it before the step. */
  readonly nIterations: number;
  /** Applies one step to `w` in place, for the keys of `g` only. */
  step(w: Record<string, number>, g: Array<[string, number]>): void;
  snapshot(): State;
}

/** River's `optim.SGD(lr=0.01)`: w ← w − lr·g. */
function sgd(lr: number, state?: State): Optimizer {
  let n = fromState(state, 'n', 0);
  return {
    get nIterations() {
      return n;
    },
    step(w, g) {
      for (const [k, gk] of g) w[k] = (w[k] ?? 0) - lr * gk;
      n += 1;
    },
    snapshot: () => ({ n }),
  };
}

/** River's `optim.Adam(lr=0.1, beta_1=0.9, beta_2=0.999, eps=1e-8)` (Kingma & Ba, 2015), bias folded into lr. */
function adam(p: Required<OptimizerParams>, state?: State): Optimizer {
  let n = fromState(state, 'n', 0);
  const m = dict(fromState<Record<string, number>>(state, 'm', {}));
  const v = dict(fromState<Record<string, number>>(state, 'v', {}));
  return {
    get nIterations() {
      return n;
    },
    step(w, g) {
      const lr = (p.lr * Math.sqrt(1 - p.beta2 ** (n + 1))) / (1 - p.beta1 ** (n + 1));
      for (const [k, gk] of g) {
        m[k] = p.beta1 * (m[k] ?? 0) + (1 - p.beta1) * gk;
        v[k] = p.beta2 * (v[k] ?? 0) + (1 - p.beta2) * gk * gk;
        w[k] = (w[k] ?? 0) - (lr * m[k]!) / (Math.sqrt(v[k]!) + p.eps);
      }
      n += 1;
    },
    snapshot: () => jsonCopy({ n, m, v }),
  };
}

/** Makes an optimizer from params; SGD's default lr is River's 0.01, Adam's is 0.1. */
export function createOptimizer(params: OptimizerParams, state?: State): Optimizer {
  if (params.name === 'sgd') return sgd(params.lr ?? 0.01, state);
  if (params.name === 'adam') {
    const full = { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, ...params, name: 'adam' as const };
    return adam(full, state);
  }
  throw new Error(`optimizer.name: must be 'sgd' or 'adam' (got ${String((params as { name?: unknown }).name)})`);
}
