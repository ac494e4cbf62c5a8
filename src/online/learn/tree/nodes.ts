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

/** Follows the tests down; a missing feature takes the heavier branch, weighed with `leafWeight`. */
export function descend<L extends { type: 'leaf' }>(root: TreeNode<L>, x: Features, leafWeight: (leaf: L) => number): Descent<L> {
  const weightOf = (n: TreeNode<L>): number => (n.type === 'leaf' ? leafWeight(n as L) : (n as TreeBranch<L>).weight);
  let node = root;
  let parent: TreeBranch<L> | null = null;
  let side: 0 | 1 = 0;
  let clean = true;
  while (node.type === 'branch') {
    const branch = node as TreeBranch<L>;
    const v = x[branch.feature];
    if (isNum(v)) side = v <= branch.threshold ? 0 : 1;
    else {
      clean = false;
      side = weightOf(branch.children[0]) < weightOf(branch.children[1]) ? 1 : 0;
    }
    parent = branch;
    node = branch.children[side];
  }
  return { leaf: node as L, parent, side, clean };
}

/** Ascending merit with a stable tie (River sorts split suggestions this way). */
export const byMerit = (a: { merit: number }, b: { merit: number }): number => (a.merit < b.merit ? -1 : a.merit > b.merit ? 1 : 0);
