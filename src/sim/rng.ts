/** Seeded pseudo-random numbers: mulberry32 for uniforms, Box–Muller for normals. */

/** A seeded source of randomness; every random choice in sim/ and train/ goes through one. */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/**
 * mulberry32 (Tommy Ettinger, 2017): a 32-bit state generator, fast and good enough for simulation
 * (passes gjrand's 32 GB battery); not for anything adversarial. Normals by Box–Muller
 * (Box & Muller, "A note on the generation of random normal deviates", 1958), keeping the spare.
 *
 * @example
 * const rng = createRng(42);
 * const noise = 0.1 * rng.normal();
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  let spare: number | undefined;

  function uniform(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  function normal(): number {
    if (spare !== undefined) {
      const z = spare;
      spare = undefined;
      return z;
    }
    const u1 = 1 - uniform(); // (0, 1]: log(0) would be -Infinity
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  return {
    uniform,
    normal,
    between: (min, max) => min + (max - min) * uniform(),
    int: (n) => Math.floor(uniform() * n),
  };
}

/**
 * A seed for an independent stream, derived from a parent seed and labels (FNV-1a, then a
 * murmur3 finalizer), so `pump-3`'s signal does not change when the fleet gets more devices.
 *
 * @example
 * const deviceRng = createRng(deriveSeed(seed, 'device', 3));
 */
export function deriveSeed(seed: number, ...labels: Array<string | number>): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (const label of labels) {
    const text = `/${label}`;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
