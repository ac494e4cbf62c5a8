/** NeuralNetwork (PMML 4.4 "Neural Network"): layers, activations, softmax, NeuralOutputs both ways. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expAccurate } from '../../../src/models/pmml/math.ts';
import { close, compile, doc, numbers, one, score } from './helpers.ts';

const logistic = (z: number): number => 1 / (1 + expAccurate(-z));

test('regression: a hidden logistic layer, an identity output, NormContinuous undone on the target', () => {
  const ev = compile(
    doc(
      numbers('x', 'y'),
      `<NeuralNetwork functionName="regression" activationFunction="logistic">
        <MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema>
        <NeuralInputs><NeuralInput id="i"><DerivedField optype="continuous" dataType="double"><FieldRef field="x"/></DerivedField></NeuralInput></NeuralInputs>
        <NeuralLayer><Neuron id="h1" bias="0.5"><Con from="i" weight="2"/></Neuron><Neuron id="h2" bias="-1"><Con from="i" weight="1"/></Neuron></NeuralLayer>
        <NeuralLayer activationFunction="identity"><Neuron id="o" bias="0.1"><Con from="h1" weight="1"/><Con from="h2" weight="-1"/></Neuron></NeuralLayer>
        <NeuralOutputs><NeuralOutput outputNeuron="o"><DerivedField optype="continuous" dataType="double">
          <NormContinuous field="y"><LinearNorm orig="0" norm="0"/><LinearNorm orig="10" norm="1"/></NormContinuous>
        </DerivedField></NeuralOutput></NeuralOutputs>
      </NeuralNetwork>`,
    ),
  );
  const out = 0.1 + logistic(0.5 + 2 * 1.5) - logistic(-1 + 1.5);
  close(one(ev, { x: 1.5 }, 'y'), out * 10);
  assert.is(one(ev, { x: null }, 'y'), null);
});

test('classification: softmax output layer, one NormDiscrete neuron per category', () => {
  const ev = compile(
    doc(
      numbers('x') + '<DataField name="s" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/></DataField>',
      `<NeuralNetwork functionName="classification" activationFunction="tanh">
        <MiningSchema><MiningField name="x"/><MiningField name="s" usageType="target"/></MiningSchema>
        <Output><OutputField name="pb" feature="probability" value="b"/></Output>
        <NeuralInputs><NeuralInput id="i"><DerivedField optype="continuous" dataType="double"><FieldRef field="x"/></DerivedField></NeuralInput></NeuralInputs>
        <NeuralLayer activationFunction="identity" normalizationMethod="softmax">
          <Neuron id="a" bias="0"><Con from="i" weight="1"/></Neuron><Neuron id="b" bias="1"><Con from="i" weight="-1"/></Neuron>
        </NeuralLayer>
        <NeuralOutputs>
          <NeuralOutput outputNeuron="a"><DerivedField optype="categorical" dataType="string"><NormDiscrete field="s" value="a"/></DerivedField></NeuralOutput>
          <NeuralOutput outputNeuron="b"><DerivedField optype="categorical" dataType="string"><NormDiscrete field="s" value="b"/></DerivedField></NeuralOutput>
        </NeuralOutputs>
      </NeuralNetwork>`,
    ),
  );
  const [s, pb] = score(ev, { x: 2 }, 's', 'pb') as [string, number];
  assert.is(s, 'a');
  close(pb, Math.exp(-1) / (Math.exp(2) + Math.exp(-1)));
});

test('expAccurate rounds e^x correctly where Math.exp is an ulp off (values from 60-digit decimal arithmetic)', () => {
  const table: Array<[number, number]> = [
    [18.42901260444325, 100836666.70411234],
    [26.051881414344535, 206152374499.92612],
    [-4.72536655578363, 0.008867462894315335],
    [5.315902457053898, 203.54812370610225],
    [0, 1],
  ];
  for (const [x, want] of table) assert.is(expAccurate(x), want);
  assert.is(expAccurate(1000), Infinity);
  assert.is(expAccurate(-1000), 0);
});

test.run();
