/** The Adam optimizer over a flat parameter array (Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015). */

export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export interface Adam {
  /** One update of `theta` in place from the gradient `grad` (same length). */
  step(theta: Float64Array, grad: Float64Array): void;
  /** Changes the step size (for a decay schedule) without resetting the moments. */
  setLearningRate(rate: number): void;
}

/**
 * @example
 * const adam = createAdam(mlp.theta.length, { learningRate: 0.01 });
 * adam.step(mlp.theta, grad);
 */
export function createAdam(size: number, opts: AdamOptions): Adam {
  const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = opts;
  let rate = opts.learningRate;
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  let t = 0;
  return {
    step(theta, grad) {
      t++;
      // bias corrections folded into the step size (Algorithm 1, the "more efficient" ordering)
      const alpha = (rate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      for (let i = 0; i < size; i++) {
        const g = grad[i]!;
        m[i] = beta1 * m[i]! + (1 - beta1) * g;
        v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
        theta[i]! -= (alpha * m[i]!) / (Math.sqrt(v[i]!) + epsilon);
      }
    },
    setLearningRate(next) {
      rate = next;
    },
  };
}
