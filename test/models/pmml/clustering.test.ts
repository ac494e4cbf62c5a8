/** ClusteringModel (PMML 4.4 "Cluster Models"): nearest center, measures, affinities, clusterId, display names. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { close, compile, doc, numbers, score } from './helpers.ts';

function kmeans(measure: string, weights = ['1', '1']): ReturnType<typeof compile> {
  return compile(
    doc(
      numbers('x', 'y'),
      `<ClusteringModel functionName="clustering" modelClass="centerBased" numberOfClusters="2">
        <MiningSchema><MiningField name="x"/><MiningField name="y"/></MiningSchema>
        <Output>
          <OutputField name="id" feature="predictedValue"/><OutputField name="name" feature="predictedDisplayValue"/>
          <OutputField name="index" feature="clusterId"/><OutputField name="dA" feature="affinity" value="a"/>
          <OutputField name="dB" feature="clusterAffinity" value="b"/>
        </Output>
        <ComparisonMeasure kind="distance">${measure}</ComparisonMeasure>
        <ClusteringField field="x" fieldWeight="${weights[0]}"/><ClusteringField field="y" fieldWeight="${weights[1]}"/>
        <Cluster id="a" name="near origin"><Array n="2" type="real">0 0</Array></Cluster>
        <Cluster id="b" name="far"><Array n="2" type="real">4 3</Array></Cluster>
      </ClusteringModel>`,
    ),
  );
}

test('squared Euclidean: the nearest center wins; ids, names, positions and distances come out', () => {
  const [id, name, index, dA, dB] = score(kmeans('<squaredEuclidean/>'), { x: 3, y: 3 }, 'id', 'name', 'index', 'dA', 'dB') as [string, string, number, number, number];
  assert.equal([id, name, index, dA, dB], ['b', 'far', 2, 18, 1]);
});

test('measures: euclidean, cityBlock, chebychev, minkowski, with field weights', () => {
  const table: Array<[string, number]> = [
    ['<euclidean/>', 5],
    ['<cityBlock/>', 7],
    ['<chebychev/>', 4],
    ['<minkowski p-parameter="3"/>', Math.cbrt(64 + 27)],
  ];
  for (const [m, want] of table) close(score(kmeans(m), { x: 4, y: 3 }, 'dA')[0] as number, want);
  close(score(kmeans('<squaredEuclidean/>', ['2', '1']), { x: 4, y: 3 }, 'dA')[0] as number, 2 * 16 + 9);
});

test('a missing field is left out and the distance scaled back up', () => {
  close(score(kmeans('<squaredEuclidean/>'), { x: 1, y: null }, 'dA')[0] as number, 2);
  assert.equal(score(kmeans('<squaredEuclidean/>'), { x: null, y: null }, 'id'), [null]);
});

test.run();
