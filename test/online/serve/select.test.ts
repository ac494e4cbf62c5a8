/** Which features feed the learner, and where the target label is read. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fieldOf, inputFeatures, targetFeature } from '../../../src/online/serve/select.ts';

const fields = { temp: ['mean', 'last'], temp_x: ['max'], fault: ['max', 'last'] };
const names = ['temp_mean_30s', 'temp_last_30s', 'temp_x_max_30s', 'fault_max_30s', 'fault_last_30s', 'temp_mean_5m'];

test('a feature belongs to the field its aggregate names, even when field names share a prefix', () => {
  assert.is(fieldOf('temp_x_max_30s', fields), 'temp_x');
  assert.is(fieldOf('temp_mean_5m', fields), 'temp');
});

test('default all features but the target field; selectors by field, field_aggregate or name', () => {
  assert.equal(inputFeatures(names, fields, { target: 'fault' }), ['temp_mean_30s', 'temp_last_30s', 'temp_x_max_30s', 'temp_mean_5m']);
  assert.equal(inputFeatures(names, fields, { features: ['temp'] }), ['temp_mean_30s', 'temp_last_30s', 'temp_mean_5m']);
  assert.equal(inputFeatures(names, fields, { features: ['temp_mean', 'fault_last_30s'] }), ['temp_mean_30s', 'fault_last_30s', 'temp_mean_5m']);
});

test('the target is read from its last aggregate when computed, else its first', () => {
  assert.is(targetFeature(names, fields, 'fault'), 'fault_last_30s');
  assert.is(targetFeature(names, fields, 'temp_x'), 'temp_x_max_30s');
});

test.run();
