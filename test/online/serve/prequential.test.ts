/** Prequential metrics against brute-force formulas over a seeded stream; ROC AUC against the exact Mann–Whitney figure. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { exactAuc } from '../../../src/online/learn/metrics/roc-auc.ts';
import { createPrequential, predictionError } from '../../../src/online/serve/prequential.ts';
import { rng } from './fixture.ts';

const close = (a: number, b: number, eps: number, what: string) => assert.ok(Math.abs(a - b) <= eps, `${what}: ${a} vs ${b}`);

test('classification: accuracy, F1, log loss exact; ROC AUC within 0.01 of exact; snapshot round-trips', () => {
  const r = rng(42);
  const m = createPrequential('classification', true);
  const rows: Array<{ y: boolean; p: number }> = [];
  for (let i = 0; i < 2000; i++) {
    const y = r() < 0.4;
    const p = Math.min(1, Math.max(0, (y ? 0.65 : 0.35) + (r() - 0.5) * 0.8));
    rows.push({ y, p });
    m.update(y, { label: p > 0.5, probabilities: { false: 1 - p, true: p } });
  }
  const tp = rows.filter((x) => x.y && x.p > 0.5).length;
  const fp = rows.filter((x) => !x.y && x.p > 0.5).length;
  const fn = rows.filter((x) => x.y && x.p <= 0.5).length;
  const clampP = (p: number) => Math.min(Math.max(p, 1e-15), 1 - 1e-15);
  const v = m.values();
  close(v.accuracy!, rows.filter((x) => x.y === x.p > 0.5).length / rows.length, 1e-12, 'accuracy');
  close(v.f1!, (2 * tp) / (2 * tp + fp + fn), 1e-12, 'f1');
  close(v.logLoss!, rows.reduce((s, x) => s - Math.log(clampP(x.y ? x.p : 1 - x.p)), 0) / rows.length, 1e-9, 'logLoss');
  close(v.rocAuc!, exactAuc(rows.map((x) => x.p), rows.map((x) => x.y)), 0.01, 'rocAuc');
  assert.equal(createPrequential('classification', true, JSON.parse(JSON.stringify(m.snapshot()))).values(), v);
  assert.is(m.n, 2000);
});

test('an empty classifier answer (label null) is not scored, as in River', () => {
  const m = createPrequential('classification', 'a');
  m.update('a', { label: null, probabilities: {} });
  assert.is(m.n, 0);
  assert.is(predictionError('a', { label: null, probabilities: {} }), undefined);
});

test('regression: MAE, RMSE, R² against the formulas', () => {
  const r = rng(9);
  const m = createPrequential('regression', true);
  const ys: number[] = [];
  const ps: number[] = [];
  for (let i = 0; i < 500; i++) {
    const y = r() * 10;
    const p = y + (r() - 0.5) * 2;
    ys.push(y);
    ps.push(p);
    m.update(y, { value: p });
  }
  const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sse = ys.reduce((s, y, i) => s + (y - ps[i]!) ** 2, 0);
  const sst = ys.reduce((s, y) => s + (y - mean) ** 2, 0);
  const v = m.values();
  close(v.mae!, ys.reduce((s, y, i) => s + Math.abs(y - ps[i]!), 0) / ys.length, 1e-9, 'mae');
  close(v.rmse!, Math.sqrt(sse / ys.length), 1e-9, 'rmse');
  close(v.r2!, 1 - sse / sst, 1e-9, 'r2');
  assert.is(predictionError(3, { value: 1.5 }), 1.5);
});

test.run();
