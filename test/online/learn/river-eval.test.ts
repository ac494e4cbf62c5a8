/** The River yardstick: every parity row reproduces River's published figure within 0.001. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evalRiver, reached, renderTable, withinTolerance } from '../../../src/online/learn/river/cli.ts';
import { bananas, imageSegments, missing, phishing } from '../../../src/online/learn/river/datasets.ts';

const absent = missing(phishing);

test('datasets parse with River\'s shapes and conversions', () => {
  if (absent) return console.log(`skipped: ${absent}`);
  const ph = phishing.load();
  assert.is(ph.length, 1250);
  assert.is(ph.filter((s) => s.y).length, 548);
  assert.equal(Object.keys(ph[0]!.x).length, 9);
  const ba = bananas.load();
  assert.is(ba.length, 5300);
  assert.is(ba.filter((s) => s.y).length, 2376);
  assert.equal(Object.keys(ba[0]!.x), ['1', '2']);
  const seg = imageSegments.load();
  assert.is(seg.length, 2310);
  assert.is(new Set(seg.map((s) => s.y)).size, 7);
});

test('eval:river: every row within 0.001 of River except the documented gaps, headline rows included', () => {
  if (absent) return console.log(`skipped: ${absent}`);
  const { rows, best } = evalRiver(undefined, { parityOnly: true });
  const bad = rows.filter((r) => !withinTolerance(r) && !r.gap && !r.compare);
  assert.equal(bad, []);
  assert.ok(rows.filter((r) => r.gap).length <= 5, 'no new gaps');
  const headline = (model: string, metric: string) => rows.find((r) => r.model === model && r.metric === metric);
  assert.ok(withinTolerance(headline('SS | LogisticRegression(SGD(0.1))', 'Accuracy')!));
  assert.ok(withinTolerance(headline('SS | LogisticRegression()', 'ROCAUC')!));
  assert.ok(withinTolerance(headline('SS | Perceptron()', 'Accuracy')!));
  assert.ok(withinTolerance(headline('HoltWinters(0.3, 0.1, 0.6, m=12, multiplicative), step +12', 'MAE')!));
  assert.is(rows.filter((r) => r.model === 'SS | LinearRegression()' && r.metric === 'MAE').length, 2);
  assert.ok(renderTable(rows, best).every((l) => l.split(/(?<!\\)\|/).length === 10));
});

test("best per dataset: our AMF reaches River's best on Bananas (0.889413), ImageSegments too", () => {
  if (absent) return console.log(`skipped: ${absent}`);
  const { best } = evalRiver('AMF');
  const on = (d: string) => best.find((b) => b.dataset === d)!;
  assert.ok(reached(on('Bananas')), String(on('Bananas').ours));
  assert.ok(reached(on('ImageSegments')), String(on('ImageSegments').ours));
  assert.ok(!reached({ ...on('Bananas'), ours: 0.8893 }), 'the check can fail');
});

test.run();
