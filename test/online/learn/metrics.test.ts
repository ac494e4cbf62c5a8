/** Prequential metrics against hand-computed tables. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createAccuracy } from '../../../src/online/learn/metrics/accuracy.ts';
import { createF1 } from '../../../src/online/learn/metrics/f1.ts';
import { createLogLoss } from '../../../src/online/learn/metrics/log-loss.ts';
import { createMae } from '../../../src/online/learn/metrics/mae.ts';
import { createR2 } from '../../../src/online/learn/metrics/r2.ts';
import { createRmse } from '../../../src/online/learn/metrics/rmse.ts';
import { createRocAucApprox } from '../../../src/online/learn/metrics/roc-auc-approx.ts';
import { createRocAuc, exactAuc } from '../../../src/online/learn/metrics/roc-auc.ts';
import { METRICS } from '../../../src/online/learn/metrics/registry.ts';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

// truth, predicted label, P(true)
const BINARY: Array<[boolean, boolean, number]> = [
  [true, true, 0.9],
  [false, true, 0.6],
  [true, false, 0.4],
  [true, true, 0.8],
  [false, false, 0.1],
  [false, false, 0.3],
];

test('accuracy and F1: 4/6 right; TP 2, FP 1, FN 1 → F1 = 4/6', () => {
  const acc = createAccuracy();
  const f1 = createF1(true);
  assert.is(acc.value(), 0);
  for (const [y, p] of BINARY) {
    acc.update(y, p);
    f1.update(y, p);
  }
  close(acc.value(), 4 / 6);
  close(f1.value(), (2 * 2) / (2 * 2 + 1 + 1));
});

test("accuracy: labels compare by string form ('true' ≡ true); multiclass", () => {
  const acc = createAccuracy();
  acc.update('true', true);
  acc.update('cat', 'cat');
  acc.update('cat', 'dog');
  close(acc.value(), 2 / 3);
});

test('log loss: mean of −log p(truth), clamped at 1e-15', () => {
  const ll = createLogLoss();
  let want = 0;
  for (const [y, , p] of BINARY) {
    ll.update(y, { false: 1 - p, true: p });
    want += -Math.log(y ? p : 1 - p);
  }
  close(ll.value(), want / BINARY.length);
  const sure = createLogLoss();
  sure.update(true, { false: 1, true: 0 });
  close(sure.value(), -Math.log(1e-15));
});

test('exact ROC AUC: pairs ranked right / all pairs, ties half', () => {
  // positives 0.9, 0.4, 0.8; negatives 0.6, 0.1, 0.3: 9 pairs, 0.4 < 0.6 is the one wrong
  const auc = createRocAuc(true);
  for (const [y, , p] of BINARY) auc.update(y, { false: 1 - p, true: p });
  close(auc.value(), 8 / 9);
  close(exactAuc([0.5, 0.5], [true, false]), 0.5);
  close(exactAuc([0.5, 0.5, 0.2], [true, false, false]), 0.75);
  assert.is(exactAuc([0.1, 0.2], [true, true]), 0);
});

test("River's approximate ROC AUC: 10 thresholds, p > t, trapezoids", () => {
  // TPR/FPR per threshold t = i/9: positives {0.9, 0.4, 0.8}, negatives {0.6, 0.1, 0.3}
  const auc = createRocAucApprox();
  for (const [y, , p] of BINARY) auc.update(y, { false: 1 - p, true: p });
  const ts = [-1e-7, 1 / 9, 2 / 9, 3 / 9, 4 / 9, 5 / 9, 6 / 9, 7 / 9, 8 / 9, 1 + 1e-7];
  const pos = [0.9, 0.4, 0.8];
  const neg = [0.6, 0.1, 0.3];
  const tpr = ts.map((t) => pos.filter((p) => p > t).length / 3);
  const fpr = ts.map((t) => neg.filter((p) => p > t).length / 3);
  let area = 0;
  for (let i = 1; i < ts.length; i++) area -= ((fpr[i]! - fpr[i - 1]!) * (tpr[i]! + tpr[i - 1]!)) / 2;
  close(auc.value(), area);
  close(auc.value(), 8 / 9); // every positive/negative pair here straddles a grid threshold: exact
  const coarse = createRocAucApprox({ nThresholds: 2 });
  coarse.update(true, { true: 0.9 });
  coarse.update(false, { true: 0.6 });
  close(coarse.value(), 0.5); // two thresholds only see "all positive" and "all negative"
});

test('MAE, RMSE and R² on a small table', () => {
  const rows: Array<[number, number]> = [
    [3, 2.5],
    [-0.5, 0],
    [2, 2],
    [7, 8],
  ];
  const mae = createMae();
  const rmse = createRmse();
  const r2 = createR2();
  for (const [y, p] of rows) {
    mae.update(y, p);
    rmse.update(y, p);
    r2.update(y, p);
  }
  close(mae.value(), (0.5 + 0.5 + 0 + 1) / 4);
  close(rmse.value(), Math.sqrt((0.25 + 0.25 + 0 + 1) / 4));
  // ȳ = 2.875; SST = 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875; SSE = 1.5
  close(r2.value(), 1 - 1.5 / 29.1875); // 0.948608…, scikit-learn's r2_score gives the same
});

test('R² is 0 before two samples; metrics restore from snapshots', () => {
  const r2 = createR2();
  r2.update(1, 0);
  assert.is(r2.value(), 0);
  const a = createMae();
  a.update(1, 3);
  const b = createMae(JSON.parse(JSON.stringify(a.snapshot())));
  b.update(2, 2);
  close(b.value(), 1);
  const auc = createRocAucApprox();
  auc.update(true, { true: 0.7 });
  auc.update(false, { true: 0.2 });
  const auc2 = createRocAucApprox({}, JSON.parse(JSON.stringify(auc.snapshot())));
  close(auc2.value(), auc.value());
});

test('registry: every metric starts at 0 and restores from its JSON snapshot', () => {
  for (const [name, spec] of Object.entries(METRICS)) {
    const a = spec.create();
    assert.is(a.value(), 0, name);
    if (spec.scores === 'number') {
      const m = spec.create();
      m.update(1, 2);
      m.update(3, 3);
      assert.is(spec.create(JSON.parse(JSON.stringify(m.snapshot()))).value(), m.value(), name);
    } else if (spec.scores === 'label') {
      const m = spec.create();
      m.update(true, true);
      m.update(false, true);
      assert.is(spec.create(JSON.parse(JSON.stringify(m.snapshot()))).value(), m.value(), name);
    } else {
      const m = spec.create();
      m.update(true, { true: 0.8, false: 0.2 });
      m.update(false, { true: 0.3, false: 0.7 });
      assert.is(spec.create(JSON.parse(JSON.stringify(m.snapshot()))).value(), m.value(), name);
    }
  }
});

test.run();
