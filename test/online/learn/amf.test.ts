/** Aggregated Mondrian forest: learns a non-linear boundary; River's split bookkeeping vs the paper's. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { amfClassifier } from '../../../src/online/learn/amf-classifier.ts';
import { createLearnerRng } from '../../../src/online/learn/rng.ts';
import type { Classifier, Features } from '../../../src/online/learn/types.ts';

/** A disc inside a square: no axis-aligned single split separates it. */
function disc(n: number): Array<{ x: Features; y: string }> {
  const rng = createLearnerRng(4);
  return Array.from({ length: n }, () => {
    const x = { u: rng.uniform() * 2 - 1, v: rng.uniform() * 2 - 1 };
    return { x, y: x.u * x.u + x.v * x.v < 0.5 ? 'in' : 'out' };
  });
}

function prequential(m: Classifier, data: ReturnType<typeof disc>, from: number): number {
  let ok = 0;
  data.forEach(({ x, y }, i) => {
    if (i >= from && m.predictOne(x) === y) ok++;
    m.learnOne(x, y);
  });
  return ok / (data.length - from);
}

test('learns a disc (both split bookkeepings), probabilities sum to 1, empty before learning', () => {
  const data = disc(3000);
  for (const paperSplit of [false, true]) {
    const m = amfClassifier.create({ seed: 3, paperSplit });
    assert.equal(m.predictProbaOne({ u: 0, v: 0 }), {});
    const acc = prequential(m, data, 2000);
    assert.ok(acc > 0.85, `paperSplit=${paperSplit}: ${acc}`);
    const p = m.predictProbaOne({ u: 0.1, v: 0.1 });
    assert.ok(Math.abs(p.in! + p.out! - 1) < 1e-12);
    assert.ok(p.in! > 0.5);
  }
});

test('aggregation helps a single tree over its bare leaves; seeds make the trees differ', () => {
  const data = disc(2000);
  const agg = prequential(amfClassifier.create({ seed: 5, nEstimators: 1 }), data, 1000);
  const bare = prequential(amfClassifier.create({ seed: 5, nEstimators: 1, useAggregation: false }), data, 1000);
  assert.ok(agg >= bare - 0.01, `${agg} vs ${bare}`);
  const a = amfClassifier.create({ seed: 5, nEstimators: 2 });
  for (const { x, y } of data.slice(0, 200)) a.learnOne(x, y);
  const trees = (a.snapshot() as { trees: Array<{ root: unknown }> }).trees;
  assert.is.not(JSON.stringify(trees[0]!.root), JSON.stringify(trees[1]!.root));
});

test.run();
