/**
 * ClusteringModel (PMML 4.4 "Cluster Models"), center-based: the distance (or similarity) of the
 * row to each Cluster's center under the ComparisonMeasure; the nearest cluster wins. Its id (or
 * 1-based position) is the predicted value, its name the display value, every distance an affinity.
 */

import type { Body, BodyContext } from './body.ts';
import { child, kids, num, numberList, oneOf, refuse, req } from './dom.ts';
import type { Prediction } from './prediction.ts';
import { asNumber, type Frame, type Getter } from './values.ts';
import type { El } from './xml.ts';

export const CLUSTERING_CHILDREN = ['ComparisonMeasure', 'ClusteringField', 'CenterFields', 'MissingValueWeights', 'Cluster'];

const MEASURES = ['euclidean', 'squaredEuclidean', 'chebychev', 'cityBlock', 'minkowski'] as const;
type Measure = (typeof MEASURES)[number];
const COMPARE = ['absDiff', 'gaussSim', 'delta', 'equal'] as const;
const BINARY = ['simpleMatching', 'jaccard', 'tanimoto', 'binarySimilarity'] as const;

/** A ComparisonMeasure compiled: per-field comparisons folded into one distance. */
export interface Metric {
  readonly similarity: boolean;
  /** Distance between x and center over the present fields (`present[i]` false: skipped, weights adjusted). */
  measure(x: Float64Array, center: Float64Array, present: Uint8Array): number;
}

export function compileClusteringModel(ctx: BodyContext): Body {
  const { el, scope } = ctx;
  if (oneOf(el, 'modelClass', ['centerBased', 'distributionBased'], 'centerBased') !== 'centerBased') throw refuse(el, 'modelClass="distributionBased" is not supported yet');
  const centerFields = child(el, 'CenterFields');
  if (centerFields) throw refuse(centerFields, 'CenterFields is not supported yet');
  const fieldEls = el.children.filter((c) => c.name === 'ClusteringField' && (c.attrs.isCenterField ?? 'true') === 'true');
  const fields: Getter[] = fieldEls.map((c) => scope.resolve(req(c, 'field'), c).get);
  const metric = compileMetric(child(el, 'ComparisonMeasure'), el, fieldEls);
  const clusters = el.children
    .filter((c) => c.name === 'Cluster')
    .map((c, i) => {
      const arr = kids(c, ['Array', 'KohonenMap', 'Partition', 'Covariances'])
        .filter((a) => a.name !== 'Partition')
        .map((a) => {
          if (a.name !== 'Array') throw refuse(a, `<${a.name}> in a Cluster is not supported yet`);
          return a;
        })[0];
      if (!arr) throw refuse(c, 'a center-based Cluster needs an Array of center coordinates');
      const center = Float64Array.from(numberList(arr));
      if (center.length !== fields.length) throw refuse(arr, `expected ${fields.length} coordinates, found ${center.length}`);
      const id = c.attrs.id ?? String(i + 1);
      return { id, name: c.attrs.name, index: i + 1, center };
    });
  if (clusters.length === 0) throw refuse(el, 'a ClusteringModel needs at least one Cluster');

  const x = new Float64Array(fields.length);
  const present = new Uint8Array(fields.length);
  return {
    predict(f: Frame): Prediction | null {
      let any = false;
      for (let i = 0; i < fields.length; i++) {
        const v = fields[i]!(f);
        present[i] = v === null ? 0 : 1;
        if (v !== null) {
          x[i] = asNumber(v);
          any = true;
        }
      }
      if (!any) return null;
      const affinities = new Map<string, number>();
      let best = clusters[0]!;
      let bestD = NaN;
      for (const c of clusters) {
        const d = metric.measure(x, c.center, present);
        affinities.set(c.id, d);
        if (Number.isNaN(bestD) || (metric.similarity ? d > bestD : d < bestD)) {
          best = c;
          bestD = d;
        }
      }
      return { value: best.id, entityId: best.id, clusterId: best.index, display: best.name ?? best.id, affinities };
    },
  };
}

/**
 * ComparisonMeasure (PMML 4.4 "Comparison Measures"): c(x, y) per field by compareFunction, folded
 * by the measure with fieldWeights; missing fields are left out and the sum is scaled back up by
 * Σweights / Σweights of the present fields (the spec's adjustment without MissingValueWeights).
 */
export function compileMetric(cm: El | undefined, model: El, fieldEls: El[]): Metric {
  if (!cm) throw refuse(model, 'a ComparisonMeasure is required');
  const kind = oneOf(cm, 'kind', ['distance', 'similarity'], 'distance');
  const measureEl = kids(cm, [...MEASURES, ...BINARY])[0];
  if (!measureEl) throw refuse(cm, 'a ComparisonMeasure needs a measure');
  if ((BINARY as readonly string[]).includes(measureEl.name)) return binaryMetric(measureEl, kind === 'similarity');
  const measure = measureEl.name as Measure;
  const p = measure === 'minkowski' ? num(measureEl, 'p-parameter', NaN) : 2;
  if (Number.isNaN(p)) throw refuse(measureEl, 'minkowski needs p-parameter');
  const defaultCompare = oneOf(cm, 'compareFunction', COMPARE, 'absDiff');
  const weights = Float64Array.from(fieldEls, (f) => num(f, 'fieldWeight', 1));
  const compares = fieldEls.map((f) => {
    const fn = oneOf(f, 'compareFunction', COMPARE, defaultCompare);
    const scale = num(f, 'similarityScale', NaN);
    if (fn === 'gaussSim' && Number.isNaN(scale)) throw refuse(f, 'gaussSim needs similarityScale');
    switch (fn) {
      case 'absDiff':
        return (a: number, b: number) => Math.abs(a - b);
      case 'delta':
        return (a: number, b: number) => (a === b ? 0 : 1);
      case 'equal':
        return (a: number, b: number) => (a === b ? 1 : 0);
      case 'gaussSim':
        return (a: number, b: number) => Math.exp((-Math.LN2 * (a - b) * (a - b)) / (scale * scale));
    }
  });
  const total = weights.reduce((s, w) => s + w, 0);
  return {
    similarity: kind === 'similarity',
    measure(x, center, present) {
      let acc = 0;
      let used = 0;
      for (let i = 0; i < x.length; i++) {
        if (!present[i]) continue;
        const c = compares[i]!(x[i]!, center[i]!);
        const w = weights[i]!;
        used += w;
        if (measure === 'chebychev') acc = Math.max(acc, c * w);
        else if (measure === 'cityBlock') acc += w * c;
        else if (measure === 'minkowski') acc += w * Math.pow(c, p);
        else acc += w * c * c;
      }
      if (used !== total && measure !== 'chebychev') acc *= total / used;
      if (measure === 'euclidean') return Math.sqrt(acc);
      if (measure === 'minkowski') return Math.pow(acc, 1 / p);
      return acc;
    },
  };
}

/**
 * Binary similarity measures (PMML 4.4 "Comparison Measures"): fields read as 0/1 (non-zero is 1),
 * counted into a11, a10, a01, a00 over the present fields and combined by the measure's ratio.
 */
function binaryMetric(m: El, similarity: boolean): Metric {
  // Weights of a11, a10, a01, a00 in the numerator and denominator.
  let c: number[];
  let d: number[];
  switch (m.name) {
    case 'simpleMatching':
      [c, d] = [[1, 0, 0, 1], [1, 1, 1, 1]];
      break;
    case 'jaccard':
      [c, d] = [[1, 0, 0, 0], [1, 1, 1, 0]];
      break;
    case 'tanimoto':
      [c, d] = [[1, 0, 0, 1], [1, 2, 2, 1]];
      break;
    default:
      c = ['c11-parameter', 'c10-parameter', 'c01-parameter', 'c00-parameter'].map((a) => num(m, a, NaN));
      d = ['d11-parameter', 'd10-parameter', 'd01-parameter', 'd00-parameter'].map((a) => num(m, a, NaN));
      if ([...c, ...d].some(Number.isNaN)) throw refuse(m, 'binarySimilarity needs all c and d parameters');
  }
  return {
    similarity,
    measure(x, center, present) {
      const a = [0, 0, 0, 0];
      for (let i = 0; i < x.length; i++) {
        if (!present[i]) continue;
        const p = x[i] !== 0;
        const q = center[i] !== 0;
        a[p ? (q ? 0 : 1) : q ? 2 : 3]!++;
      }
      let num = 0;
      let den = 0;
      for (let i = 0; i < 4; i++) {
        num += c[i]! * a[i]!;
        den += d[i]! * a[i]!;
      }
      return num / den;
    },
  };
}
