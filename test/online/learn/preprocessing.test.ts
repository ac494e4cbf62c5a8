/** StandardScaler, MinMaxScaler and OneHotEncoder against hand-computed tables. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { minMaxScaler } from '../../../src/online/learn/min-max-scaler.ts';
import { oneHotEncoder } from '../../../src/online/learn/one-hot-encoder.ts';
import { standardScaler } from '../../../src/online/learn/standard-scaler.ts';

const close = (a: unknown, b: number, eps = 1e-6) => assert.ok(Math.abs(Number(a) - b) < eps, `${String(a)} ≉ ${b}`);

test('StandardScaler: learn then transform, population variance (Welford)', () => {
  const s = standardScaler.create();
  // x | mean | var (ddof 0) | (x − mean)/sd
  const table: Array<[number, number]> = [
    [1, 0], // mean 1, var 0 → 0 by safe division
    [3, 1], // mean 2, var 1
    [5, 2 / Math.sqrt(8 / 3)], // mean 3, var 8/3
  ];
  for (const [x, z] of table) {
    s.learnOne({ a: x });
    close(s.transformOne({ a: x }).a, z);
  }
  const st = s.snapshot() as { means: Record<string, number>; vars: Record<string, number> };
  close(st.means.a, 3);
  close(st.vars.a, 8 / 3);
});

test('StandardScaler: transform does not learn; unseen features map to 0; strings pass through', () => {
  const s = standardScaler.create();
  s.learnOne({ a: 2 });
  s.learnOne({ a: 4 });
  assert.equal(s.transformOne({ a: 5, b: 7, c: 'red' }), { a: 2, b: 0, c: 'red' });
  assert.equal(s.transformOne({ a: 5 }), { a: 2 });
});

test('StandardScaler: withStd false only centres', () => {
  const s = standardScaler.create({ withStd: false });
  s.learnOne({ a: 2 });
  s.learnOne({ a: 4 });
  assert.equal(s.transformOne({ a: 5 }), { a: 2 });
});

test("MinMaxScaler: River's doctest table", () => {
  const s = minMaxScaler.create();
  const xs = [10.557707, 8.100043, 9.100117, 8.892842, 10.945884];
  const want = [0, 0, 0.40692, 0.322582, 1];
  xs.forEach((x, i) => {
    s.learnOne({ x });
    close(s.transformOne({ x }).x, want[i]!, 1e-5);
  });
});

test('OneHotEncoder: seen values as columns, unseen value still active, numbers pass through', () => {
  const e = oneHotEncoder.create();
  e.learnOne({ c: 'a', n: 1 });
  e.learnOne({ c: 'b', n: 2 });
  assert.equal(e.transformOne({ c: 'b', n: 3 }), { c_a: 0, c_b: 1, n: 3 });
  assert.equal(e.transformOne({ c: 'z' }), { c_a: 0, c_b: 0, c_z: 1 });
  const sparse = oneHotEncoder.create({ dropZeros: true });
  sparse.learnOne({ c: 'a' });
  assert.equal(sparse.transformOne({ c: 'a' }), { c_a: 1 });
});

test('OneHotEncoder: encodeNumbers one-hots numeric values too', () => {
  const e = oneHotEncoder.create({ encodeNumbers: true });
  e.learnOne({ diet: 1 });
  e.learnOne({ diet: 2 });
  assert.equal(e.transformOne({ diet: 2 }), { diet_1: 0, diet_2: 1 });
});

test('scalers restore from a snapshot', () => {
  for (const spec of [standardScaler, minMaxScaler, oneHotEncoder]) {
    const a = spec.create();
    for (const v of [1, 5, 2]) a.learnOne({ v, c: `k${v}` });
    const b = spec.create({}, { state: JSON.parse(JSON.stringify(a.snapshot())) });
    assert.equal(b.transformOne({ v: 3, c: 'k1' }), a.transformOne({ v: 3, c: 'k1' }));
  }
});

test.run();
