/**
 * TreeModel (PMML 4.4 "TreeModel"): Nodes compiled to predicate closures and precomputed leaf
 * predictions; scoring walks from the root taking the first child whose predicate is true, with
 * missingValueStrategy for unknown predicates and noTrueChildStrategy for dead ends.
 */

import type { Body, BodyContext } from './body.ts';
import { kids, num, oneOf, refuse } from './dom.ts';
import { compilePredicate, OP, PREDICATES, splitOf, type Pred } from './predicates.ts';
import { classify, labelOf, type Prediction, type TargetInfo } from './prediction.ts';
import { asNumber, EvalError, keyOf, parseAs, type Frame, type Getter } from './values.ts';
import type { El } from './xml.ts';

const MISSING_STRATEGIES = ['none', 'lastPrediction', 'nullPrediction', 'defaultChild', 'weightedConfidence', 'aggregateNodes'] as const;

interface Node {
  /** Inline opcode of the predicate (OP), or OP.closure to call `pred`. */
  readonly op: number;
  readonly get: Getter | null;
  readonly threshold: number;
  readonly pred: Pred;
  readonly children: Node[];
  /** Index of the defaultChild among children, -1 when absent. */
  readonly defaultChild: number;
  /** The node's answer if scoring ends here; null when it has no score (a dead end). */
  readonly prediction: Prediction | null;
  /** Node recordCount, and ScoreDistribution record counts by category (aggregateNodes, weightedConfidence). */
  readonly recordCount: number;
  readonly counts: ReadonlyMap<string, number>;
}

export function compileTreeModel(ctx: BodyContext): Body {
  const { el, scope, target, classification } = ctx;
  const strategy = oneOf(el, 'missingValueStrategy', MISSING_STRATEGIES, 'none');
  const noTrueChild = oneOf(el, 'noTrueChildStrategy', ['returnNullPrediction', 'returnLastPrediction'], 'returnNullPrediction');
  const penalty = num(el, 'missingValuePenalty', 1);
  const roots = el.children.filter((c) => c.name === 'Node');
  if (roots.length !== 1) throw refuse(el, `a TreeModel needs one root Node, found ${roots.length}`);

  // Surrogate fallbacks and defaultChild moves count as "missing levels" for the confidence penalty.
  let missingLevels = 0;
  const onAlternative = (): void => {
    missingLevels++;
  };
  let counter = 0;
  const build = (n: El): Node => {
    const entityId = n.attrs.id ?? String(++counter);
    if (n.attrs.id !== undefined) counter++;
    const childEls = kids(n, [...PREDICATES, 'Node', 'ScoreDistribution', 'Partition', 'Regression', 'DecisionTree']);
    const embedded = childEls.find((c) => c.name === 'Regression' || c.name === 'DecisionTree');
    if (embedded) throw refuse(embedded, 'models embedded in tree nodes are not supported');
    const predEls = childEls.filter((c) => (PREDICATES as readonly string[]).includes(c.name));
    if (predEls.length !== 1) throw refuse(n, `a Node needs one predicate, found ${predEls.length}`);
    const children = childEls.filter((c) => c.name === 'Node').map(build);
    const childIds = childEls.filter((c) => c.name === 'Node').map((c) => c.attrs.id);
    const defaultChild = n.attrs.defaultChild === undefined ? -1 : childIds.indexOf(n.attrs.defaultChild);
    if (n.attrs.defaultChild !== undefined && defaultChild < 0) throw refuse(n, `defaultChild "${n.attrs.defaultChild}" is not a child of this Node`);
    const dists = childEls.filter((c) => c.name === 'ScoreDistribution');
    const split = splitOf(predEls[0]!, scope);
    // Every Node has one shape (same fields, threshold always a double) so `test` stays monomorphic.
    return {
      op: split?.op ?? OP.closure,
      get: split?.get ?? null,
      threshold: split && split.get ? split.threshold : NaN,
      pred: compilePredicate(predEls[0]!, scope, onAlternative),
      children,
      defaultChild,
      prediction: classification ? classPrediction(n, dists, target, entityId) : regressionPrediction(n, target, entityId, ctx.rnd),
      recordCount: num(n, 'recordCount', NaN),
      counts: new Map(dists.map((d) => [keyOf(parseAs(target.dataType, d.attrs.value ?? '') ?? d.attrs.value ?? ''), num(d, 'recordCount', 0)])),
    };
  };
  const root = build(roots[0]!);

  const finish = (node: Node | null): Prediction | null => {
    if (node === null) return target.fallback;
    const p = node.prediction;
    if (p === null) throw new EvalError('scoring ended in a tree Node without a score');
    if (missingLevels === 0 || !p.confidences || penalty === 1) return p;
    const factor = Math.pow(penalty, missingLevels);
    return { ...p, confidences: new Map([...p.confidences].map(([k, c]) => [k, c * factor])) };
  };

  const label = labelOf(target);
  return {
    predict(f: Frame) {
      missingLevels = 0;
      if (test(root, f) !== true) return finish(null);
      let node = root;
      for (;;) {
        if (node.children.length === 0) return finish(node);
        const last = node;
        let next: Node | null = null;
        const children = node.children;
        for (let i = 0; i < children.length; i++) {
          const c = children[i]!;
          const status = test(c, f);
          if (status === true) {
            next = c;
            break;
          }
          if (status === null) {
            if (strategy === 'nullPrediction') return finish(null);
            if (strategy === 'lastPrediction') return finish(last);
            if (strategy === 'weightedConfidence' || strategy === 'aggregateNodes') {
              if (!classification) throw new EvalError(`missingValueStrategy="${strategy}" needs a classification tree`);
              const dist = blend(node, f, strategy === 'aggregateNodes');
              return dist === null ? finish(null) : classify(dist, label, { confidences: dist });
            }
            if (strategy === 'defaultChild') {
              if (node.defaultChild < 0) throw new EvalError('a predicate is unknown and the Node has no defaultChild');
              missingLevels++;
              next = node.children[node.defaultChild]!;
              break;
            }
            // strategy "none": an unknown predicate counts as false, try the next sibling
          }
        }
        if (next === null) return finish(noTrueChild === 'returnLastPrediction' && last.prediction !== null ? last : null);
        node = next;
      }
    },
  };
}

/**
 * The class distribution below `node` when a child's predicate is unknown (PMML 4.4 "TreeModel"
 * missingValueStrategy): every child not known to be false is followed; aggregateNodes sums the
 * record counts of the leaves reached and normalizes once, weightedConfidence averages the
 * children's confidences weighted by their recordCount shares.
 */
function blend(node: Node, f: Frame, aggregate: boolean): Map<string, number> | null {
  const raw = reach(node, f, aggregate);
  if (raw === null || !aggregate) return raw;
  let total = 0;
  for (const c of raw.values()) total += c;
  return new Map([...raw].map(([k, c]) => [k, total === 0 ? 0 : c / total]));
}

/** Record counts (aggregate) or confidences (weighted) below a node; null when nothing is reachable. */
function reach(node: Node, f: Frame, aggregate: boolean): Map<string, number> | null {
  const own = (): Map<string, number> | null => {
    if (aggregate) return new Map(node.counts);
    const conf = node.prediction?.confidences ?? node.prediction?.probs;
    return conf ? new Map(conf) : null;
  };
  if (node.children.length === 0) return own();
  const open: Node[] = [];
  for (const c of node.children) {
    const status = test(c, f);
    if (status === true && open.length === 0) return reach(c, f, aggregate);
    if (status !== false) open.push(c);
  }
  if (open.length === 0) return own();
  const out = new Map<string, number>();
  const records = open.reduce((s, c) => s + (Number.isNaN(c.recordCount) ? 0 : c.recordCount), 0);
  for (const c of open) {
    const d = reach(c, f, aggregate);
    if (d === null) continue;
    const w = aggregate ? 1 : records > 0 ? c.recordCount / records : 1 / open.length;
    for (const [k, v] of d) out.set(k, (out.get(k) ?? 0) + w * v);
  }
  return out.size ? out : null;
}

/** A node's predicate: comparisons inline (the hot path of every tree), anything else through its closure. */
function test(node: Node, f: Frame): boolean | null {
  const op = node.op;
  if (op === OP.true) return true;
  if (op === OP.closure) return node.pred(f);
  if (op === OP.false) return false;
  const v = node.get!(f);
  if (v === null) return null;
  const x = typeof v === 'number' ? v : asNumber(v);
  switch (op) {
    case OP.lessThan:
      return x < node.threshold;
    case OP.lessOrEqual:
      return x <= node.threshold;
    case OP.greaterThan:
      return x > node.threshold;
    default:
      return x >= node.threshold;
  }
}

function regressionPrediction(n: El, target: TargetInfo, entityId: string, rnd: (x: number) => number): Prediction | null {
  const score = n.attrs.score;
  if (score === undefined) return null;
  const x = num(n, 'score', NaN);
  if (Number.isNaN(x)) throw refuse(n, `score "${score}" is not a number`);
  // Targets rescaling is a constant per leaf: applied once here, not per row.
  return { value: target.rescale(rnd(x)), entityId };
}

/**
 * A classification leaf: probabilities from ScoreDistribution `probability`, else recordCount
 * shares; `confidence` kept apart for the confidence output. No distribution: the score wins with 1.
 */
function classPrediction(n: El, dists: El[], target: TargetInfo, entityId: string): Prediction | null {
  const label = labelOf(target);
  const score = n.attrs.score === undefined ? undefined : (parseAs(target.dataType, n.attrs.score) ?? n.attrs.score);
  if (dists.length === 0) {
    if (score === undefined) return null;
    return { value: score, probs: new Map([[keyOf(score), 1]]), entityId };
  }
  const useProbability = dists[0]!.attrs.probability !== undefined;
  const weights = new Map<string, number>();
  const confidences = new Map<string, number>();
  let total = 0;
  for (const d of dists) {
    const raw = d.attrs.value;
    if (raw === undefined) throw refuse(d, 'attribute value is required');
    const key = keyOf(parseAs(target.dataType, raw) ?? raw);
    const w = useProbability ? num(d, 'probability', NaN) : num(d, 'recordCount', NaN);
    if (Number.isNaN(w)) throw refuse(d, useProbability ? 'every ScoreDistribution needs a probability when one has it' : 'attribute recordCount is required');
    weights.set(key, w);
    total += w;
    const c = num(d, 'confidence');
    if (c !== undefined) confidences.set(key, c);
  }
  const probs = total === 1 || total === 0 ? weights : new Map([...weights].map(([k, w]) => [k, w / total]));
  const extra = { entityId, ...(confidences.size ? { confidences } : {}) };
  if (score !== undefined) return { value: score, probs, ...extra };
  return total === 0 ? null : classify(probs, label, extra);
}
