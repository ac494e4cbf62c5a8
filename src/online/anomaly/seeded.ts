/** mulberry32 whose 32-bit state lives in a detector's JSON state, so snapshots carry the sequence. */

/**
 * Next uniform in [0, 1) from `holder.rng`, advancing it (the generator of src/sim/rng.ts, but with
 * the state outside the closure so snapshot/restore continues the same sequence).
 */
export function nextUniform(holder: { rng: number }): number {
  holder.rng = (holder.rng + 0x6d2b79f5) >>> 0;
  let t = holder.rng;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
