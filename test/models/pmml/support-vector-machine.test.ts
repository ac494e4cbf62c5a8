/** SupportVectorMachineModel (PMML 4.4 "Support Vector Machine"): kernels, pairwise votes, one-against-all, regression. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { close, compile, doc, numbers, one, score } from './helpers.ts';

const CLASS = '<DataField name="k" optype="categorical" dataType="string"><Value value="no"/><Value value="yes"/></DataField>';
const VECTORS = `<VectorDictionary><VectorFields><FieldRef field="x1"/><FieldRef field="x2"/></VectorFields>
  <VectorInstance id="v0"><REAL-SparseArray n="2"/></VectorInstance>
  <VectorInstance id="v1"><REAL-SparseArray n="2"><Indices>2</Indices><REAL-Entries>1</REAL-Entries></REAL-SparseArray></VectorInstance>
  <VectorInstance id="v2"><Array n="2" type="real">1 0</Array></VectorInstance>
  <VectorInstance id="v3"><Array n="2" type="real">1 1</Array></VectorInstance>
</VectorDictionary>`;
const XOR = `<SupportVectors><SupportVector vectorId="v0"/><SupportVector vectorId="v1"/><SupportVector vectorId="v2"/><SupportVector vectorId="v3"/></SupportVectors>
  <Coefficients absoluteValue="0"><Coefficient value="-1"/><Coefficient value="1"/><Coefficient value="1"/><Coefficient value="-1"/></Coefficients>`;

test('XOR with an RBF kernel: a pairwise machine votes targetCategory when f < 0', () => {
  const ev = compile(
    doc(
      numbers('x1', 'x2') + CLASS,
      `<SupportVectorMachineModel functionName="classification">
        <MiningSchema><MiningField name="x1"/><MiningField name="x2"/><MiningField name="k" usageType="target"/></MiningSchema>
        <RadialBasisKernelType gamma="1"/>${VECTORS}
        <SupportVectorMachine targetCategory="no" alternateTargetCategory="yes">${XOR}</SupportVectorMachine>
      </SupportVectorMachineModel>`,
    ),
  );
  const cases: Array<[number, number, string]> = [[0, 0, 'no'], [0, 1, 'yes'], [1, 0, 'yes'], [1, 1, 'no']];
  for (const [x1, x2, want] of cases) assert.is(one(ev, { x1, x2 }, 'k'), want);
  assert.is(one(ev, { x1: null, x2: 1 }, 'k'), null);
});

test('regression: Σ α·K(x, sv) + b with a polynomial kernel', () => {
  const ev = compile(
    doc(
      numbers('x1', 'x2', 'y'),
      `<SupportVectorMachineModel functionName="regression">
        <MiningSchema><MiningField name="x1"/><MiningField name="x2"/><MiningField name="y" usageType="target"/></MiningSchema>
        <PolynomialKernelType gamma="2" coef0="1" degree="2"/>${VECTORS}
        <SupportVectorMachine><SupportVectors><SupportVector vectorId="v3"/></SupportVectors>
          <Coefficients absoluteValue="0.5"><Coefficient value="3"/></Coefficients></SupportVectorMachine>
      </SupportVectorMachineModel>`,
    ),
  );
  // 3·(2·(1·2 + 1·3) + 1)² + 0.5
  close(one(ev, { x1: 2, x2: 3 }, 'y'), 3 * 121 + 0.5);
});

test('OneAgainstAll: the machine with the lowest value wins; Coefficients representation is linear', () => {
  const ev = compile(
    doc(
      numbers('x1', 'x2') + CLASS,
      `<SupportVectorMachineModel functionName="classification" svmRepresentation="Coefficients" classificationMethod="OneAgainstAll">
        <MiningSchema><MiningField name="x1"/><MiningField name="x2"/><MiningField name="k" usageType="target"/></MiningSchema>
        <LinearKernelType/>${VECTORS}
        <SupportVectorMachine targetCategory="no"><Coefficients absoluteValue="0"><Coefficient value="1"/><Coefficient value="0"/></Coefficients></SupportVectorMachine>
        <SupportVectorMachine targetCategory="yes"><Coefficients absoluteValue="0"><Coefficient value="0"/><Coefficient value="1"/></Coefficients></SupportVectorMachine>
      </SupportVectorMachineModel>`,
    ),
  );
  assert.equal(score(ev, { x1: 1, x2: 2 }, 'k'), ['no']);
  assert.equal(score(ev, { x1: 2, x2: 1 }, 'k'), ['yes']);
});

test('CategoricalPredictor vector fields are indicator columns', () => {
  const ev = compile(
    doc(
      numbers('x1', 'y') + '<DataField name="c" optype="categorical" dataType="string"/>',
      `<SupportVectorMachineModel functionName="regression">
        <MiningSchema><MiningField name="x1"/><MiningField name="c"/><MiningField name="y" usageType="target"/></MiningSchema>
        <LinearKernelType/>
        <VectorDictionary><VectorFields><FieldRef field="x1"/><CategoricalPredictor name="c" value="red" coefficient="1"/></VectorFields>
          <VectorInstance id="v"><Array n="2" type="real">2 3</Array></VectorInstance></VectorDictionary>
        <SupportVectorMachine><SupportVectors><SupportVector vectorId="v"/></SupportVectors>
          <Coefficients absoluteValue="1"><Coefficient value="0.5"/></Coefficients></SupportVectorMachine>
      </SupportVectorMachineModel>`,
    ),
  );
  close(one(ev, { x1: 1, c: 'red' }, 'y') as number, 0.5 * (2 + 3) + 1);
  close(one(ev, { x1: 1, c: 'blue' }, 'y') as number, 0.5 * 2 + 1);
});

test.run();
