/** Several windows merged per window end: features of each, NaN for a window that was empty. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveConfig } from '../../../src/config/load.ts';
import { createWindows } from '../../../src/features/windows/create.ts';
import type { FeatureVector } from '../../../src/features/vector.ts';

const OPTS = { fields: { x: ['count', 'max'] }, limits: { maxEventsPerKey: 1e6, maxKeys: 1e6 }, allowedLatenessMs: 0 };
const sliding = (sizeMs: number) => ({ type: 'sliding' as const, sizeMs, everyMs: 5000, offsetMs: 0, emit: 'interval' as const, partial: 'emit' as const });

test('timeline: 30s and 10s windows every 5s give one vector per end with both sets of features', () => {
  //   events at 1s (x=9) and 22s (x=1); at the end 25s: [−5s,25s) holds both, [15s,25s) only 22s
  //   at the end 10s: the 10s window [0s,10s) holds 1s; at 15s the 10s window [5s,15s) is empty → NaN
  const w = createWindows([sliding(30_000), sliding(10_000)], OPTS);
  assert.equal(w.featureNames, ['x_count_30s', 'x_max_30s', 'x_count_10s', 'x_max_10s']);
  const out: FeatureVector[] = [];
  for (const [ts, x] of [[1000, 9], [22_000, 1], [26_000, 5]] as const) {
    const r = w.push('k', ts, { x });
    if (r.ok) out.push(...r.closed);
  }
  const at = (end: number) => out.find((v) => v.window.end === end)!;
  assert.equal(at(10_000).values, { x_count_30s: 1, x_max_30s: 9, x_count_10s: 1, x_max_10s: 9 });
  assert.is(at(15_000).values.x_count_30s, 1);
  assert.ok(Number.isNaN(at(15_000).values.x_count_10s!), 'the empty 10s window contributes absent features');
  assert.equal(at(25_000).values, { x_count_30s: 2, x_max_30s: 9, x_count_10s: 1, x_max_10s: 1 });
  assert.equal(at(25_000).window, { start: -5000, end: 25_000, count: 2 }, 'bounds are the longest window\'s');
});

test('config: windows share a step and offset, differ in size, are time windows; longest first', () => {
  const base = { name: 'p', source: { topic: 'd/+/t' }, features: { x: ['max'] }, model: { name: 'm' } };
  const ok = resolveConfig({ pipelines: [{ ...base, windows: [{ type: 'sliding', size: '10s', every: '5s' }, { type: 'hopping', size: '1m', hop: '5s' }] }] });
  assert.equal(ok.pipelines[0]!.windows.map((w) => ('sizeMs' in w ? w.sizeMs : 0)), [60_000, 10_000]);
  const problems = (windows: unknown[], extra = {}): string => {
    try {
      resolveConfig({ pipelines: [{ ...base, windows, ...extra }] });
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  };
  assert.match(problems([{ type: 'sliding', size: '10s', every: '5s' }, { type: 'sliding', size: '1m', every: '10s' }]), 'pipelines[0].windows[1]: every window needs the same step and offset as windows[0] (5s, offset 0ms)');
  assert.match(problems([{ type: 'sliding', size: '10s', every: '5s' }, { type: 'count', size: 10 }]), 'must all be tumbling, hopping or sliding with every');
  assert.match(problems([{ type: 'sliding', size: '10s', every: '5s' }, { type: 'hopping', size: '10s', hop: '5s' }]), 'sizes must differ');
  assert.match(problems([{ type: 'sliding', size: '10s', every: '5s' }, { type: 'sliding', size: '20s', every: '5s' }], { time: { late: 'update', allowedLateness: '1m' } }), 'update is for a single window');
  assert.match(problems([{ type: 'sliding', size: '10s', every: 'x' }]), 'pipelines[0].windows[0].every: "x" is not a duration');
});

test.run();
