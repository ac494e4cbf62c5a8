/** Session windows: gaps split sessions, the watermark closes them, max duration cuts them. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSessionWindows, type SessionWindowSpec } from '../../../src/features/windows/session.ts';
import type { FeatureVector } from '../../../src/features/vector.ts';
import { formatDuration } from '../../../src/config/duration.ts';

const spec = (over: Partial<SessionWindowSpec> = {}): SessionWindowSpec => ({
  gapMs: 5000, fields: { x: ['count', 'max'] }, maxEventsPerKey: 1e6, maxKeys: 1e6, ...over,
});

test('timeline: a gap of ≥ 5 s splits sessions; the watermark closes the last one', () => {
  //   gap=5s        0s  2s  4s        12s 13s        watermark 18s
  //   events        a   b   c         d   e
  //   sessions      [a ······ c]      [d · e]
  const w = createSessionWindows(spec());
  const out: FeatureVector[] = [];
  for (const ts of [0, 2000, 4000, 12_000, 13_000]) {
    const r = w.push('k', ts, { x: 1 });
    if (r.ok) out.push(...r.closed);
  }
  assert.equal(out.map((v) => v.window), [{ start: 0, end: 9000, count: 3 }]);
  assert.equal(w.advance('k', 17_999), []);
  assert.equal(w.advance('k', 18_000).map((v) => v.window), [{ start: 12_000, end: 18_000, count: 2 }]);
  assert.is(out[0]!.values.x_max_session5s, 1);
});

test('maxDuration cuts a session that never pauses', () => {
  const w = createSessionWindows(spec({ maxDurationMs: 10_000 }));
  const out: FeatureVector[] = [];
  for (let ts = 0; ts <= 25_000; ts += 1000) {
    const r = w.push('k', ts, { x: 1 });
    if (r.ok) out.push(...r.closed);
  }
  assert.equal(out.map((v) => [v.window.start, v.window.count]), [[0, 10], [10_000, 10]]);
});

test('property: sessions equal a brute-force split of the sorted stream', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 12_000 }), { maxLength: 100 }), fc.integer({ min: 100, max: 8000 }), (gaps, gapMs) => {
      let t = 0;
      const times = gaps.map((g) => (t += g));
      const w = createSessionWindows(spec({ gapMs }));
      const got: FeatureVector[] = [];
      for (const ts of times) {
        const r = w.push('k', ts, { x: ts % 7 });
        if (r.ok) got.push(...r.closed);
      }
      got.push(...w.flushKey('k'));
      const expected: number[][] = [];
      let cur: number[] = [];
      for (const ts of times) {
        if (cur.length && ts - cur[cur.length - 1]! >= gapMs) {
          expected.push(cur);
          cur = [];
        }
        cur.push(ts);
      }
      if (cur.length) expected.push(cur);
      return (
        got.length === expected.length &&
        got.every((v, i) => {
          const s = expected[i]!;
          return v.window.start === s[0] && v.window.end === s[s.length - 1]! + gapMs && v.window.count === s.length && v.values[`x_max_session${formatDuration(gapMs)}`] === Math.max(...s.map((b) => b % 7));
        })
      );
    }),
    { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) },
  );
});

test('snapshot → JSON → restore continues the same', () => {
  const a = createSessionWindows(spec());
  [0, 1000].forEach((ts) => a.push('k', ts, { x: 2 }));
  const b = createSessionWindows(spec(), JSON.parse(JSON.stringify(a.snapshot())));
  assert.equal(b.advance('k', 7000), a.advance('k', 7000));
});

test.run();
