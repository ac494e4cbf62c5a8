/** Loss gradients w.r.t. the raw prediction, exactly as River's `optim.losses` computes them. */

export interface Loss {
  /** ∂L/∂ŷ for the raw output `raw` (logit or value); binary targets are 0/1. */
  gradient(yTrue: number, raw: number): number;
}

/** River's `Log`: the logistic loss on a logit, with its ±18 shortcuts. */
export const logLoss: Loss = {
  gradient(yTrue, raw) {
    const y = yTrue === 0 ? -1 : 1;
    const z = raw * y;
    if (z > 18) return Math.exp(-z) * -y;
    if (z < -18) return -y;
    return -y / (Math.exp(z) + 1);
  },
};

/** River's `Hinge(threshold)`; threshold 0 is the perceptron rule. Note `<=`: a zero margin still updates. */
export function hingeLoss(threshold: number): Loss {
  return {
    gradient(yTrue, raw) {
      const y = yTrue * 2 - 1;
      return y * raw <= threshold ? -y : 0;
    },
  };
}

/** River's `Squared`: L = (ŷ − y)², so the gradient carries the factor 2 (VW/PyTorch convention). */
export const squaredLoss: Loss = {
  gradient: (yTrue, raw) => 2 * (raw - yTrue),
};
