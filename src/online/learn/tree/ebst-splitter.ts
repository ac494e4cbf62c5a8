/**
 * Extended binary search tree of a numeric feature's values for regression splits (Ikonomovska
 * et al., "Learning model trees from evolving data streams", DMKD 2011; River's `TEBSTSplitter`):
 * each node keeps the target statistics of the values ≤ its key in its subtree, so one in-order
 * walk scores every threshold by variance reduction. Values are rounded to `digits` first.
 */

import { emptyVar, varAdd, varGet, varSub, varUpdate, type Var } from './var.ts';

export interface EbstNode {
  key: number;
  est: Var;
  left: EbstNode | null;
  right: EbstNode | null;
}

/** Python's `round(x, digits)`: nearest by the exact decimal value of x, exact ties to even. */
export function pyRound(x: number, digits: number): number {
  const frac = Math.abs(x).toFixed(Math.min(100, digits + 60)).split('.')[1] ?? '';
  const tie = frac[digits] === '5' && /^0*$/.test(frac.slice(digits + 1));
  if (!tie) return Number(x.toFixed(digits)); // toFixed rounds the exact value; only ties differ
  const f = 10 ** digits;
  const lo = Math.floor(Math.abs(x) * f);
  return (Math.sign(x) * (lo % 2 === 0 ? lo : lo + 1)) / f;
}

export function ebstInsert(root: EbstNode | null, key: number, y: number, w = 1): EbstNode {
  const node = (): EbstNode => {
    const est = emptyVar();
    varUpdate(est, y, w);
    return { key, est, left: null, right: null };
  };
  if (!root) return node();
  let cur: EbstNode | null = root;
  let parent = root;
  let goRight = false;
  while (cur) {
    parent = cur;
    if (key === cur.key) {
      varUpdate(cur.est, y, w);
      return root;
    }
    if (key < cur.key) {
      varUpdate(cur.est, y, w); // the node counts values ≤ its key
      cur = cur.left;
      goRight = false;
    } else {
      cur = cur.right;
      goRight = true;
    }
  }
  if (goRight) parent.right = node();
  else parent.left = node();
  return root;
}

/** River's `VarianceReductionSplitCriterion`: SD(pre) − Σ nᵢ/n · SD(postᵢ), 0 if a branch has < minSamples. */
export function varianceReduction(pre: Var, post: Var[], minSamples: number): number {
  if (!post.every((p) => p.n >= minSamples)) return 0;
  let vr = Math.sqrt(varGet(pre));
  for (const p of post) vr -= (p.n / pre.n) * Math.sqrt(varGet(p));
  return vr;
}

export interface RegSuggestion {
  merit: number;
  feature: string | null;
  threshold: number;
  children: Var[];
}

/** The best threshold of one feature: an in-order walk carrying the left statistics. */
export function ebstBestSplit(root: EbstNode | null, pre: Var, feature: string, minSamples: number): RegSuggestion {
  let best: RegSuggestion = { merit: -Infinity, feature: null, threshold: 0, children: [] };
  let aux = emptyVar();
  const walk = (node: EbstNode) => {
    if (node.left) walk(node.left);
    const left = varAdd(node.est, aux);
    const right = varSub(pre, left);
    const merit = varianceReduction(pre, [left, right], minSamples);
    if (merit > best.merit) best = { merit, feature, threshold: node.key, children: [left, right] };
    if (node.right) {
      const saved = aux;
      aux = varAdd(aux, node.est);
      walk(node.right);
      aux = saved;
    }
  };
  if (root) walk(root);
  return best;
}

/**
 * FIMT-DD's memory pruning after a failed split attempt (River's `remove_bad_splits`): with
 * r = m₂/m₁ and bound ε, a threshold whose merit ratio is below r − 2ε cannot win; subtrees made
 * only of such thresholds are cut. Returns the new root (null when everything was bad).
 */
export function ebstRemoveBad(
  root: EbstNode | null,
  pre: Var,
  check: { ratio: number; best: number; bound: number; minSamples: number },
): EbstNode | null {
  let aux = emptyVar();
  let newRoot = root;
  const visit = (node: EbstNode, parent: EbstNode | null, isLeft: boolean): boolean => {
    let bad = node.left ? visit(node.left, node, true) : true;
    if (bad && node.right) {
      const saved = aux;
      aux = varAdd(aux, node.est);
      bad = visit(node.right, node, false);
      aux = saved;
    }
    if (!bad) return false;
    const left = varAdd(node.est, aux);
    const merit = varianceReduction(pre, [left, varSub(pre, left)], check.minSamples);
    if (merit / check.best >= check.ratio - 2 * check.bound) return false;
    node.left = null;
    node.right = null;
    if (!parent) newRoot = null;
    else if (isLeft) parent.left = null;
    else parent.right = null;
    return true;
  };
  if (root) visit(root, null, true);
  return newRoot;
}
