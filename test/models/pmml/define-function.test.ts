/** DefineFunction (PMML 4.4 "DefineFunction") and the string built-ins: formatNumber, matches, replace, stringLength. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatNumber } from '../../../src/models/pmml/functions.ts';
import { compile, doc, numbers, one, refusal } from './helpers.ts';

const TEXT = '<DataField name="s" optype="categorical" dataType="string"/>';

function derive(transformations: string, expr: string, fields = numbers('x') + TEXT): ReturnType<typeof compile> {
  return compile(
    doc(
      fields + numbers('y'),
      `<RegressionModel functionName="regression">
        <MiningSchema><MiningField name="x"/><MiningField name="s"/><MiningField name="y" usageType="target"/></MiningSchema>
        <Output><OutputField name="out" feature="transformedValue">${expr}</OutputField></Output>
        <RegressionTable intercept="0"/>
      </RegressionModel>`,
      `<TransformationDictionary>${transformations}</TransformationDictionary>`,
    ),
  );
}

const FUNCTIONS = `
  <DefineFunction name="affine" optype="continuous" dataType="double">
    <ParameterField name="v"/><ParameterField name="k"/>
    <Apply function="+"><Apply function="*"><FieldRef field="v"/><FieldRef field="k"/></Apply><Constant>1</Constant></Apply>
  </DefineFunction>
  <DefineFunction name="twice" optype="continuous" dataType="double">
    <ParameterField name="v"/>
    <Apply function="affine"><FieldRef field="v"/><Constant>2</Constant></Apply>
  </DefineFunction>`;

test('a user function binds its parameters per call, and may call another one', () => {
  assert.is(one(derive(FUNCTIONS, '<Apply function="affine"><FieldRef field="x"/><Constant>3</Constant></Apply>'), { x: 2 }, 'out'), 7);
  assert.is(one(derive(FUNCTIONS, '<Apply function="twice"><Apply function="twice"><FieldRef field="x"/></Apply></Apply>'), { x: 2 }, 'out'), 11);
});

test('a function body sees only its parameters; wrong arity is refused at load', () => {
  const leaky = '<DefineFunction name="f"><ParameterField name="v"/><FieldRef field="x"/></DefineFunction>';
  assert.match(refusal(doc(numbers('x', 'y'), `<RegressionModel functionName="regression"><MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema>
    <Output><OutputField name="o" feature="transformedValue"><Apply function="f"><FieldRef field="x"/></Apply></OutputField></Output><RegressionTable intercept="0"/></RegressionModel>`,
    `<TransformationDictionary>${leaky}</TransformationDictionary>`)), /field "x" is not defined/);
  assert.match(refusal(doc(numbers('x', 'y'), `<RegressionModel functionName="regression"><MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema>
    <Output><OutputField name="o" feature="transformedValue"><Apply function="affine"><FieldRef field="x"/></Apply></OutputField></Output><RegressionTable intercept="0"/></RegressionModel>`,
    `<TransformationDictionary>${FUNCTIONS}</TransformationDictionary>`)), /takes 2 arguments/);
});

test('string built-ins: matches, replace, stringLength, formatNumber', () => {
  const s = (expr: string, value: string): unknown => one(derive('', expr), { s: value }, 'out');
  assert.is(s('<Apply function="matches"><FieldRef field="s"/><Constant>^a.c$</Constant></Apply>', 'abc'), true);
  assert.is(s('<Apply function="replace"><FieldRef field="s"/><Constant>(\\d+)</Constant><Constant>#$1</Constant></Apply>', 'a1b22'), 'a#1b#22');
  assert.is(s('<Apply function="stringLength"><FieldRef field="s"/></Apply>', 'abcd'), 4);
  const table: Array<[number, string, string]> = [
    [3.14159, '%.2f', '3.14'],
    [42, '%5d', '   42'],
    [-42, '%05d', '-0042'],
    [1234567, '%,d', '1,234,567'],
    [0.000123, '%e', '1.230000e-04'],
  ];
  for (const [x, pattern, want] of table) assert.is(formatNumber(x, pattern), want);
});

test.run();
