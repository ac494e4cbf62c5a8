/**
 * MiningModel with Segmentation (PMML 4.4 "Multiple Models"): segments whose predicate holds are
 * scored and combined by multipleModelMethod; modelChain passes each segment's OutputFields on to
 * the segments after it; segments may themselves be MiningModels.
 */

import type { Body, BodyContext, CompiledModel } from './body.ts';
import { kids, num, oneOf, refuse } from './dom.ts';
import { compilePredicate, PREDICATES, type Pred } from './predicates.ts';
import { classify, labelOf, type Prediction } from './prediction.ts';
import { readSlot, type FieldDef } from './scope.ts';
import { asNumber, EvalError, keyOf, type Frame, type Value } from './values.ts';

const METHODS = [
  'majorityVote', 'weightedMajorityVote', 'average', 'weightedAverage', 'median', 'weightedMedian',
  'max', 'sum', 'weightedSum', 'selectFirst', 'selectAll', 'modelChain',
] as const;
type Method = (typeof METHODS)[number];
const REGRESSION: readonly Method[] = ['average', 'weightedAverage', 'median', 'weightedMedian', 'max', 'sum', 'weightedSum'];
const CLASSIFICATION: readonly Method[] = ['majorityVote', 'weightedMajorityVote', 'average', 'weightedAverage', 'median', 'max'];

interface Segment {
  readonly id: string;
  readonly weight: number;
  readonly pred: Pred;
  readonly model: CompiledModel;
}

/** Segment results of one row, reused across rows (scoring is synchronous and never re-entrant). */
interface Hit {
  segment: Segment;
  p: Prediction | null;
}

export function compileMiningModel(ctx: BodyContext): Body {
  const { el, scope, target, classification, rnd } = ctx;
  const segEls = el.children.filter((c) => c.name === 'Segmentation');
  if (segEls.length !== 1) throw refuse(el, 'a MiningModel needs one Segmentation');
  const seg = segEls[0]!;
  const method = oneOf(seg, 'multipleModelMethod', METHODS, 'majorityVote');
  if (seg.attrs.multipleModelMethod === undefined) throw refuse(seg, 'attribute multipleModelMethod is required');
  if (method !== 'selectFirst' && method !== 'selectAll' && method !== 'modelChain' && !(classification ? CLASSIFICATION : REGRESSION).includes(method)) {
    throw refuse(seg, `multipleModelMethod="${method}" does not apply to ${classification ? 'classification' : 'regression'}`);
  }
  const missing = oneOf(seg, 'missingPredictionTreatment', ['continue', 'skipSegment', 'returnMissing'], 'continue');
  const missingThreshold = num(seg, 'missingThreshold', 1);

  const segments: Segment[] = [];
  for (const [i, s] of kids(seg, ['Segment']).entries()) {
    const children = kids(s, [...PREDICATES, 'VariableWeight', ...MODEL_NAMES]);
    const vw = children.find((c) => c.name === 'VariableWeight');
    if (vw) throw refuse(vw, 'VariableWeight is not supported yet');
    if (method === 'selectAll' && s.attrs.id === undefined) throw refuse(s, 'selectAll segments need an id (OutputField segmentId names them)');
    const predEls = children.filter((c) => (PREDICATES as readonly string[]).includes(c.name));
    const modelEls = children.filter((c) => !(PREDICATES as readonly string[]).includes(c.name));
    if (predEls.length !== 1 || modelEls.length !== 1) throw refuse(s, 'a Segment needs one predicate and one model');
    const pred = compilePredicate(predEls[0]!, scope);
    const model = ctx.compileNested(modelEls[0]!, scope, target);
    if (method !== 'modelChain' && model.classification !== classification) {
      throw refuse(modelEls[0]!, 'a segment model must have the same functionName as its MiningModel (except in a modelChain)');
    }
    // modelChain: "the OutputFields of a segment are available to the segments after it"
    if (method === 'modelChain') for (const out of model.outputs) scope.define(out, modelEls[0]!, true);
    segments.push({ id: s.attrs.id ?? String(i + 1), weight: num(s, 'weight', 1), pred, model });
  }
  if (segments.length === 0) throw refuse(seg, 'a Segmentation needs at least one Segment');

  if (method === 'selectFirst') return selectFirst(ctx, segments);
  if (method === 'selectAll') return selectAll(segments);
  if (method === 'modelChain') return modelChain(segments);

  const hits: Hit[] = [];
  // One Hit per segment, reused every row: an ensemble of hundreds of trees allocates nothing per tree.
  const reused: Hit[] = segments.map((segment) => ({ segment, p: null }));
  const label = labelOf(target);
  const votes = method === 'majorityVote' || method === 'weightedMajorityVote';
  // x-mathContext="float": an ensemble sum plus a rescaleConstant (XGBoost's base score) is summed
  // from the constant onwards, the order the native library uses, so float results match it exactly.
  const seeded = !classification && method === 'sum' && rnd === Math.fround && target.offset !== undefined;
  const combine = classification ? classifier(method, label) : regressor(method, rnd, seeded ? target.offset! : 0);
  return {
    predict(f) {
      hits.length = 0;
      let total = 0;
      let missingWeight = 0;
      for (let i = 0; i < segments.length; i++) {
        const segment = segments[i]!;
        if (segment.pred(f) !== true) continue;
        const p = segment.model.evaluate(f);
        total += segment.weight;
        if (p === null || p.value === null) {
          // missingPredictionTreatment: returnMissing ends here; "continue" keeps going only for votes,
          // where a missing prediction is a vote of its own; skipSegment drops the segment.
          if (missing === 'returnMissing' || (missing === 'continue' && !votes)) return null;
          missingWeight += segment.weight;
          continue;
        }
        const hit = reused[i]!;
        hit.p = p;
        hits.push(hit);
      }
      // "If no segments have predicates that evaluate to true, then the result is a missing value"
      if (hits.length === 0) return null;
      if (missingWeight > 0 && missingWeight / total > missingThreshold) return null;
      const p = combine(hits, missing === 'continue' ? missingWeight : 0);
      if (p === null || classification || seeded) return p;
      return { value: target.rescale(p.value as number) };
    },
  };
}

/** Every PMML 4.4 model element: a segment may hold any; model.ts compiles it or refuses it by name. */
const MODEL_NAMES = [
  'RegressionModel', 'TreeModel', 'MiningModel', 'GeneralRegressionModel', 'NeuralNetwork', 'SupportVectorMachineModel', 'ClusteringModel',
  'NaiveBayesModel', 'NearestNeighborModel', 'RuleSetModel', 'Scorecard', 'AnomalyDetectionModel', 'AssociationModel', 'BayesianNetworkModel',
  'BaselineModel', 'GaussianProcessModel', 'SequenceModel', 'TextModel', 'TimeSeriesModel',
];

function regressor(method: Method, rnd: (x: number) => number, start: number): (hits: Hit[], missingVotes: number) => Prediction | null {
  const values = (hits: Hit[]): number[] => hits.map((h) => asNumber(h.p!.value));
  switch (method) {
    case 'sum':
      return (hits) => {
        let sum = start;
        for (let i = 0; i < hits.length; i++) sum = rnd(sum + asNumber(hits[i]!.p!.value));
        return { value: sum };
      };
    case 'weightedSum':
      return (hits) => ({ value: hits.reduce((s, h) => rnd(s + rnd(h.segment.weight * asNumber(h.p!.value))), 0) });
    case 'average':
      return (hits) => ({ value: rnd(hits.reduce((s, h) => rnd(s + asNumber(h.p!.value)), 0) / hits.length) });
    case 'weightedAverage':
      return (hits) => {
        let sum = 0;
        let weights = 0;
        for (const h of hits) {
          sum = rnd(sum + rnd(h.segment.weight * asNumber(h.p!.value)));
          weights += h.segment.weight;
        }
        return { value: rnd(sum / weights) };
      };
    case 'max':
      return (hits) => ({ value: Math.max(...values(hits)) });
    case 'median':
      return (hits) => {
        const s = values(hits).sort((a, b) => a - b);
        const mid = s.length >> 1;
        return { value: s.length % 2 ? s[mid]! : rnd((s[mid - 1]! + s[mid]!) / 2) };
      };
    case 'weightedMedian':
      // The first value, in ascending order, at which the cumulative weight reaches half the total.
      return (hits) => {
        const s = hits.map((h) => ({ x: asNumber(h.p!.value), w: h.segment.weight })).sort((a, b) => a.x - b.x);
        const half = s.reduce((t, e) => t + e.w, 0) / 2;
        let acc = 0;
        for (const e of s) {
          acc += e.w;
          if (acc >= half) return { value: e.x };
        }
        return { value: s[s.length - 1]!.x };
      };
    default:
      throw new EvalError(`multipleModelMethod ${method} is not a regression method`);
  }
}

function classifier(method: Method, label: (key: string) => Value): (hits: Hit[], missingVotes: number) => Prediction | null {
  switch (method) {
    case 'majorityVote':
    case 'weightedMajorityVote':
      // Votes normalized to sum 1 are the probabilities; ties go to the category voted first.
      return (hits, missingVotes) => {
        const votes = new Map<string, number>();
        let total = 0;
        let most = 0;
        for (const h of hits) {
          const w = method === 'majorityVote' ? 1 : h.segment.weight;
          const k = keyOf(h.p!.value);
          const v = (votes.get(k) ?? 0) + w;
          votes.set(k, v);
          most = Math.max(most, v);
          total += w;
        }
        // "The missing result is returned if it gets the most (possibly weighted) votes"
        if (missingVotes > most) return null;
        for (const [k, v] of votes) votes.set(k, v / total);
        return classify(votes, label);
      };
    case 'average':
    case 'weightedAverage':
      return (hits) => {
        const sums = new Map<string, number>();
        let weights = 0;
        for (const h of hits) {
          const w = method === 'average' ? 1 : h.segment.weight;
          weights += w;
          for (const [k, p] of distribution(h)) sums.set(k, (sums.get(k) ?? 0) + w * p);
        }
        for (const [k, s] of sums) sums.set(k, s / weights);
        return classify(sums, label);
      };
    case 'max':
    case 'median':
      // Per category, the max (or median) probability over segments; then renormalized to sum 1.
      return (hits) => {
        const per = new Map<string, number[]>();
        for (const h of hits) for (const [k, p] of distribution(h)) (per.get(k) ?? per.set(k, []).get(k)!).push(p);
        const out = new Map<string, number>();
        let total = 0;
        for (const [k, ps] of per) {
          while (ps.length < hits.length) ps.push(0);
          ps.sort((a, b) => a - b);
          const mid = ps.length >> 1;
          const v = method === 'max' ? ps[ps.length - 1]! : ps.length % 2 ? ps[mid]! : (ps[mid - 1]! + ps[mid]!) / 2;
          out.set(k, v);
          total += v;
        }
        if (total > 0) for (const [k, v] of out) out.set(k, v / total);
        return classify(out, label);
      };
    default:
      throw new EvalError(`multipleModelMethod ${method} is not a classification method`);
  }
}

/** A segment's probabilities; a segment without them (a vote) puts all mass on its prediction. */
function distribution(h: Hit): ReadonlyMap<string, number> {
  return h.p!.probs ?? new Map([[keyOf(h.p!.value), 1]]);
}

/** selectFirst: the first segment whose predicate holds answers, its OutputFields included. */
function selectFirst(ctx: BodyContext, segments: Segment[]): Body {
  const exposed = exposedFields(ctx, segments);
  return {
    exposed: exposed.defs,
    predict(f) {
      for (const s of segments) {
        if (s.pred(f) !== true) continue;
        const p = s.model.evaluate(f);
        exposed.copy(f, s);
        return p;
      }
      return null;
    },
  };
}

/**
 * selectAll: every segment whose predicate holds is scored; the ensemble has no single answer, its
 * OutputFields pick a segment's result by segmentId.
 */
function selectAll(segments: Segment[]): Body {
  return {
    bySegment: true,
    predict(f) {
      const bySegment = new Map<string, Prediction>();
      for (const s of segments) {
        if (s.pred(f) !== true) continue;
        const p = s.model.evaluate(f);
        if (p !== null) bySegment.set(s.id, p);
      }
      return { value: null, bySegment };
    },
  };
}

/** modelChain: every selected segment runs in order; the last one's prediction is the result. */
function modelChain(segments: Segment[]): Body {
  const last = segments[segments.length - 1]!;
  return {
    exposed: [...last.model.results.values()],
    predict(f) {
      let p: Prediction | null = null;
      let ran = false;
      for (const s of segments) {
        if (s.pred(f) !== true) continue;
        p = s.model.evaluate(f);
        ran = true;
      }
      return ran ? p : null;
    },
  };
}

/** Slots for the union of the segments' result fields, filled from whichever segment answered. */
function exposedFields(ctx: BodyContext, segments: Segment[]): { defs: FieldDef[]; copy: (f: Frame, s: Segment) => void } {
  const slots = new Map<string, number>();
  const defs: FieldDef[] = [];
  for (const s of segments) {
    for (const def of s.model.results.values()) {
      if (slots.has(def.name)) continue;
      const slot = ctx.scope.layout.slot();
      slots.set(def.name, slot);
      defs.push({ ...def, get: readSlot(slot) });
    }
  }
  const plans = new Map(segments.map((s) => [s, [...s.model.results.values()].map((d) => ({ slot: slots.get(d.name)!, get: d.get }))]));
  return {
    defs,
    copy: (f, s) => {
      for (const { slot, get } of plans.get(s)!) f[slot] = get(f);
    },
  };
}
