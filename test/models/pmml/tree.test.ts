/** TreeModel and predicates (PMML 4.4 "TreeModel", "Predicates"): truth tables and missing-value strategies. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, doc, one, refusal, score } from './helpers.ts';

const FIELDS = `<DataField name="x" optype="continuous" dataType="double"/><DataField name="z" optype="continuous" dataType="double"/>
  <DataField name="c" optype="categorical" dataType="string"/>
  <DataField name="s" optype="categorical" dataType="string"><Value value="lo"/><Value value="hi"/></DataField>`;

/** A classification tree over x, z, c predicting s, with probability/confidence/entityId outputs. */
function tree(nodes: string, attrs = ''): ReturnType<typeof compile> {
  return compile(
    doc(
      FIELDS,
      `<TreeModel functionName="classification" ${attrs}>
        <MiningSchema><MiningField name="x"/><MiningField name="z"/><MiningField name="c"/><MiningField name="s" usageType="target"/></MiningSchema>
        <Output><OutputField name="label" feature="predictedValue"/><OutputField name="p_hi" feature="probability" value="hi"/>
          <OutputField name="conf" feature="confidence"/><OutputField name="node" feature="entityId"/></Output>
        ${nodes}
      </TreeModel>`,
    ),
  );
}

/** One node test: the root splits on `pred`; true → node T (hi), false → node F (lo). */
function split(pred: string): ReturnType<typeof compile> {
  return tree(`<Node id="R" score="lo"><True/><Node id="T" score="hi">${pred}</Node><Node id="F" score="lo"><True/></Node></Node>`);
}

test('SimplePredicate operators and SimpleSetPredicate, against a literal parsed as the field type', () => {
  const cases: Array<[string, Record<string, string | number>, string]> = [
    ['<SimplePredicate field="x" operator="lessThan" value="2.5"/>', { x: 2 }, 'T'],
    ['<SimplePredicate field="x" operator="lessThan" value="2.5"/>', { x: 2.5 }, 'F'],
    ['<SimplePredicate field="x" operator="lessOrEqual" value="2.5"/>', { x: 2.5 }, 'T'],
    ['<SimplePredicate field="x" operator="greaterThan" value="2.5"/>', { x: 3 }, 'T'],
    ['<SimplePredicate field="x" operator="greaterOrEqual" value="2.5"/>', { x: 2.4 }, 'F'],
    ['<SimplePredicate field="x" operator="equal" value="2.0"/>', { x: '2' }, 'T'],
    ['<SimplePredicate field="x" operator="notEqual" value="2"/>', { x: 2 }, 'F'],
    ['<SimplePredicate field="c" operator="equal" value="red"/>', { c: 'red' }, 'T'],
    ['<SimpleSetPredicate field="c" booleanOperator="isIn"><Array type="string" n="2">red "light blue"</Array></SimpleSetPredicate>', { c: 'light blue' }, 'T'],
    ['<SimpleSetPredicate field="c" booleanOperator="isNotIn"><Array type="string">red green</Array></SimpleSetPredicate>', { c: 'red' }, 'F'],
    ['<SimpleSetPredicate field="x" booleanOperator="isIn"><Array type="real">1.0 2.5</Array></SimpleSetPredicate>', { x: 1 }, 'T'],
    ['<SimplePredicate field="x" operator="isMissing"/>', {}, 'T'],
    ['<SimplePredicate field="x" operator="isNotMissing"/>', {}, 'F'],
  ];
  for (const [pred, record, node] of cases) assert.is(one(split(pred), record, 'node'), node, `${pred} ${JSON.stringify(record)}`);
});

test('CompoundPredicate three-valued logic: and, or, xor, surrogate (x unknown when missing)', () => {
  const x = '<SimplePredicate field="x" operator="greaterThan" value="0"/>';
  const z = '<SimplePredicate field="z" operator="greaterThan" value="0"/>';
  const compound = (op: string): ReturnType<typeof compile> =>
    split(`<CompoundPredicate booleanOperator="${op}">${x}${z}</CompoundPredicate>`);
  // x      z      and  or   xor  surrogate   (null x,z = missing; an unknown predicate counts as false here)
  const table: Array<[number | null, number | null, string, string, string, string]> = [
    [1, 1, 'T', 'T', 'F', 'T'],
    [1, -1, 'F', 'T', 'T', 'T'],
    [-1, 1, 'F', 'T', 'T', 'F'],
    [null, -1, 'F', 'F', 'F', 'F'],
    [null, 1, 'F', 'T', 'F', 'T'],
    [null, null, 'F', 'F', 'F', 'F'],
  ];
  for (const [xv, zv, and, or, xor, surrogate] of table) {
    const r = { x: xv, z: zv };
    assert.equal([one(compound('and'), r, 'node'), one(compound('or'), r, 'node'), one(compound('xor'), r, 'node'), one(compound('surrogate'), r, 'node')], [and, or, xor, surrogate], JSON.stringify(r));
  }
});

const MISSING_TREE = `<Node id="1" score="lo" defaultChild="3"><True/>
  <ScoreDistribution value="lo" recordCount="60" confidence="0.6"/><ScoreDistribution value="hi" recordCount="40" confidence="0.4"/>
  <Node id="2" score="lo"><SimplePredicate field="x" operator="lessThan" value="0"/>
    <ScoreDistribution value="lo" recordCount="45" confidence="0.9"/><ScoreDistribution value="hi" recordCount="5" confidence="0.1"/></Node>
  <Node id="3" score="hi" defaultChild="4"><SimplePredicate field="x" operator="greaterOrEqual" value="0"/>
    <ScoreDistribution value="lo" recordCount="15" confidence="0.3"/><ScoreDistribution value="hi" recordCount="35" confidence="0.7"/>
    <Node id="4" score="hi"><SimplePredicate field="z" operator="lessThan" value="5"/>
      <ScoreDistribution value="lo" recordCount="5" confidence="0.2"/><ScoreDistribution value="hi" recordCount="20" confidence="0.8"/></Node>
    <Node id="5" score="lo"><SimplePredicate field="z" operator="greaterOrEqual" value="5"/>
      <ScoreDistribution value="lo" recordCount="10" confidence="0.4"/><ScoreDistribution value="hi" recordCount="15" confidence="0.6"/></Node>
  </Node>
</Node>`;

test('missingValueStrategy when a predicate is unknown: none, lastPrediction, nullPrediction, defaultChild (with penalty)', () => {
  const ask = (attrs: string, r: Record<string, number | null>): unknown => score(tree(MISSING_TREE, attrs), r, 'node', 'label', 'p_hi', 'conf');
  // all known: node 4
  assert.equal(ask('', { x: 1, z: 1 }), ['4', 'hi', 0.8, 0.8]);
  // z missing at node 3: "none" treats the unknown as false and moves on; no child is true → returnNullPrediction
  assert.equal(ask('', { x: 1, z: null }), [null, null, null, null]);
  assert.equal(ask('noTrueChildStrategy="returnLastPrediction"', { x: 1, z: null }), ['3', 'hi', 0.7, 0.7]);
  assert.equal(ask('missingValueStrategy="lastPrediction"', { x: 1, z: null }), ['3', 'hi', 0.7, 0.7]);
  assert.equal(ask('missingValueStrategy="nullPrediction"', { x: 1, z: null }), [null, null, null, null]);
  // defaultChild: x missing at the root goes to node 3, z missing goes on to node 4; each step multiplies confidence by the penalty
  assert.equal(ask('missingValueStrategy="defaultChild" missingValuePenalty="0.5"', { x: 1, z: null }), ['4', 'hi', 0.8, 0.4]);
  assert.equal(ask('missingValueStrategy="defaultChild" missingValuePenalty="0.5"', { x: null, z: null }), ['4', 'hi', 0.8, 0.2]);
});

test('probabilities come from recordCount shares (or probability); leaves without a distribution vote 1', () => {
  const ev = tree(`<Node score="lo"><True/><Node score="hi"><SimplePredicate field="x" operator="greaterThan" value="0"/>
      <ScoreDistribution value="lo" recordCount="1"/><ScoreDistribution value="hi" recordCount="3"/></Node>
    <Node score="lo"><True/></Node></Node>`);
  assert.equal(score(ev, { x: 1 }, 'p_hi', 'node'), [0.75, '2']); // entityId: 1-based pre-order index when ids are absent
  assert.equal(score(ev, { x: -1 }, 'p_hi', 'label', 'node'), [0, 'lo', '3']);
});

test('regression trees return the leaf score through Targets', () => {
  const ev = compile(
    doc(
      '<DataField name="x" optype="continuous" dataType="double"/><DataField name="y" optype="continuous" dataType="double"/>',
      `<TreeModel functionName="regression"><MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema>
        <Targets><Target field="y" rescaleFactor="10" rescaleConstant="1"/></Targets>
        <Node score="0"><True/><Node score="1.5"><SimplePredicate field="x" operator="lessThan" value="0"/></Node><Node score="2.5"><True/></Node></Node>
      </TreeModel>`,
    ),
  );
  assert.equal([one(ev, { x: -1 }, 'y'), one(ev, { x: 1 }, 'y')], [16, 26]);
});

/** Root → A (x < 0: leaves A1 on z < 0, A2 otherwise) | B (x ≥ 0); record counts and confidences per node. */
const BRANCHY = `<Node id="R" score="lo" recordCount="100"><True/>
  <Node id="A" score="lo" recordCount="60"><SimplePredicate field="x" operator="lessThan" value="0"/>
    <ScoreDistribution value="lo" recordCount="40" confidence="0.7"/><ScoreDistribution value="hi" recordCount="20" confidence="0.3"/>
    <Node id="A1" score="lo" recordCount="30"><SimplePredicate field="z" operator="lessThan" value="0"/>
      <ScoreDistribution value="lo" recordCount="27" confidence="0.9"/><ScoreDistribution value="hi" recordCount="3" confidence="0.1"/></Node>
    <Node id="A2" score="lo" recordCount="30"><SimplePredicate field="z" operator="greaterOrEqual" value="0"/>
      <ScoreDistribution value="lo" recordCount="13" confidence="0.5"/><ScoreDistribution value="hi" recordCount="17" confidence="0.5"/></Node>
  </Node>
  <Node id="B" score="hi" recordCount="40"><SimplePredicate field="x" operator="greaterOrEqual" value="0"/>
    <ScoreDistribution value="lo" recordCount="4" confidence="0.1"/><ScoreDistribution value="hi" recordCount="36" confidence="0.9"/></Node>
</Node>`;

test('weightedConfidence: every child not known false is scored, confidences weighted by recordCount shares', () => {
  const ev = tree(BRANCHY, 'missingValueStrategy="weightedConfidence"');
  // x known (A), z missing: A1 and A2 half each → lo 0.7, hi 0.3
  const [label, conf] = score(ev, { x: -1, z: null }, 'label', 'conf') as [string, number];
  assert.is(label, 'lo');
  assert.ok(Math.abs(conf - 0.7) < 1e-12);
  // nothing known: A (0.6 of the records) blends its leaves, B 0.4 → hi = 0.6·0.3 + 0.4·0.9 = 0.54
  const [label2, conf2] = score(ev, { x: null, z: null }, 'label', 'conf') as [string, number];
  assert.is(label2, 'hi');
  assert.ok(Math.abs(conf2 - 0.54) < 1e-12);
});

test('aggregateNodes: record counts of every reachable leaf summed, then normalized', () => {
  const ev = tree(BRANCHY, 'missingValueStrategy="aggregateNodes"');
  // x missing, z ≥ 0: A reaches A2 only (13 lo, 17 hi), B adds 4 lo, 36 hi → hi 53/70
  const [label, conf] = score(ev, { x: null, z: 1 }, 'label', 'conf') as [string, number];
  assert.is(label, 'hi');
  assert.ok(Math.abs(conf - 53 / 70) < 1e-12);
});

test('strategies and elements not implemented yet are refused, naming them', () => {
  assert.match(refusal(doc(FIELDS, `<TreeModel functionName="classification" missingValueStrategy="guess"><MiningSchema><MiningField name="x"/></MiningSchema><Node score="a"><True/></Node></TreeModel>`)), /missingValueStrategy="guess" is not supported yet/);
  assert.match(refusal(doc(FIELDS, `<TreeModel functionName="classification"><MiningSchema><MiningField name="x"/></MiningSchema><Node score="a"><True/><Frobnicate/></Node></TreeModel>`)), /element <Frobnicate> inside <Node> is not supported yet/);
  // Partition only describes the training data at a node: read and ignored
  assert.ok(compile(doc(FIELDS, `<TreeModel functionName="classification"><MiningSchema><MiningField name="x"/></MiningSchema><Node score="a"><True/><Partition name="p"/></Node></TreeModel>`)));
  assert.match(refusal(doc(FIELDS, `<TreeModel functionName="classification"><MiningSchema><MiningField name="x"/></MiningSchema><Node score="a"><True/><Regression/></Node></TreeModel>`)), /embedded in tree nodes/);
});

test.run();
