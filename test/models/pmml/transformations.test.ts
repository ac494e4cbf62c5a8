/** DerivedFields and expressions (PMML 4.4 "Transformations"): each one against a hand-computed table. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { close, compile, doc, numbers, one, refusal } from './helpers.ts';

/** A regression whose prediction is exactly the derived field `d` (y = d), so `y` shows d's value. */
function derived(expr: string, dataFields = numbers('x'), extra = ''): ReturnType<typeof compile> {
  const active = [...dataFields.matchAll(/name="([^"]+)"/g)].map((m) => `<MiningField name="${m[1]}"/>`).join('');
  return compile(
    doc(
      dataFields + numbers('y'),
      `<RegressionModel functionName="regression">
        <MiningSchema>${active}<MiningField name="y" usageType="target"/></MiningSchema>
        <Output><OutputField name="d" feature="transformedValue"><FieldRef field="d"/></OutputField></Output>
        <LocalTransformations>${extra}<DerivedField name="d" optype="continuous" dataType="double">${expr}</DerivedField></LocalTransformations>
        <RegressionTable intercept="0"/>
      </RegressionModel>`,
    ),
  );
}

test('NormContinuous: piecewise-linear inside, the three outlier treatments outside, mapMissingTo', () => {
  const points = '<LinearNorm orig="0" norm="0"/><LinearNorm orig="10" norm="1"/><LinearNorm orig="20" norm="3"/>';
  const asIs = derived(`<NormContinuous field="x" mapMissingTo="-1">${points}</NormContinuous>`);
  const extreme = derived(`<NormContinuous field="x" outliers="asExtremeValues">${points}</NormContinuous>`);
  const missing = derived(`<NormContinuous field="x" outliers="asMissingValues">${points}</NormContinuous>`);
  // x      asIs   asExtremeValues  asMissingValues
  const table: Array<[number | null, number, number, number | null]> = [
    [5, 0.5, 0.5, 0.5],
    [15, 2, 2, 2],
    [20, 3, 3, 3],
    [-10, -1, 0, null], // below: extrapolates the first segment
    [25, 4, 3, null], // above: extrapolates the last segment
    [null, -1, -1, null], // mapMissingTo only on the first
  ];
  for (const [x, a, e, m] of table) {
    assert.is(one(asIs, { x }, 'd'), x === null ? -1 : a, `asIs ${x}`);
    if (x !== null) assert.is(one(extreme, { x }, 'd'), e, `extreme ${x}`);
    assert.is(one(missing, { x }, 'd'), m, `missing ${x}`);
  }
});

test('NormDiscrete is an indicator; Discretize picks the first bin holding the value', () => {
  const cat = '<DataField name="c" optype="categorical" dataType="string"/>';
  const ind = derived('<NormDiscrete field="c" value="red" mapMissingTo="0.5"/>', cat);
  assert.equal([one(ind, { c: 'red' }, 'd'), one(ind, { c: 'blue' }, 'd'), one(ind, { c: null }, 'd')], [1, 0, 0.5]);
  const bins = derived(`<Discretize field="x" dataType="double" defaultValue="-1" mapMissingTo="-2">
      <DiscretizeBin binValue="1"><Interval closure="openClosed" rightMargin="0"/></DiscretizeBin>
      <DiscretizeBin binValue="2"><Interval closure="openOpen" leftMargin="0" rightMargin="10"/></DiscretizeBin>
      <DiscretizeBin binValue="3"><Interval closure="closedClosed" leftMargin="20" rightMargin="30"/></DiscretizeBin>
    </Discretize>`);
  const cases: Array<[number | null, number]> = [[-5, 1], [0, 1], [5, 2], [10, -1], [20, 3], [null, -2]];
  for (const [x, want] of cases) assert.is(one(bins, { x }, 'd'), want, String(x));
});

test('MapValues looks up an InlineTable by one or more columns, with default and missing values', () => {
  const fields = '<DataField name="a" optype="categorical" dataType="string"/><DataField name="b" optype="categorical" dataType="integer"/>';
  const ev = derived(
    `<MapValues outputColumn="out" dataType="double" defaultValue="0" mapMissingTo="-1">
      <FieldColumnPair field="a" column="A"/><FieldColumnPair field="b" column="B"/>
      <InlineTable><row><A>x</A><B>1</B><out>10</out></row><row><A>x</A><B>2</B><out>20</out></row><row><A>y</A><B>1</B><out>30</out></row></InlineTable>
    </MapValues>`,
    fields,
  );
  assert.is(one(ev, { a: 'x', b: '2' }, 'd'), 20);
  assert.is(one(ev, { a: 'y', b: 1 }, 'd'), 30);
  assert.is(one(ev, { a: 'y', b: 2 }, 'd'), 0);
  assert.is(one(ev, { a: null, b: 2 }, 'd'), -1);
});

test('Apply: arithmetic and math, comparisons, if (lazy), missing handling attributes', () => {
  const apply = (fn: string, args: string, attrs = ''): ReturnType<typeof compile> => derived(`<Apply function="${fn}" ${attrs}>${args}</Apply>`, numbers('x', 'z'));
  const xz = '<FieldRef field="x"/><FieldRef field="z"/>';
  const table: Array<[string, number]> = [['+', 5], ['-', 1], ['*', 6], ['/', 1.5], ['pow', 9], ['min', 2], ['max', 3], ['sum', 5], ['avg', 2.5], ['product', 6], ['threshold', 1], ['modulo', 1], ['hypot', Math.hypot(3, 2)]];
  for (const [fn, want] of table) close(one(apply(fn, xz), { x: 3, z: 2 }, 'd'), want);
  for (const [fn, want] of [['ln', Math.log(3)], ['exp', Math.exp(3)], ['sqrt', Math.sqrt(3)], ['log10', Math.log10(3)], ['abs', 3], ['floor', 3], ['stdNormalCDF', 0.9986501019683699]] as const) {
    close(one(apply(fn, '<FieldRef field="x"/>'), { x: 3 }, 'd'), want);
  }
  // if: only the chosen branch runs, so the division by zero in the other branch is harmless
  const guarded = apply('if', '<Apply function="greaterThan"><FieldRef field="z"/><Constant>0</Constant></Apply><Apply function="/"><FieldRef field="x"/><FieldRef field="z"/></Apply><Constant>0</Constant>');
  assert.is(one(guarded, { x: 3, z: 0 }, 'd'), 0);
  assert.is(one(guarded, { x: 3, z: 2 }, 'd'), 1.5);
  // a missing argument makes the result missing, unless mapMissingTo says otherwise; defaultValue fills a missing result
  assert.is(one(apply('+', xz), { x: 3, z: null }, 'd'), null);
  assert.is(one(apply('+', xz, 'mapMissingTo="7"'), { x: 3, z: null }, 'd'), 7);
  assert.is(one(apply('if', '<Apply function="isMissing"><FieldRef field="z"/></Apply><FieldRef field="x"/><FieldRef field="z"/>'), { x: 3, z: null }, 'd'), 3);
  // log of a negative is invalid: the row fails, unless invalidValueTreatment="asMissing" (then defaultValue applies)
  assert.is(one(apply('ln', '<FieldRef field="x"/>'), { x: -1 }, 'd'), 'error');
  assert.is(one(apply('ln', '<FieldRef field="x"/>', 'invalidValueTreatment="asMissing" defaultValue="42"'), { x: -1 }, 'd'), 42);
});

test('DerivedField dataType casts the value (float rounds to float32), fields may refer to later fields', () => {
  const ev = derived('<FieldRef field="f"/>', numbers('x'), '<DerivedField name="f" optype="continuous" dataType="float"><FieldRef field="x"/></DerivedField>');
  assert.is(one(ev, { x: 0.1 }, 'd'), Math.fround(0.1));
  const forward = compile(
    doc(numbers('x', 'y'), `<RegressionModel functionName="regression"><MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema>
      <LocalTransformations><DerivedField name="first" dataType="double" optype="continuous"><Apply function="*"><FieldRef field="later"/><Constant>2</Constant></Apply></DerivedField>
      <DerivedField name="later" dataType="double" optype="continuous"><Apply function="+"><FieldRef field="x"/><Constant>1</Constant></Apply></DerivedField></LocalTransformations>
      <RegressionTable intercept="0"><NumericPredictor name="first" coefficient="1"/></RegressionTable></RegressionModel>`),
  );
  assert.is(one(forward, { x: 4 }, 'y'), 10);
  assert.match(refusal(doc(numbers('x', 'y'), `<RegressionModel functionName="regression"><MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema>
    <LocalTransformations><DerivedField name="a" dataType="double" optype="continuous"><FieldRef field="b"/></DerivedField><DerivedField name="b" dataType="double" optype="continuous"><FieldRef field="a"/></DerivedField></LocalTransformations>
    <RegressionTable intercept="0"><NumericPredictor name="a" coefficient="1"/></RegressionTable></RegressionModel>`)), /defined in terms of itself/);
});

test('unknown fields, functions and expressions are refused at load, naming them', () => {
  const model = (expr: string): string =>
    doc(numbers('x', 'y'), `<RegressionModel functionName="regression"><MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema>
      <LocalTransformations><DerivedField name="d" dataType="double" optype="continuous">${expr}</DerivedField></LocalTransformations><RegressionTable intercept="0"/></RegressionModel>`);
  assert.match(refusal(model('<FieldRef field="nope"/>')), /field "nope" is not defined/);
  assert.match(refusal(model('<Apply function="myUdf"><FieldRef field="x"/></Apply>')), /function "myUdf" is not supported yet/);
  assert.match(refusal(model('<Lag field="x"/>')), /<Lag>.*not supported yet/);
  assert.match(refusal(model('<Apply function="pow"><FieldRef field="x"/></Apply>')), /does not take 1 arguments/);
});

test.run();
