/** Binary tree nodes shared by the Hoeffding trees, the walk from the root to a leaf, and merit order. */

import type { Features } from '../types.ts';
import { isNum } from '../util.ts';

export interface TreeBranch<L> {
  type: 'branch';
  depth: number;
  feature: string;
  threshold: number;
  /** Weight seen by the leaf when it split (River's branch stats). */
  weight: number;
  children: [TreeNode<L>, TreeNode<L>];
}

export type TreeNode<L> = L | TreeBranch<L>;

export interface Descent<L> {
  leaf: L;
  parent: TreeBranch<L> | null;
  side: 0 | 1;
  /** False when a feature a branch tests was missing (the heavier child was taken). */
  clean: boolean;
}

/** The child a branch sends `x` to; a missing feature takes the heavier child, weighed with `leafWeight`. */
export function sideOf<L extends { type: 'leaf' }>(branch: TreeBranch<L>, x: Features, leafWeight: (leaf: L) => number): 0 | 1 {
  const weightOf = (n: TreeNode<L>): number => (n.type === 'leaf' ? leafWeight(n as L) : (n as TreeBranch<L>).weight);
  const v = x[branch.feature];
  if (isNum(v)) return v <= branch.threshold ? 0 : 1;
  return weightOf(branch.children[0]) < weightOf(branch.children[1]) ? 1 : 0;
}

/** Follows the tests down; `clean` is false when a tested feature was missing. */
export function descend<L extends { type: 'leaf' }>(root: TreeNode<L>, x: Features, leafWeight: (leaf: L) => number): Descent<L> {
  let node = root;
  let parent: TreeBranch<L> | null = null;
  let side: 0 | 1 = 0;
  let clean = true;
  while (node.type === 'branch') {
    const branch = node as TreeBranch<L>;
    if (!isNum(x[branch.feature])) clean = false;
    side = sideOf(branch, x, leafWeight);
    parent = branch;
    node = branch.children[side];
  }
  return { leaf: node as L, parent, side, clean };
}

/** Ascending merit with a stable tie (River sorts split suggestions this way). */
export const byMerit = (a: { merit: number }, b: { merit: number }): number => (a.merit < b.merit ? -1 : a.merit > b.merit ? 1 : 0);
