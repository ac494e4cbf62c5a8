/** RefreshPolicy: when a stat recomputes from its rows — a table of cases. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RefreshPolicy } from '../../../src/features/stats/refresh.ts';
import { ArrayView } from './harness.ts';

const view = (rows: number): ArrayView => {
  const v = new ArrayView();
  v.rows = Array.from({ length: rows }, (_, i) => ({ x: i, ts: i }));
  return v;
};

test('decisions: residue after a window of removals, drift after a window of operations, severe drift at once', () => {
  //   adds  removes  n   rows  d²      severe  →  due
  const table: Array<[number, number, number, number, number, number, boolean]> = [
    [5, 0, 20, 20, 0, 256, false], // nothing happened
    [0, 19, 20, 20, 0, 256, false], // 19 removals < n
    [0, 20, 20, 20, 0, 256, true], // a window of removals: residue
    [0, 7, 4, 4, 0, 256, false], // below the floor of 8 removals
    [0, 8, 4, 4, 0, 256, true],
    [19, 0, 20, 20, 100, 256, false], // drifted (d² > 16) but < n operations
    [20, 0, 20, 20, 100, 256, true], // drifted and a window of operations
    [20, 0, 20, 20, 16, 256, false], // 4σ exactly is not drift
    [1, 0, 20, 20, 300, 256, true], // severe: at once
    [1, 0, 20, 20, Infinity, 256, true], // σ cancelled away
    [0, 40, 20, 10, Infinity, 256, false], // the view holds fewer rows than the stat counts: never
    [0, 40, 0, 0, 0, 256, false], // empty
  ];
  for (const [adds, removes, n, rows, d2, severe, due] of table) {
    const p = new RefreshPolicy();
    for (let i = 0; i < adds; i++) p.added();
    for (let i = 0; i < removes; i++) p.removed();
    assert.is(p.due(n, view(rows), d2, severe), due, JSON.stringify({ adds, removes, n, rows, d2, severe }));
  }
});

test('reset starts the count again', () => {
  const p = new RefreshPolicy();
  for (let i = 0; i < 50; i++) p.removed();
  assert.ok(p.residueDue(20, view(20)));
  p.reset();
  assert.not.ok(p.residueDue(20, view(20)));
});

test.run();
