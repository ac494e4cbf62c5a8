/** MiningSchema input treatment (PMML 4.4 "MiningSchema"): missing, invalid and outlier values, table by table. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile, doc, one, refusal } from './helpers.ts';

/** y = x after the MiningField's treatment of x (a RegressionModel with coefficient 1, intercept 0). */
function treated(miningField: string, dataField = '<DataField name="x" optype="continuous" dataType="double"/>'): ReturnType<typeof compile> {
  return compile(
    doc(
      `${dataField}<DataField name="y" optype="continuous" dataType="double"/>`,
      `<RegressionModel functionName="regression">
        <MiningSchema>${miningField}<MiningField name="y" usageType="target"/></MiningSchema>
        <RegressionTable intercept="0"><NumericPredictor name="x" coefficient="1"/></RegressionTable>
      </RegressionModel>`,
    ),
  );
}

const bounded = `<DataField name="x" optype="continuous" dataType="double">
  <Interval closure="closedClosed" leftMargin="0" rightMargin="100"/><Value value="-999" property="missing"/><Value value="-1" property="invalid"/>
</DataField>`;

test('invalidValueTreatment: outside the Interval, or declared invalid, or not a number', () => {
  const returnInvalid = treated('<MiningField name="x"/>', bounded);
  const asMissing = treated('<MiningField name="x" invalidValueTreatment="asMissing" missingValueReplacement="50"/>', bounded);
  const asIs = treated('<MiningField name="x" invalidValueTreatment="asIs"/>', bounded);
  const asValue = treated('<MiningField name="x" invalidValueTreatment="asValue" invalidValueReplacement="7"/>', bounded);
  // raw      returnInvalid  asMissing(→50)  asIs      asValue(→7)
  const table: Array<[string | number, number | 'error', number, number | 'error', number]> = [
    [42, 42, 42, 42, 42],
    ['42.5', 42.5, 42.5, 42.5, 42.5],
    [150, 'error', 50, 150, 7],
    [-1, 'error', 50, -1, 7],
    ['abc', 'error', 50, 'error', 7],
  ];
  for (const [x, a, b, c, d] of table) {
    assert.is(one(returnInvalid, { x }, 'y'), a, `returnInvalid ${x}`);
    assert.is(one(asMissing, { x }, 'y'), b, `asMissing ${x}`);
    assert.is(one(asIs, { x }, 'y'), c, `asIs ${x}`);
    assert.is(one(asValue, { x }, 'y'), d, `asValue ${x}`);
  }
});

test('missing values: null, NaN and declared missing Values; replacement or returnInvalid', () => {
  const replaced = treated('<MiningField name="x" missingValueReplacement="3"/>', bounded);
  const required = treated('<MiningField name="x" missingValueTreatment="returnInvalid"/>', bounded);
  const plain = treated('<MiningField name="x"/>', bounded);
  for (const x of [null, Number.NaN, -999, '-999']) {
    assert.is(one(replaced, { x }, 'y'), 3, `replaced ${x}`);
    assert.is(one(required, { x }, 'y'), 'error', `required ${x}`);
    // no replacement: a missing numeric predictor makes the regression result missing
    assert.is(one(plain, { x }, 'y'), null, `plain ${x}`);
  }
});

test('outliers: asMissingValues and asExtremeValues against lowValue/highValue', () => {
  const extreme = treated('<MiningField name="x" outliers="asExtremeValues" lowValue="10" highValue="20"/>');
  const missing = treated('<MiningField name="x" outliers="asMissingValues" lowValue="10" highValue="20" missingValueReplacement="0"/>');
  for (const [x, e, m] of [[5, 10, 0], [15, 15, 15], [25, 20, 0]] as const) {
    assert.is(one(extreme, { x }, 'y'), e);
    assert.is(one(missing, { x }, 'y'), m);
  }
  assert.match(refusal(doc('<DataField name="x" optype="continuous" dataType="double"/>', `<RegressionModel functionName="regression"><MiningSchema><MiningField name="x" outliers="asExtremeValues"/></MiningSchema><RegressionTable intercept="0"/></RegressionModel>`)), /needs lowValue or highValue/);
});

test('categorical fields: the declared valid Values are the whole valid set; integers parse "2.0"', () => {
  const field = '<DataField name="x" optype="categorical" dataType="integer"><Value value="1"/><Value value="2"/></DataField>';
  const ev = treated('<MiningField name="x" invalidValueTreatment="asMissing" missingValueReplacement="1"/>', field);
  assert.equal([one(ev, { x: '2' }, 'y'), one(ev, { x: '2.0' }, 'y'), one(ev, { x: 3 }, 'y'), one(ev, { x: '2.5' }, 'y')], [2, 2, 1, 1]);
});

test('the top-level active fields are the inputs, in MiningSchema order; supplementary fields are not', () => {
  const ev = compile(
    doc(
      '<DataField name="b" optype="continuous" dataType="double"/><DataField name="a" optype="categorical" dataType="string"/><DataField name="s" optype="continuous" dataType="double"/><DataField name="y" optype="continuous" dataType="double"/>',
      `<RegressionModel functionName="regression"><MiningSchema><MiningField name="a"/><MiningField name="s" usageType="supplementary"/><MiningField name="b"/><MiningField name="y" usageType="target"/></MiningSchema><RegressionTable intercept="1"/></RegressionModel>`,
    ),
  );
  assert.equal(ev.inputs.map((i) => [i.name, i.dataType, i.optype]), [['a', 'string', 'categorical'], ['b', 'double', 'continuous']]);
  assert.match(refusal(doc('', `<RegressionModel functionName="regression"><MiningSchema><MiningField name="ghost"/></MiningSchema><RegressionTable intercept="0"/></RegressionModel>`)), /"ghost" is not in the DataDictionary/);
});

test.run();
