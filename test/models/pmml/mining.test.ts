/** MiningModel segmentation (PMML 4.4 "Multiple Models"): every multipleModelMethod on tiny stump ensembles. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { close, compile, doc, one, refusal, score } from './helpers.ts';

const FIELDS = `<DataField name="x" optype="continuous" dataType="double"/><DataField name="y" optype="continuous" dataType="double"/>
  <DataField name="s" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/></DataField>`;

/** A regression stump: `lo` when x < 0, else `hi` (null: no child holds, a missing prediction). */
function stump(lo: number, hi: number | null): string {
  const high = hi === null ? '<Node score="1"><False/></Node>' : `<Node score="${hi}"><True/></Node>`;
  return `<TreeModel functionName="regression"><MiningSchema><MiningField name="x"/></MiningSchema>
    <Node score="0"><True/><Node score="${lo}"><SimplePredicate field="x" operator="lessThan" value="0"/></Node>${high}</Node></TreeModel>`;
}

/** A classification stump with a distribution: P(b) = pb when x ≥ 0. */
function vote(pb: number): string {
  const [b, a] = [Math.round(pb * 100), Math.round((1 - pb) * 100)];
  return `<TreeModel functionName="classification"><MiningSchema><MiningField name="x"/><MiningField name="s" usageType="target"/></MiningSchema>
    <Node score="a"><True/><Node score="${pb > 0.5 ? 'b' : 'a'}"><SimplePredicate field="x" operator="greaterOrEqual" value="0"/>
      <ScoreDistribution value="a" recordCount="${a}"/><ScoreDistribution value="b" recordCount="${b}"/></Node></Node></TreeModel>`;
}

function ensemble(fn: 'regression' | 'classification', method: string, segments: Array<[string, number?, string?]>, extra = ''): ReturnType<typeof compile> {
  const segs = segments.map(([model, weight, pred], i) => `<Segment id="s${i + 1}" weight="${weight ?? 1}">${pred ?? '<True/>'}${model}</Segment>`).join('');
  const target = fn === 'regression' ? 'y' : 's';
  const output = fn === 'classification' ? '<Output><OutputField name="p_b" feature="probability" value="b"/><OutputField name="label" feature="predictedValue"/></Output>' : '';
  return compile(
    doc(
      FIELDS,
      `<MiningModel functionName="${fn}"><MiningSchema><MiningField name="x"/><MiningField name="${target}" usageType="target"/></MiningSchema>${output}
        <Segmentation multipleModelMethod="${method}" ${extra}>${segs}</Segmentation></MiningModel>`,
    ),
  );
}

test('regression aggregations over three stumps answering 1, 2 and 6 (weights 1, 1, 2)', () => {
  const segs: Array<[string, number]> = [[stump(0, 1), 1], [stump(0, 2), 1], [stump(0, 6), 2]];
  const table: Array<[string, number]> = [
    ['sum', 9],
    ['average', 3],
    ['weightedAverage', (1 + 2 + 12) / 4],
    ['median', 2],
    ['weightedMedian', 2], // cumulative weights 1, 2, 4 over values 1, 2, 6: half the total (2) is reached at 2
    ['max', 6],
    ['weightedSum', 15],
  ];
  for (const [method, want] of table) close(one(ensemble('regression', method, segs), { x: 1 }, 'y'), want);
});

test('classification: majority votes become probabilities; average and max combine distributions', () => {
  const segs: Array<[string, number]> = [[vote(0.9), 1], [vote(0.6), 1], [vote(0.2), 3]];
  assert.equal(score(ensemble('classification', 'majorityVote', segs), { x: 1 }, 'label', 'p_b'), ['b', 2 / 3]);
  assert.equal(score(ensemble('classification', 'weightedMajorityVote', segs), { x: 1 }, 'label', 'p_b'), ['a', 2 / 5]);
  const [label, pb] = score(ensemble('classification', 'average', segs), { x: 1 }, 'label', 'p_b') as [string, number];
  assert.is(label, 'b');
  close(pb, (0.9 + 0.6 + 0.2) / 3);
  close(one(ensemble('classification', 'weightedAverage', segs), { x: 1 }, 'p_b'), (0.9 + 0.6 + 0.6) / 5);
  close(one(ensemble('classification', 'max', segs), { x: 1 }, 'p_b'), 0.9 / (0.9 + 0.8));
});

test('segment predicates select segments; selectFirst answers with the first that holds', () => {
  const neg = '<SimplePredicate field="x" operator="lessThan" value="0"/>';
  const segs: Array<[string, number, string]> = [[stump(10, 10), 1, neg], [stump(20, 20), 1, '<True/>'], [stump(30, 30), 1, '<True/>']];
  assert.equal([one(ensemble('regression', 'selectFirst', segs), { x: -1 }, 'y'), one(ensemble('regression', 'selectFirst', segs), { x: 1 }, 'y')], [10, 20]);
  assert.is(one(ensemble('regression', 'sum', segs), { x: 1 }, 'y'), 50);
  assert.is(one(ensemble('regression', 'sum', [[stump(1, 1), 1, neg]]), { x: 1 }, 'y'), null); // no segment holds: missing
});

test('missingPredictionTreatment: returnMissing / continue make the sum missing, skipSegment drops the segment', () => {
  const segs: Array<[string]> = [[stump(0, 1)], [stump(0, null)], [stump(0, 4)]];
  assert.is(one(ensemble('regression', 'sum', segs, 'missingPredictionTreatment="returnMissing"'), { x: 1 }, 'y'), null);
  assert.is(one(ensemble('regression', 'sum', segs), { x: 1 }, 'y'), null);
  assert.is(one(ensemble('regression', 'sum', segs, 'missingPredictionTreatment="skipSegment"'), { x: 1 }, 'y'), 5);
  assert.is(one(ensemble('regression', 'sum', segs, 'missingPredictionTreatment="skipSegment" missingThreshold="0.2"'), { x: 1 }, 'y'), null);
});

test('modelChain: a segment reads the OutputFields of the segments before it; nesting works', () => {
  const first = `<TreeModel functionName="regression"><MiningSchema><MiningField name="x"/></MiningSchema>
    <Output><OutputField name="t" feature="predictedValue" dataType="double"/></Output><Node score="3"><True/></Node></TreeModel>`;
  const second = `<RegressionModel functionName="regression"><MiningSchema><MiningField name="t"/><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema>
    <RegressionTable intercept="1"><NumericPredictor name="t" coefficient="10"/><NumericPredictor name="x" coefficient="1"/></RegressionTable></RegressionModel>`;
  assert.is(one(ensemble('regression', 'modelChain', [[first], [second]]), { x: 2 }, 'y'), 33);
  const inner = `<MiningModel functionName="regression"><MiningSchema><MiningField name="x"/></MiningSchema>
    <Segmentation multipleModelMethod="sum"><Segment><True/>${stump(0, 1)}</Segment><Segment><True/>${stump(0, 2)}</Segment></Segmentation></MiningModel>`;
  assert.is(one(ensemble('regression', 'average', [[inner], [stump(0, 5)]]), { x: 1 }, 'y'), 4);
});

test('unsupported segment models and methods are refused, naming them', () => {
  assert.match(refusal(doc(FIELDS, `<MiningModel functionName="regression"><MiningSchema><MiningField name="x"/></MiningSchema><Segmentation multipleModelMethod="sum"><Segment><True/><GaussianProcessModel functionName="regression"/></Segment></Segmentation></MiningModel>`)), /model type GaussianProcessModel is not supported yet/);
  assert.match(refusal(doc(FIELDS, `<MiningModel functionName="regression"><MiningSchema><MiningField name="x"/></MiningSchema><Segmentation multipleModelMethod="multiModelChain"><Segment><True/>${stump(0, 1)}</Segment></Segmentation></MiningModel>`)), /multipleModelMethod="multiModelChain" is not supported yet/);
  assert.match(refusal(doc(FIELDS, `<MiningModel functionName="regression"><MiningSchema><MiningField name="x"/></MiningSchema><Output><OutputField name="o" segmentId="1"/></Output><Segmentation multipleModelMethod="sum"><Segment id="1"><True/>${stump(0, 1)}</Segment></Segmentation></MiningModel>`)), /segmentId is supported for selectAll ensembles only/);
  assert.match(refusal(doc(FIELDS, `<MiningModel functionName="regression"><MiningSchema><MiningField name="x"/></MiningSchema><Segmentation multipleModelMethod="majorityVote"><Segment><True/>${stump(0, 1)}</Segment></Segmentation></MiningModel>`)), /majorityVote" does not apply to regression/);
});

test('selectAll: every segment whose predicate holds is scored; OutputField segmentId picks one', () => {
  const ev = compile(
    doc(
      FIELDS,
      `<MiningModel functionName="regression">
        <MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema>
        <Output><OutputField name="first" segmentId="one" feature="predictedValue"/><OutputField name="second" segmentId="two" feature="predictedValue"/></Output>
        <Segmentation multipleModelMethod="selectAll">
          <Segment id="one"><True/>${stump(1, 2)}</Segment>
          <Segment id="two"><SimplePredicate field="x" operator="greaterThan" value="5"/>${stump(3, 4)}</Segment>
        </Segmentation>
      </MiningModel>`,
    ),
  );
  assert.equal(score(ev, { x: -1 }, 'first', 'second', 'y'), [1, null, null]);
  assert.equal(score(ev, { x: 6 }, 'first', 'second'), [2, 4]);
});

test.run();
