/** The cardinality attack in every `npm test`: 100k distinct device ids against a 10k key limit. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cardinalityAttack, cardinalityLine } from './cardinality.ts';

test('100k distinct device ids: 10k keys held, 90k evictions counted, the heap stops growing, a genuine device still scores', () => {
  const r = cardinalityAttack({ devices: 100_000, maxKeys: 10_000 });
  console.log(`  ${cardinalityLine(r)}`);
  assert.is(r.crashes, 0);
  assert.is(r.deadlettered, 0);
  assert.ok(r.windowKeys <= r.maxKeys, `window keys ${r.windowKeys}`);
  assert.ok(r.reorderKeys <= r.maxKeys, `reorder keys ${r.reorderKeys}`);
  assert.is(r.evictions, r.devices - r.maxKeys);
  // Unbounded state would grow 9× the full table over the 90k further ids; bounded state stays within noise.
  assert.ok(r.growthAfterFullMb < 0.25 * r.fullTableMb, `heap grew ${r.growthAfterFullMb.toFixed(1)} MB after the table (${r.fullTableMb.toFixed(1)} MB) was full`);
  assert.ok(r.bytesPerKey > 0 && r.bytesPerKey < 64 * 1024, `bytes per key ${r.bytesPerKey}`);
  assert.ok(r.aliveVectors >= 5, `the genuine device got ${r.aliveVectors} windows`);
});

test.run();
