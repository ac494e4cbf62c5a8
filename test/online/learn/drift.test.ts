/** Drift detectors: River's doctest streams, restore mid-stream, and quiet on a stationary stream. */

import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ksPValueEqual, ksStatistic } from '../../../src/online/learn/drift/kswin.ts';
import { DETECTORS } from '../../../src/online/learn/drift/registry.ts';
import { createRng } from '../../../src/sim/rng.ts';

// Python's `random.Random(12345)`: choices([0, 1], k=1000) + choices(range(4, 8), k=1000), the
// stream of River's ADWIN and PageHinkley doctests, generated once with CPython.
const STREAM = JSON.parse(readFileSync(new URL('./fixtures/python-random-12345.json', import.meta.url), 'utf8')) as number[];

function detections(name: string, xs: number[], params = {}): number[] {
  const d = DETECTORS[name]!.create(params);
  return xs.flatMap((x, i) => (d.update(x) ? [i] : []));
}

test("ADWIN: River's doctest — change detected at index 1023 (value 4)", () => {
  assert.equal(detections('adwin', STREAM), [1023]);
  assert.is(STREAM[1023], 4);
});

test("Page-Hinkley: River's doctest — change detected at index 1006 (value 5)", () => {
  assert.equal(detections('pageHinkley', STREAM), [1006]);
  assert.is(STREAM[1006], 5);
});

test("Page-Hinkley: 'up' ignores a drop that 'down' and 'both' catch", () => {
  const drop = [...STREAM.slice(1000), ...STREAM.slice(0, 1000)];
  assert.equal(detections('pageHinkley', drop), []);
  assert.ok(detections('pageHinkley', drop, { mode: 'down' }).length > 0);
  assert.equal(detections('pageHinkley', drop, { mode: 'both' }), detections('pageHinkley', drop, { mode: 'down' }));
});

test('every detector: quiet on a stationary stream; restore mid-stream → same later detections', () => {
  const rng = createRng(11);
  const flat = Array.from({ length: 3000 }, () => 0.2 * rng.normal());
  for (const [name, spec] of Object.entries(DETECTORS)) {
    // KSWIN tests at α = 0.005 on every value once its window is full, so over ~2900 tests a
    // stray false alarm is expected (a known trait of KSWIN); the others must stay silent.
    assert.ok(detections(name, flat).length <= (name === 'kswin' ? 3 : 0), name);
    const a = spec.create();
    for (const x of STREAM.slice(0, 990)) a.update(x);
    const b = spec.create({}, { state: JSON.parse(JSON.stringify(a.snapshot())) });
    for (const x of STREAM.slice(990)) assert.is(b.update(x), a.update(x), name);
    assert.ok(spec.summary.length > 10);
  }
});

/** Every way to split 2n pooled distinct values into two samples of n: the exact null distribution of D. */
function bruteP(d: number, n: number): number {
  const pool = Array.from({ length: 2 * n }, (_, i) => i);
  let hit = 0;
  let all = 0;
  for (let mask = 0; mask < 1 << (2 * n); mask++) {
    let bits = 0;
    for (let m = mask; m; m >>= 1) bits += m & 1;
    if (bits !== n) continue;
    const a = pool.filter((i) => mask & (1 << i));
    const b = pool.filter((i) => !(mask & (1 << i)));
    all++;
    if (ksStatistic(a, b) >= d - 1e-12) hit++;
  }
  return hit / all;
}

test('KSWIN: exact KS p-value equals brute-force enumeration (n = 4, 5, 6) and D is the sup distance', () => {
  for (const n of [4, 5, 6]) for (let h = 1; h <= n; h++) assert.ok(Math.abs(ksPValueEqual(h / n, n) - bruteP(h / n, n)) < 1e-12, `n=${n} h=${h}`);
  assert.is(ksStatistic([1, 2, 3], [4, 5, 6]), 1);
  assert.is(ksStatistic([1, 2, 3], [3, 2, 1]), 0);
});

test('KSWIN: finds the shift of the doctest stream within one window, and the seed decides the draws', () => {
  const at = detections('kswin', STREAM, { seed: 42 });
  assert.ok(at.length >= 1 && at[0]! >= 1000 && at[0]! < 1100, String(at));
  assert.equal(detections('kswin', STREAM, { seed: 42 }), at);
  assert.throws(() => DETECTORS.kswin!.create({ statSize: 60 }), /statSize/);
});

test.run();
