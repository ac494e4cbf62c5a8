/** AnomalyDetectionModel (PMML 4.4 "Anomaly Detection Models"): iforest normalization over an inner ensemble, pass-through. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { averagePathLength } from '../../../src/models/pmml/anomaly-detection.ts';
import { close, compile, doc, numbers, score } from './helpers.ts';

const tree = (split: number): string => `<Segment><True/><TreeModel functionName="regression"><MiningSchema><MiningField name="x"/></MiningSchema>
  <Node score="1"><True/><Node score="2"><SimplePredicate field="x" operator="lessThan" value="${split}"/></Node><Node score="4"><True/></Node></Node>
</TreeModel></Segment>`;

function detector(algorithm: string): ReturnType<typeof compile> {
  return compile(
    doc(
      numbers('x'),
      `<AnomalyDetectionModel functionName="regression" algorithmType="${algorithm}" sampleDataSize="8">
        <MiningSchema><MiningField name="x"/></MiningSchema>
        <Output><OutputField name="score" feature="predictedValue"/>
          <OutputField name="anomaly" feature="decision" dataType="boolean"><Apply function="greaterThan"><FieldRef field="score"/><Constant>0.5</Constant></Apply></OutputField>
        </Output>
        <MiningModel functionName="regression"><MiningSchema><MiningField name="x"/></MiningSchema>
          <Segmentation multipleModelMethod="average">${tree(1)}${tree(2)}</Segmentation>
        </MiningModel>
      </AnomalyDetectionModel>`,
    ),
  );
}

test('c(n): the mean unsuccessful-search path length of Isolation Forest', () => {
  close(averagePathLength(2), 1);
  close(averagePathLength(8), 2 * (Math.log(7) + 0.5772156649015329) - 14 / 8);
});

test('iforest: 2^(−mean path length / c(sampleDataSize)), and a decision on it', () => {
  const c = averagePathLength(8);
  // x = 1.5: paths 4 and 2 → mean 3 (short paths are anomalies)
  const [s, anomaly] = score(detector('iforest'), { x: 1.5 }, 'score', 'anomaly') as [number, boolean];
  close(s, Math.pow(2, -3 / c));
  assert.is(anomaly, Math.pow(2, -3 / c) > 0.5);
});

test('other algorithm types pass the inner value through', () => {
  assert.equal(score(detector('other'), { x: 0 }, 'score'), [2]);
});

test.run();
