/** Mapping of a standardized deviation |z| to an anomaly score in [0, 1], shared by the z-type detectors. */

/**
 * z² / (z² + k²): 0 at z = 0, ½ at |z| = k, → 1 as |z| → ∞. Unlike a Gaussian tail probability it
 * does not saturate to exactly 1 in double precision until |z| ~ 1e8, so extreme rows stay ranked
 * (threshold sweeps such as NAB's need distinct scores).
 */
export function zToScore(z: number, k = 3): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? 0 : 1;
  const z2 = z * z;
  return z2 / (z2 + k * k);
}

/** A standard deviation floor, so a constant stream gives large finite z for any change. */
export function safeStd(std: number, mean: number): number {
  const floor = 1e-9 * (1 + Math.abs(mean));
  return std > floor ? std : floor;
}

/** Complementary error function, |relative error| < 1.2e-7 (Numerical Recipes in C, 2nd ed., §6.2, erfcc). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
        t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
