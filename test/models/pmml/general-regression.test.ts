/** GeneralRegressionModel (PMML 4.4 "General Regression"): PPMatrix parameters, links, multinomial logistic, Cox. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { close, compile, doc, numbers, one, refusal, score } from './helpers.ts';

const FIELDS = numbers('x', 'y', 't') + '<DataField name="c" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/></DataField>';
const PARAMS = `<ParameterList><Parameter name="p0"/><Parameter name="p1"/><Parameter name="p2"/></ParameterList>
  <FactorList><Predictor name="c"/></FactorList><CovariateList><Predictor name="x"/></CovariateList>
  <PPMatrix><PPCell value="b" predictorName="c" parameterName="p1"/><PPCell value="2" predictorName="x" parameterName="p2"/></PPMatrix>`;

function grm(attrs: string, extra = ''): ReturnType<typeof compile> {
  return compile(
    doc(
      FIELDS,
      `<GeneralRegressionModel functionName="regression" ${attrs}>
        <MiningSchema><MiningField name="x"/><MiningField name="c"/><MiningField name="t"/><MiningField name="y" usageType="target"/></MiningSchema>
        ${PARAMS}
        <ParamMatrix><PCell parameterName="p0" beta="1"/><PCell parameterName="p1" beta="2"/><PCell parameterName="p2" beta="0.5"/></ParamMatrix>
        ${extra}
      </GeneralRegressionModel>`,
    ),
  );
}

test('generalLinear: Σ β · Π(PPCell) with factor indicators and covariate powers', () => {
  const ev = grm('modelType="generalLinear"');
  // 1 + 2·[c=b] + 0.5·x²
  assert.is(one(ev, { x: 2, c: 'b' }, 'y'), 5);
  assert.is(one(ev, { x: 2, c: 'a' }, 'y'), 3);
  assert.is(one(ev, { x: null, c: 'a' }, 'y'), null);
});

test('generalizedLinear applies the inverse link after the offset', () => {
  close(one(grm('modelType="generalizedLinear" linkFunction="log" offsetValue="0.5"'), { x: 2, c: 'a' }, 'y'), Math.exp(3.5));
  close(one(grm('modelType="generalizedLinear" linkFunction="power" linkParameter="-1"'), { x: 2, c: 'a' }, 'y'), 1 / 3);
  close(one(grm('modelType="generalizedLinear" linkFunction="logit"'), { x: 0, c: 'a' }, 'y'), 1 / (1 + Math.exp(-1)));
});

test('CoxRegression: baseline cumulative hazard at t times exp(β·(x − referencePoint))', () => {
  const ev = compile(
    doc(
      FIELDS,
      `<GeneralRegressionModel functionName="regression" modelType="CoxRegression" endTimeVariable="t">
        <MiningSchema><MiningField name="x"/><MiningField name="t"/><MiningField name="y" usageType="predicted"/></MiningSchema>
        <ParameterList><Parameter name="p0" referencePoint="1"/></ParameterList>
        <CovariateList><Predictor name="x"/></CovariateList>
        <PPMatrix><PPCell value="1" predictorName="x" parameterName="p0"/></PPMatrix>
        <ParamMatrix><PCell parameterName="p0" beta="0.5"/></ParamMatrix>
        <BaseCumHazardTables maxTime="10"><BaselineCell time="2" cumHazard="0.1"/><BaselineCell time="5" cumHazard="0.3"/></BaseCumHazardTables>
      </GeneralRegressionModel>`,
    ),
  );
  close(one(ev, { x: 3, t: 6 }, 'y'), 0.3 * Math.exp(1));
  assert.is(one(ev, { x: 3, t: 1 }, 'y'), 0);
  assert.is(one(ev, { x: 3, t: 11 }, 'y'), null);
});

test('multinomialLogistic: softmax with the reference category at zero', () => {
  const ev = compile(
    doc(
      numbers('x') + '<DataField name="s" optype="categorical" dataType="string"><Value value="u"/><Value value="v"/></DataField>',
      `<GeneralRegressionModel functionName="classification" modelType="multinomialLogistic">
        <MiningSchema><MiningField name="x"/><MiningField name="s" usageType="target"/></MiningSchema>
        <Output><OutputField name="pu" feature="probability" value="u"/></Output>
        <ParameterList><Parameter name="p0"/><Parameter name="p1"/></ParameterList>
        <CovariateList><Predictor name="x"/></CovariateList>
        <PPMatrix><PPCell value="1" predictorName="x" parameterName="p1"/></PPMatrix>
        <ParamMatrix><PCell targetCategory="u" parameterName="p0" beta="1"/><PCell targetCategory="u" parameterName="p1" beta="2"/></ParamMatrix>
      </GeneralRegressionModel>`,
    ),
  );
  const [s, pu] = score(ev, { x: 1 }, 's', 'pu') as [string, number];
  assert.is(s, 'u');
  close(pu, 1 / (1 + Math.exp(-3)));
});

test('contrast matrices are refused by name', () => {
  const xml = doc(
    FIELDS,
    `<GeneralRegressionModel functionName="regression" modelType="generalLinear">
      <MiningSchema><MiningField name="c"/><MiningField name="y" usageType="target"/></MiningSchema>
      <FactorList><Predictor name="c" contrastMatrixType="helmert"/></FactorList>
    </GeneralRegressionModel>`,
  );
  assert.match(refusal(xml), /contrast matrices/);
});

test.run();
