/** A one-hidden-layer perceptron for binary classification: inputs → tanh → sigmoid, parameters in one flat array. */

import type { Rng } from '../sim/rng.ts';

export interface MlpShape {
  inputs: number;
  hidden: number;
}

/** JSON-safe learned state. */
export interface MlpState extends MlpShape {
  theta: number[];
}

/** Views into θ: w1 is hidden × inputs, row-major (the ONNX Gemm `B` with transB = 1). */
export interface MlpLayers {
  w1: Float64Array;
  b1: Float64Array;
  w2: Float64Array;
  b2: Float64Array;
}

export interface Batch {
  /** Row-major, one row per example. */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Row numbers of the examples in this batch. */
  rows: ArrayLike<number>;
}

export interface Mlp {
  readonly shape: MlpShape;
  /** All parameters, [w1, b1, w2, b2]; an optimizer updates it in place. */
  readonly theta: Float64Array;
  readonly layers: MlpLayers;
  /** P(y = 1) for the row starting at `offset`. */
  predict(x: ArrayLike<number>, offset?: number): number;
  /** Adds ∂(summed binary cross-entropy)/∂θ over the batch to `grad`; returns the summed loss. */
  backward(batch: Batch, grad: Float64Array): number;
  snapshot(): MlpState;
}

export function parameterCount({ inputs, hidden }: MlpShape): number {
  return hidden * inputs + hidden + hidden + 1;
}

function viewLayers(theta: Float64Array, { inputs, hidden }: MlpShape): MlpLayers {
  const w1End = hidden * inputs;
  return {
    w1: theta.subarray(0, w1End),
    b1: theta.subarray(w1End, w1End + hidden),
    w2: theta.subarray(w1End + hidden, w1End + 2 * hidden),
    b2: theta.subarray(w1End + 2 * hidden, w1End + 2 * hidden + 1),
  };
}

/** log(1 + e^z) without overflow. */
const softplus = (z: number): number => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));

/**
 * Fresh weights by Glorot uniform init (Glorot & Bengio, AISTATS 2010) from `rng`, zero biases;
 * or restored from a snapshot.
 *
 * @example
 * const mlp = createMlp({ inputs: 15, hidden: 16 }, { rng: createRng(1) });
 * const p = mlp.predict(row);
 */
export function createMlp(shape: MlpShape, init: { rng: Rng } | { state: MlpState }): Mlp {
  const { inputs, hidden } = shape;
  const theta = new Float64Array(parameterCount(shape));
  const layers = viewLayers(theta, shape);
  if ('state' in init) {
    if (init.state.inputs !== inputs || init.state.hidden !== hidden || init.state.theta.length !== theta.length) {
      throw new RangeError(`mlp state is ${init.state.inputs}→${init.state.hidden}, expected ${inputs}→${hidden}`);
    }
    theta.set(init.state.theta);
  } else {
    const a1 = Math.sqrt(6 / (inputs + hidden));
    for (let i = 0; i < layers.w1.length; i++) layers.w1[i] = init.rng.between(-a1, a1);
    const a2 = Math.sqrt(6 / (hidden + 1));
    for (let i = 0; i < layers.w2.length; i++) layers.w2[i] = init.rng.between(-a2, a2);
  }
  const { w1, b1, w2, b2 } = layers;
  const act = new Float64Array(hidden);

  /** Fills `act` with the hidden layer and returns the output logit. */
  function logit(x: ArrayLike<number>, offset: number): number {
    let z = b2[0]!;
    for (let h = 0; h < hidden; h++) {
      let s = b1[h]!;
      const row = h * inputs;
      for (let i = 0; i < inputs; i++) s += w1[row + i]! * x[offset + i]!;
      const a = Math.tanh(s);
      act[h] = a;
      z += w2[h]! * a;
    }
    return z;
  }

  return {
    shape: { inputs, hidden },
    theta,
    layers,
    predict: (x, offset = 0) => 1 / (1 + Math.exp(-logit(x, offset))),
    backward({ x, y, rows }, grad) {
      const g = viewLayers(grad, shape);
      let loss = 0;
      for (let k = 0; k < rows.length; k++) {
        const offset = rows[k]! * inputs;
        const target = y[rows[k]!]!;
        const z = logit(x, offset);
        loss += softplus(z) - target * z;
        const dz = 1 / (1 + Math.exp(-z)) - target; // ∂BCE/∂z for a sigmoid output
        g.b2[0]! += dz;
        for (let h = 0; h < hidden; h++) {
          const a = act[h]!;
          g.w2[h]! += dz * a;
          const ds = dz * w2[h]! * (1 - a * a);
          g.b1[h]! += ds;
          const row = h * inputs;
          for (let i = 0; i < inputs; i++) g.w1[row + i]! += ds * x[offset + i]!;
        }
      }
      return loss;
    },
    snapshot: () => ({ inputs, hidden, theta: Array.from(theta) }),
  };
}
