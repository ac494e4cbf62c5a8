/**
 * AnomalyDetectionModel (PMML 4.4 "Anomaly Detection Models"): an inner model whose value becomes
 * the anomaly score. iforest: 2^(−E[h(x)] / c(n)), the inner ensemble giving the mean path length
 * and c(n) the mean path of an unsuccessful BST search over sampleDataSize points (Liu, Ting & Zhou,
 * "Isolation Forest", ICDM 2008); ocsvm, clusterMeanDist and other: the inner value as is.
 */

import type { Body, BodyContext } from './body.ts';
import { num, oneOf, refuse } from './dom.ts';
import { asNumber } from './values.ts';

const INNER = ['MiningModel', 'TreeModel', 'RegressionModel', 'SupportVectorMachineModel', 'ClusteringModel', 'NearestNeighborModel', 'GeneralRegressionModel', 'NeuralNetwork'];
export const ANOMALY_DETECTION_CHILDREN = [...INNER, 'MeanClusterDistances'];

const EULER_GAMMA = 0.5772156649015329;

/** c(n) = 2·H(n−1) − 2(n−1)/n with H(i) ≈ ln(i) + γ: the path-length normalizer of Isolation Forest. */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

export function compileAnomalyDetectionModel(ctx: BodyContext): Body {
  const { el, scope, target } = ctx;
  if (ctx.classification) throw refuse(el, 'an AnomalyDetectionModel must have functionName="regression"');
  const algorithm = oneOf(el, 'algorithmType', ['iforest', 'ocsvm', 'clusterMeanDist', 'other'], 'other');
  if (el.attrs.algorithmType === undefined) throw refuse(el, 'attribute algorithmType is required');
  const mcd = el.children.find((c) => c.name === 'MeanClusterDistances');
  if (mcd) throw refuse(mcd, 'MeanClusterDistances is not supported yet');
  const inners = el.children.filter((c) => INNER.includes(c.name));
  if (inners.length !== 1) throw refuse(el, 'an AnomalyDetectionModel needs one inner model');
  const inner = ctx.compileNested(inners[0]!, scope, target);
  let transform = (x: number): number => x;
  if (algorithm === 'iforest') {
    const n = num(el, 'sampleDataSize', NaN);
    if (!(n > 0)) throw refuse(el, 'iforest needs a positive sampleDataSize');
    const c = averagePathLength(n);
    transform = (pathLength) => Math.pow(2, -pathLength / c);
  }
  return {
    predict(f) {
      const p = inner.evaluate(f);
      if (p === null || p.value === null) return null;
      return { value: transform(asNumber(p.value)) };
    },
  };
}
