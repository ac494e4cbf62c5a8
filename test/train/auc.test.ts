/** ROC AUC: hand-computed tables (with ties), and a brute-force pair count as the reference. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { rocAuc } from '../../src/train/auc.ts';

// Each row: scores, labels, expected AUC counted by hand over (positive, negative) pairs, a tie = ½.
const TABLE: Array<[string, number[], number[], number]> = [
  ['perfect', [0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], 1],
  ['inverted', [0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1], 0],
  ['one pair wrong of four', [0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], 3 / 4],
  ['all tied', [0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1], 1 / 2],
  // pos 0.5 vs negs {0.5, 0.5}: ½ + ½; pos 0.9 beats both → 3 of 4
  ['tie block at the bottom', [0.5, 0.5, 0.5, 0.9], [0, 1, 0, 1], 3 / 4],
  // each pos 0.6 vs negs {0.2 win, 0.6 tie, 0.9 loss} = 1.5; two positives → 3 of 6
  ['tie block in the middle', [0.2, 0.6, 0.6, 0.6, 0.9], [0, 0, 1, 1, 0], 1 / 2],
  // pos 3 beats {1, 2}, ties {3}: 2.5; pos 4 beats all 3 → 5.5 of 6
  ['integers with a tie', [1, 2, 3, 3, 4], [0, 0, 0, 1, 1], 5.5 / 6],
];

for (const [name, scores, labels, expected] of TABLE) {
  test(`table: ${name}`, () => {
    assert.ok(Math.abs(rocAuc(scores, labels) - expected) < 1e-12, `${rocAuc(scores, labels)} ≠ ${expected}`);
  });
}

test('an empty class gives NaN; bad input throws', () => {
  assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [1, 1])));
  assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [0, 0])));
  assert.throws(() => rocAuc([0.1], [0, 1]), /1 scores but 2 labels/);
  assert.throws(() => rocAuc([0.1, NaN], [0, 1]), /NaN/);
});

/** O(n²) reference: the definition itself. */
function bruteForce(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    for (let j = 0; j < scores.length; j++) {
      if (labels[i] !== 1 || labels[j] !== 0) continue;
      pairs++;
      wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

test('matches the pair-counting definition (property, many ties)', () => {
  const rows = fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 40 });
  fc.assert(
    fc.property(rows, (pairs) => {
      const scores = pairs.map(([s]) => s / 6);
      const labels = pairs.map(([, l]) => l);
      const positives = labels.filter((l) => l === 1).length;
      if (positives === 0 || positives === labels.length) return Number.isNaN(rocAuc(scores, labels));
      return Math.abs(rocAuc(scores, labels) - bruteForce(scores, labels)) < 1e-12;
    }),
    { numRuns: 300, seed: 1 },
  );
});

test.run();
