/** Information gain with a minimum branch fraction (River's `InfoGainSplitCriterion`, after MOA). */

export type Dist = Map<string, number>;

function entropy(d: Dist): number {
  let h = 0;
  let sum = 0;
  for (const v of d.values()) {
    if (v > 0) {
      h -= v * Math.log(v);
      sum += v;
    }
  }
  return sum > 0 ? (h + sum * Math.log(sum)) / (sum * Math.LN2) : 0;
}

function weightedEntropy(parts: Dist[]): number {
  const weights = parts.map((p) => [...p.values()].reduce((a, b) => a + b, 0));
  const total = weights.reduce((a, b) => a + b, 0);
  return parts.reduce((h, p, i) => h + weights[i]! * entropy(p), 0) / total;
}

/** Gain in bits, or −∞ when fewer than two branches hold more than `minBranchFraction` of the weight. */
export function infoGain(pre: Dist, post: Dist[], minBranchFraction: number): number {
  const sums = post.map((p) => [...p.values()].reduce((a, b) => a + b, 0));
  const total = sums.reduce((a, b) => a + b, 0);
  const big = total > 0 ? sums.filter((s) => s / total > minBranchFraction).length : 0;
  if (big < 2) return -Infinity;
  return entropy(pre) - weightedEntropy(post);
}

/** The merit range log2(#classes), at least 1 bit. */
export const infoGainRange = (pre: Dist) => Math.log2(Math.max(2, pre.size));
