/** NearestNeighborModel (PMML 4.4 "k-Nearest Neighbors"): votes and tie-breaks, averages, two targets, neighbor ids. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { close, compile, doc, numbers, score } from './helpers.ts';

const ROWS = [
  [1, 'low', 10],
  [2, 'mid', 20],
  [3, 'mid', 30],
  [4, 'high', 40],
  [5, 'high', 50],
]
  .map(([x, c, y]) => `<row><in>${x}</in><cls>${c}</cls><num>${y}</num><id>n${x}</id></row>`)
  .join('');

function knn(attrs: string, targets: string, output = ''): ReturnType<typeof compile> {
  return compile(
    doc(
      numbers('x', 'y') + '<DataField name="c" optype="categorical" dataType="string"/>',
      `<NearestNeighborModel ${attrs}>
        <MiningSchema><MiningField name="x"/>${targets}</MiningSchema>${output}
        <TrainingInstances><InstanceFields>
          <InstanceField field="x" column="in"/><InstanceField field="c" column="cls"/><InstanceField field="y" column="num"/><InstanceField field="ID" column="id"/>
        </InstanceFields><InlineTable>${ROWS}</InlineTable></TrainingInstances>
        <ComparisonMeasure kind="distance"><squaredEuclidean/></ComparisonMeasure>
        <KNNInputs><KNNInput field="x"/></KNNInputs>
      </NearestNeighborModel>`,
    ),
  );
}

const C = '<MiningField name="c" usageType="target"/>';
const Y = '<MiningField name="y" usageType="target"/>';

test('majority vote; a tie goes to the most frequent training category, then the lexically smallest', () => {
  const ev = knn('functionName="classification" numberOfNeighbors="2"', C);
  assert.equal(score(ev, { x: 1.5 }, 'c'), ['mid']); // low vs mid: mid is more frequent
  assert.equal(score(ev, { x: 3.5 }, 'c'), ['high']); // mid vs high: equally frequent, "high" < "mid"
  assert.equal(score(ev, { x: 4.9 }, 'c'), ['high']);
});

test('continuous targets: average, median and inverse-distance weightedAverage of the k nearest', () => {
  close(score(knn('functionName="regression" numberOfNeighbors="3"', Y), { x: 2.1 }, 'y')[0] as number, 20);
  close(score(knn('functionName="regression" numberOfNeighbors="2" continuousScoringMethod="median"', Y), { x: 1.2 }, 'y')[0] as number, 15);
  const w1 = 1 / (0.25 + 0.001);
  close(score(knn('functionName="regression" numberOfNeighbors="2" continuousScoringMethod="weightedAverage"', Y), { x: 3.5 }, 'y')[0] as number, (w1 * 40 + w1 * 30) / (2 * w1));
});

test('two targets at once, and neighbor ids by rank', () => {
  const ev = knn(
    'functionName="mixed" numberOfNeighbors="1" instanceIdVariable="ID"',
    C + Y,
    '<Output><OutputField name="first" feature="entityId" rank="1"/><OutputField name="second" feature="entityId" rank="2"/><OutputField name="cls" feature="predictedValue" targetField="c"/></Output>',
  );
  assert.equal(score(ev, { x: 3.9 }, 'c', 'y', 'first', 'second', 'cls'), ['high', 40, 'n4', 'n3', 'high']);
});

test.run();
