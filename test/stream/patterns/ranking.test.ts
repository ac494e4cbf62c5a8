/** The ordered set behind top-K: equals a full sort after any inserts, updates and removals; cost per update is logarithmic plus a chunk. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ranking, type Ranked } from '../../../src/stream/patterns/ranking.ts';

const sorted = (items: Ranked[]) => [...items].sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1)).map((x) => `${x.key}:${x.score}`);

test('property: after random inserts, updates and removals, top(n) is the head of a full sort', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 800 }), fc.integer({ min: -5, max: 5 }), fc.boolean()), { maxLength: 3000 }), fc.integer({ min: 1, max: 20 }), (ops, n) => {
      const r = new Ranking();
      const live = new Map<string, Ranked>();
      for (const [k, score, del] of ops) {
        const key = `k${k}`;
        const x = live.get(key);
        if (x && del) (r.remove(x), live.delete(key));
        else if (x) r.update(x, score);
        else if (!del) {
          const item = { key, score };
          r.insert(item);
          live.set(key, item);
        }
      }
      assert.is(r.size, live.size);
      assert.equal(r.top(n).map((x) => `${x.key}:${x.score}`), sorted([...live.values()]).slice(0, n));
    }),
    { numRuns: 30 },
  );
});

test('cost: an update among 100k items takes a few dozen comparisons, not a rescan', () => {
  const r = new Ranking();
  const items = Array.from({ length: 100_000 }, (_, i) => ({ key: `k${i}`, score: (i * 7919) % 1000 }));
  for (const x of items) r.insert(x);
  const before = r.compares;
  for (let i = 0; i < 1000; i++) r.update(items[i * 97]!, i);
  const perUpdate = (r.compares - before) / 1000;
  assert.ok(perUpdate < 80, `${perUpdate} comparisons per update`);
});

test.run();
