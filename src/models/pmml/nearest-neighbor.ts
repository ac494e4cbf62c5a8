/**
 * NearestNeighborModel (PMML 4.4 "k-Nearest Neighbors"): training instances run through the
 * model's transformations once at load, then each row is compared with every instance under the
 * ComparisonMeasure; the k nearest vote (categorical targets, ties to the most frequent training
 * category, then the lexically smallest) or are averaged (continuous). Clustering returns neighbor ids.
 */

import type { Body, BodyContext } from './body.ts';
import { compileMetric } from './clustering.ts';
import { child, kids, num, oneOf, refuse, req } from './dom.ts';
import { readRows } from './expressions.ts';
import type { Prediction } from './prediction.ts';
import { readSlot, type FieldDef } from './scope.ts';
import { asNumber, EvalError, keyOf, parseAs, type DataType, type Frame, type Value } from './values.ts';

export const NEAREST_NEIGHBOR_CHILDREN = ['TrainingInstances', 'ComparisonMeasure', 'KNNInputs'];

interface Target {
  readonly name: string;
  readonly dataType: DataType;
  readonly categorical: boolean;
  /** The target's value per training instance. */
  readonly values: Value[];
  /** Training frequency by category key (the first tie-break). */
  readonly counts: Map<string, number>;
  readonly slot: number;
}

export function compileNearestNeighborModel(ctx: BodyContext): Body {
  const { el, scope } = ctx;
  const k = num(el, 'numberOfNeighbors', NaN);
  if (!(Number.isInteger(k) && k > 0)) throw refuse(el, 'attribute numberOfNeighbors must be a positive integer');
  const continuous = oneOf(el, 'continuousScoringMethod', ['average', 'weightedAverage', 'median'], 'average');
  const categorical = oneOf(el, 'categoricalScoringMethod', ['majorityVote', 'weightedMajorityVote'], 'majorityVote');
  const threshold = num(el, 'threshold', 0.001);
  const training = child(el, 'TrainingInstances');
  if (!training) throw refuse(el, 'a NearestNeighborModel needs TrainingInstances');
  if (training.attrs.isTransformed === 'true') throw refuse(training, 'isTransformed="true" is not supported yet');
  const parts = kids(training, ['InstanceFields', 'InlineTable', 'TableLocator']);
  const table = parts.find((p) => p.name === 'InlineTable');
  if (!table) throw refuse(training, 'TrainingInstances need an InlineTable');
  const fieldsEl = parts.find((p) => p.name === 'InstanceFields');
  if (!fieldsEl) throw refuse(training, 'TrainingInstances need InstanceFields');
  const columns = new Map(kids(fieldsEl, ['InstanceField']).map((f) => [req(f, 'field'), f.attrs.column ?? req(f, 'field')]));
  const rows = readRows(table);
  if (rows.length < k) throw refuse(el, `numberOfNeighbors ${k} is more than the ${rows.length} training instances`);

  const knnInputs = child(el, 'KNNInputs');
  const knnEls = knnInputs ? kids(knnInputs, ['KNNInput']) : [];
  if (knnEls.length === 0) throw refuse(el, 'a NearestNeighborModel needs KNNInputs');
  const inputs = knnEls.map((c) => scope.resolve(req(c, 'field'), c));
  const metric = compileMetric(child(el, 'ComparisonMeasure'), el, knnEls);
  const instances = rows.map((row) => instanceValues(row, { ctx, columns, inputs }));

  const idVar = el.attrs.instanceIdVariable;
  const idColumn = idVar === undefined ? undefined : (columns.get(idVar) ?? idVar);
  const ids = rows.map((row, i) => (idColumn === undefined ? String(i + 1) : (row.get(idColumn) ?? String(i + 1))));
  const targets: Target[] = ctx.targets.map((name) => {
    const df = ctx.dictionary.get(name);
    const dataType = df?.dataType ?? 'string';
    const column = columns.get(name);
    if (column === undefined) throw refuse(training, `target "${name}" is not an InstanceField`);
    const values = rows.map((r) => {
      const cell = r.get(column);
      return cell === undefined ? null : (parseAs(dataType, cell) ?? null);
    });
    const counts = new Map<string, number>();
    for (const v of values) if (v !== null) counts.set(keyOf(v), (counts.get(keyOf(v)) ?? 0) + 1);
    return { name, dataType, categorical: (df?.optype ?? 'continuous') !== 'continuous', values, counts, slot: scope.layout.slot() };
  });
  if (ctx.functionName !== 'clustering' && targets.length === 0) throw refuse(el, 'a NearestNeighborModel needs a target (or functionName="clustering")');

  const x = new Float64Array(inputs.length);
  const present = new Uint8Array(inputs.length);
  const order = instances.map((_, i) => i);
  const scores = new Float64Array(instances.length);
  const multi = targets.length > 1;
  const exposed: FieldDef[] = multi ? targets.map((t) => ({ name: t.name, get: readSlot(t.slot), dataType: t.dataType, optype: t.categorical ? 'categorical' : 'continuous' })) : [];

  return {
    exposed,
    predict(f: Frame): Prediction | null {
      let any = false;
      for (let i = 0; i < inputs.length; i++) {
        const v = inputs[i]!.get(f);
        present[i] = v === null ? 0 : 1;
        if (v !== null) {
          x[i] = asNumber(v);
          any = true;
        }
      }
      if (!any) return null;
      for (let i = 0; i < instances.length; i++) scores[i] = metric.measure(x, instances[i]!, present);
      // Nearest first; equal scores keep the training order (a stable sort).
      order.sort((a, b) => (metric.similarity ? scores[b]! - scores[a]! : scores[a]! - scores[b]!) || a - b);
      const nearest = order.slice(0, k);
      const entityIds = order.map((i) => ids[i]!);
      const affinities = new Map(order.map((i) => [ids[i]!, scores[i]!]));
      const weight = (i: number): number => 1 / (scores[i]! + threshold);
      const byTarget = new Map<string, Prediction>();
      for (const t of targets) {
        const value = t.categorical ? vote(t, nearest, categorical === 'weightedMajorityVote' ? weight : () => 1) : average(t, nearest, continuous, weight);
        byTarget.set(t.name, { value, entityIds, affinities });
        if (multi) f[t.slot] = value;
      }
      const first = targets.length ? byTarget.get(targets[0]!.name)! : { value: null, entityIds, affinities };
      return multi ? { ...first, byTarget } : first;
    },
  };
}

/** An instance's KNNInput values: its cells written as raw inputs, read through the model's fields. */
function instanceValues(row: Map<string, string>, opts: { ctx: BodyContext; columns: Map<string, string>; inputs: FieldDef[] }): Float64Array {
  const { ctx, columns, inputs } = opts;
  const out = new Float64Array(inputs.length);
  if (ctx.inputs.length) {
    const f: Frame = new Array<Value | undefined>(ctx.scope.layout.size).fill(undefined);
    for (const input of ctx.inputs) {
      const column = columns.get(input.name);
      f[input.rawSlot] = column === undefined ? null : (row.get(column) ?? null);
    }
    inputs.forEach((def, i) => {
      let v: Value;
      try {
        v = def.get(f);
      } catch (err) {
        if (err instanceof EvalError) throw refuse(ctx.el, `training instance: ${err.message}`);
        throw err;
      }
      out[i] = v === null ? NaN : asNumber(v);
    });
    return out;
  }
  // A nested model has no raw inputs: instances must hold the KNNInput fields themselves.
  inputs.forEach((def, i) => {
    const column = columns.get(def.name);
    if (column === undefined) throw refuse(ctx.el, `KNNInput "${def.name}" is not an InstanceField`);
    const cell = row.get(column);
    const v = cell === undefined ? undefined : parseAs(def.dataType ?? 'double', cell);
    if (v === undefined || v === null) throw refuse(ctx.el, `training instance value "${cell ?? ''}" of "${def.name}" is not usable`);
    out[i] = asNumber(v);
  });
  return out;
}

/** Majority vote; ties go to the category most frequent in training, then to the lexically smallest. */
function vote(t: Target, nearest: number[], weight: (i: number) => number): Value {
  const votes = new Map<string, { value: Value; w: number }>();
  for (const i of nearest) {
    const v = t.values[i]!;
    if (v === null) throw new EvalError(`training instance ${i + 1} has no "${t.name}"`);
    const e = votes.get(keyOf(v)) ?? { value: v, w: 0 };
    e.w += weight(i);
    votes.set(keyOf(v), e);
  }
  const most = Math.max(...[...votes.values()].map((e) => e.w));
  let winners = [...votes.values()].filter((e) => e.w === most);
  if (winners.length > 1) {
    const freq = Math.max(...winners.map((e) => t.counts.get(keyOf(e.value)) ?? 0));
    winners = winners.filter((e) => (t.counts.get(keyOf(e.value)) ?? 0) === freq);
    winners.sort((a, b) => (keyOf(a.value) < keyOf(b.value) ? -1 : keyOf(a.value) > keyOf(b.value) ? 1 : 0));
  }
  return winners[0]!.value;
}

function average(t: Target, nearest: number[], method: 'average' | 'weightedAverage' | 'median', weight: (i: number) => number): number {
  const ys = nearest.map((i) => {
    const v = t.values[i]!;
    if (v === null) throw new EvalError(`training instance ${i + 1} has no "${t.name}"`);
    return asNumber(v);
  });
  if (method === 'median') {
    const s = [...ys].sort((a, b) => a - b);
    const mid = s.length >> 1;
    return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  }
  if (method === 'average') return ys.reduce((a, y) => a + y, 0) / ys.length;
  let sum = 0;
  let weights = 0;
  nearest.forEach((i, j) => {
    sum += weight(i) * ys[j]!;
    weights += weight(i);
  });
  return sum / weights;
}
