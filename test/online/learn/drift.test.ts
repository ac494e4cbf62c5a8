/** Drift detectors: River's doctest streams, restore mid-stream, and quiet on a stationary stream. */

import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
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
    assert.equal(detections(name, flat), [], name);
    const a = spec.create();
    for (const x of STREAM.slice(0, 990)) a.update(x);
    const b = spec.create({}, { state: JSON.parse(JSON.stringify(a.snapshot())) });
    for (const x of STREAM.slice(990)) assert.is(b.update(x), a.update(x), name);
    assert.ok(spec.summary.length > 10);
  }
});

test.run();
