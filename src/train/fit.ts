/** Mini-batch training of an Mlp with Adam: seeded shuffles, cosine-decayed step, L2 on weights. */

import type { Rng } from '../sim/rng.ts';
import { createAdam } from './adam.ts';
import type { Mlp } from './mlp.ts';

export interface FitOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty on the weight matrices (not biases), per example; keeps tanh units out of saturation. */
  l2?: number;
  /** Shuffles the examples every epoch. */
  rng: Rng;
}

export interface FitData {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  rows: number;
}

/**
 * Trains in place and returns the mean training loss of each epoch. Deterministic: same θ, data
 * and rng seed → the same θ bit for bit.
 *
 * @example
 * const losses = fitMlp(mlp, { x, y, rows }, { epochs: 40, batchSize: 64, learningRate: 0.01, rng: createRng(1) });
 */
export function fitMlp(mlp: Mlp, data: FitData, opts: FitOptions): number[] {
  const { epochs, batchSize, learningRate, l2 = 1e-4, rng } = opts;
  const adam = createAdam(mlp.theta.length, { learningRate });
  const grad = new Float64Array(mlp.theta.length);
  const order = Int32Array.from({ length: data.rows }, (_, i) => i);
  const { w1, w2 } = mlp.layers;
  const w2Start = w1.length + mlp.shape.hidden; // θ = [w1, b1, w2, b2]
  const losses: number[] = [];

  for (let epoch = 0; epoch < epochs; epoch++) {
    // cosine decay to 10% of the initial step: big moves early, fine-tuning late
    adam.setLearningRate(learningRate * (0.1 + 0.45 * (1 + Math.cos((Math.PI * epoch) / epochs))));
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    let loss = 0;
    for (let from = 0; from < order.length; from += batchSize) {
      const rows = order.subarray(from, Math.min(from + batchSize, order.length));
      grad.fill(0);
      loss += mlp.backward({ x: data.x, y: data.y, rows }, grad);
      const scale = 1 / rows.length;
      for (let i = 0; i < grad.length; i++) grad[i]! *= scale;
      for (let i = 0; i < w1.length; i++) grad[i]! += l2 * w1[i]!;
      for (let i = 0; i < w2.length; i++) grad[w2Start + i]! += l2 * w2[i]!;
      adam.step(mlp.theta, grad);
    }
    losses.push(loss / data.rows);
  }
  return losses;
}
