/** hash64: 0 and −0 collide on purpose; otherwise bits look uniform (each output bit ~50% over nearby inputs). */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hash64 } from '../../../src/features/stats/hash.ts';

test('0 and −0 are one value; distinct numbers get distinct hashes', () => {
  assert.equal([...hash64(0)], [...hash64(-0)]);
  const seen = new Set<string>();
  for (let i = 0; i < 10_000; i++) seen.add(hash64(i * 0.5).join(':'));
  assert.is(seen.size, 10_000);
});

test('bit balance: over 20,000 consecutive integers every output bit is set 50% ± 2%', () => {
  const ones = new Array(64).fill(0);
  const n = 20_000;
  for (let i = 0; i < n; i++) {
    const [hi, lo] = hash64(i);
    for (let b = 0; b < 32; b++) {
      ones[b] += (hi >>> b) & 1;
      ones[32 + b] += (lo >>> b) & 1;
    }
  }
  for (const [b, c] of ones.entries()) assert.ok(Math.abs(c / n - 0.5) < 0.02, `bit ${b}: ${c / n}`);
});

test.run();
