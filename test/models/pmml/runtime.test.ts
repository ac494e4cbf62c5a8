/** The PMML Runtime: manifest mapping, which value a row returns, NaN as missing, refusals that say what to fix. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AppError } from '../../../src/errors.ts';
import type { ModelManifest } from '../../../src/models/manifest.ts';
import { compilePmml } from '../../../src/models/pmml/document.ts';
import { pmmlInfer } from '../../../src/models/pmml/infer.ts';
import { loadPmml } from '../../../src/models/pmml/runtime.ts';
import { singleFile, type LoadedModel } from '../../../src/models/runtime.ts';
import { doc } from './helpers.ts';

const LOGISTIC = doc(
  `<DataField name="temp" optype="continuous" dataType="double"/><DataField name="vib" optype="continuous" dataType="double">
     <Interval closure="closedClosed" leftMargin="0" rightMargin="100"/></DataField>
   <DataField name="fault" optype="categorical" dataType="string"><Value value="0"/><Value value="1"/></DataField>`,
  `<RegressionModel functionName="classification" normalizationMethod="logit">
    <MiningSchema><MiningField name="temp" missingValueReplacement="20"/><MiningField name="vib"/><MiningField name="fault" usageType="target"/></MiningSchema>
    <Output><OutputField name="p1" feature="probability" value="1" dataType="double"/><OutputField name="p0" feature="probability" value="0" dataType="double"/></Output>
    <RegressionTable targetCategory="1" intercept="-3"><NumericPredictor name="temp" coefficient="0.1"/><NumericPredictor name="vib" coefficient="0.5"/></RegressionTable>
    <RegressionTable targetCategory="0" intercept="0"/>
  </RegressionModel>`,
);

function manifest(features: string[], output: Partial<ModelManifest['output']> = {}): ModelManifest {
  return { name: 'm', version: 1, format: 'pmml', inputs: { tensor: 'unused', features }, output: { tensor: 'p1', kind: 'probability', column: 0, ...output } };
}

const load = (xml: string, m: ModelManifest): Promise<LoadedModel> => loadPmml(singleFile('model.pmml', new TextEncoder().encode(xml)), m);

async function refusal(xml: string, m: ModelManifest): Promise<string> {
  try {
    await load(xml, m);
  } catch (err) {
    assert.instance(err, AppError);
    assert.is((err as AppError).status, 422);
    return (err as Error).message;
  }
  assert.unreachable('accepted');
  return '';
}

const sigmoid = (y: number): number => 1 / (1 + Math.exp(-y));

test('features map to active fields by name, in any column order; one value per row', async () => {
  const model = await load(LOGISTIC, manifest(['vib', 'temp']));
  assert.equal(model.inputs, [{ name: 'temp', shape: [-1], type: 'float64' }, { name: 'vib', shape: [-1], type: 'float64' }]);
  assert.equal(model.outputs.map((o) => o.name), ['fault', 'p1', 'p0']);
  const out = await model.score(new Float32Array([4, 30, 2, 10]), 2); // rows: (vib 4, temp 30), (vib 2, temp 10)
  assert.ok(Math.abs(out[0]! - sigmoid(-3 + 3 + 2)) < 1e-6);
  assert.ok(Math.abs(out[1]! - sigmoid(-3 + 1 + 1)) < 1e-6);
  await model.dispose();
});

test('NaN is a missing value (MiningSchema replacement applies); a row the model rejects scores NaN', async () => {
  const model = await load(LOGISTIC, manifest(['temp', 'vib']));
  const out = await model.score(new Float32Array([Number.NaN, 2, 30, 500]), 2);
  assert.ok(Math.abs(out[0]! - sigmoid(-3 + 2 + 1)) < 1e-6); // temp replaced by 20
  assert.ok(Number.isNaN(out[1]!)); // vib 500 is outside its Interval: invalidValueTreatment="returnInvalid"
});

test('the output: an OutputField, or the target as P(last declared category), its label, or P(labels[column])', async () => {
  const row = new Float32Array([30, 4]);
  const p1 = sigmoid(2);
  const byTarget = await load(LOGISTIC, manifest(['temp', 'vib'], { tensor: 'fault' }));
  assert.ok(Math.abs((await byTarget.score(row, 1))[0]! - p1) < 1e-6);
  const label = await load(LOGISTIC, manifest(['temp', 'vib'], { tensor: 'fault', kind: 'value' }));
  assert.is((await label.score(row, 1))[0], 1);
  const negative = await load(LOGISTIC, manifest(['temp', 'vib'], { tensor: 'fault', labels: ['1', '0'], column: 1 }));
  assert.ok(Math.abs((await negative.score(row, 1))[0]! - (1 - p1)) < 1e-6);
  const p0 = await load(LOGISTIC, manifest(['temp', 'vib'], { tensor: 'p0' }));
  assert.ok(Math.abs((await p0.score(row, 1))[0]! - (1 - p1)) < 1e-6);
});

test('a manifest that does not fit the model is refused, naming what the model has', async () => {
  assert.match(await refusal(LOGISTIC, manifest(['temp', 'vib', 'rpm'])), /inputs.features "rpm" is not an active field of the PMML MiningSchema \(active fields: temp, vib\)/);
  assert.match(await refusal(LOGISTIC, manifest(['temp'])), /active field "vib" must be listed in inputs.features/);
  assert.match(await refusal(LOGISTIC, manifest(['temp', 'vib'], { tensor: 'nope' })), /output.tensor "nope" is not a result field of the PMML model \(result fields: fault, p1, p0\)/);
});

test('garbage, DOCTYPEs and unsupported models are refused as MODEL_INVALID with the reason', async () => {
  const m = manifest(['temp', 'vib']);
  assert.match(await refusal('not xml at all', m), /not well-formed XML/);
  assert.match(await refusal(`<!DOCTYPE x [<!ENTITY a "b">]>${LOGISTIC.replace('<?xml version="1.0"?>', '')}`, m), /must not contain a DOCTYPE/);
  assert.match(await refusal(LOGISTIC.replace(/<RegressionModel[\s\S]*<\/RegressionModel>/, '<BayesianNetworkModel functionName="classification"/>'), m), /BayesianNetworkModel is not supported yet/);
});

test('pmmlInfer (for the Open Inference Protocol): one typed tensor per field in, every result field out', async () => {
  const tree = doc(
    `<DataField name="color" optype="categorical" dataType="string"/><DataField name="size" optype="continuous" dataType="double"/>
     <DataField name="kind" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/></DataField>`,
    `<TreeModel functionName="classification"><MiningSchema><MiningField name="color"/><MiningField name="size"/><MiningField name="kind" usageType="target"/></MiningSchema>
      <Output><OutputField name="pb" feature="probability" value="b" dataType="double"/></Output>
      <Node score="a"><True/><Node score="b"><SimplePredicate field="color" operator="equal" value="red"/>
        <ScoreDistribution value="a" recordCount="1"/><ScoreDistribution value="b" recordCount="3"/></Node>
      <Node score="a"><SimplePredicate field="size" operator="lessThan" value="100"/></Node></Node></TreeModel>`,
  );
  const model = await load(tree, { ...manifest(['color', 'size'], { tensor: 'pb' }) });
  assert.equal(model.inputs.map((i) => i.type), ['string', 'float64']);
  const infer = pmmlInfer(compilePmml(new TextEncoder().encode(tree)));
  const out = await infer([
    { name: 'color', type: 'string', shape: [2], data: ['red', 'blue'] },
    { name: 'size', type: 'float64', shape: [2], data: Float64Array.of(1, 2) },
  ]);
  assert.equal(out.map((t) => [t.name, t.type, Array.from(t.data as ArrayLike<unknown>)]), [['kind', 'string', ['b', 'a']], ['pb', 'float64', [0.75, 0]]]);
  // no child holds for a big blue one: a missing prediction is an empty label and NaN, not an error
  const none = await infer([{ name: 'color', type: 'string', shape: [1], data: ['blue'] }, { name: 'size', type: 'float64', shape: [1], data: Float64Array.of(500) }], ['kind', 'pb']);
  assert.equal(none.map((t) => Array.from(t.data as ArrayLike<unknown>)), [[''], [NaN]]);
  try {
    await infer([{ name: 'color', type: 'string', shape: [1], data: ['red'] }]);
    assert.unreachable('accepted');
  } catch (err) {
    assert.is((err as AppError).code, 'BAD_REQUEST');
    assert.match((err as Error).message, /missing input "size"/);
  }
});

test('scores many batches with one frame: results do not leak between rows or batches', async () => {
  const model = await load(LOGISTIC, manifest(['temp', 'vib']));
  const rows = 1000;
  const batch = new Float32Array(rows * 2);
  for (let r = 0; r < rows; r++) batch.set([r % 50, (r * 7) % 100], r * 2);
  const all = await model.score(batch, rows);
  for (const r of [0, 17, 999]) {
    const single = await model.score(batch.slice(r * 2, r * 2 + 2), 1);
    assert.is(single[0], all[r]);
  }
});

test('the model types of issue 5 serve through the runtime: a cluster position or its distance per row', async () => {
  const kmeans = doc(
    '<DataField name="x" optype="continuous" dataType="double"/>',
    `<ClusteringModel functionName="clustering" modelClass="centerBased" numberOfClusters="2">
      <MiningSchema><MiningField name="x"/></MiningSchema>
      <Output><OutputField name="cluster" feature="clusterId"/><OutputField name="distance" feature="affinity"/></Output>
      <ComparisonMeasure kind="distance"><squaredEuclidean/></ComparisonMeasure><ClusteringField field="x"/>
      <Cluster id="near"><Array n="1" type="real">0</Array></Cluster><Cluster id="far"><Array n="1" type="real">10</Array></Cluster>
    </ClusteringModel>`,
  );
  const clusters = await load(kmeans, manifest(['x'], { tensor: 'cluster', kind: 'value' }));
  assert.equal([...(await clusters.score(new Float32Array([1, 9, Number.NaN]), 3))], [1, 2, Number.NaN]);
  const distances = await load(kmeans, manifest(['x'], { tensor: 'distance', kind: 'value' }));
  assert.equal([...(await distances.score(new Float32Array([1, 9]), 2))], [1, 1]);
});

test.run();
