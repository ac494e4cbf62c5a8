/** A seeded, snapshot-able random source for learners (mulberry32, Ettinger 2017): its whole state is one uint32. */

export interface LearnerRng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Current state, for snapshots; `createLearnerRng(state)` resumes from it. */
  state(): number;
}

export function createLearnerRng(seed: number): LearnerRng {
  let s = seed >>> 0;
  return {
    uniform() {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    state: () => s,
  };
}

/** Poisson(λ) by Knuth's product of uniforms (fine for the small λ of online bagging). */
export function poisson(rng: LearnerRng, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let prod = rng.uniform();
  while (prod > limit) {
    k++;
    prod *= rng.uniform();
  }
  return k;
}

/** k distinct items drawn without replacement (partial Fisher–Yates). */
export function sample<T>(rng: LearnerRng, items: T[], k: number): T[] {
  const a = items.slice();
  const n = Math.min(k, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng.uniform() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n);
}
