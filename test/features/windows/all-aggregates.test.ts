/**
 * Every aggregate through every window type: each result equals the same aggregate built fresh
 * (add-only, no removal) over the window's members, found by brute force from the raw events.
 * Each stat's own brute-force property test (test/features/stats/) closes the loop to exact math.
 */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { WindowConfig } from '../../../src/config/window.ts';
import { AGGREGATE_NAMES } from '../../../src/features/aggregates.ts';
import { compileLayout, KeyRows } from '../../../src/features/windows/rows.ts';
import { createWindows } from '../../../src/features/windows/create.ts';

// Space-saving is approximate once a sliding window has removed values (bounded over-count); it is
// checked against its bound in its own test, not for equality with a fresh sketch here.
const NAMES = AGGREGATE_NAMES.filter((n) => !n.includes('_ss'));
const OPTS = { fields: { x: NAMES }, limits: { maxEventsPerKey: 1e6, maxKeys: 1e6 }, allowedLatenessMs: 0 };

const TYPES: Array<[string, WindowConfig]> = [
  ['sliding every', { type: 'sliding', sizeMs: 10_000, everyMs: 3000, offsetMs: 0, emit: 'interval', partial: 'emit' }],
  ['tumbling', { type: 'tumbling', sizeMs: 10_000, everyMs: 10_000, offsetMs: 0, emit: 'interval', partial: 'emit' }],
  ['sliding per event', { type: 'sliding', sizeMs: 10_000, everyMs: 10_000, offsetMs: 0, emit: 'event', partial: 'emit' }],
  ['count', { type: 'count', size: 6, every: 2, partial: 'emit' }],
  ['session', { type: 'session', gapMs: 3000 }],
];

interface Ev { key: string; ts: number; x: number | undefined }

function close(a: number, e: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(e)) return Number.isNaN(a) && Number.isNaN(e);
  return Math.abs(a - e) <= 1e-6 * Math.max(1, Math.abs(e));
}

for (const [label, config] of TYPES) {
  test(`${label}: every aggregate equals a fresh build over the window's members`, () => {
    const layout = compileLayout({ x: NAMES }, 'ref');
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            key: fc.constantFrom('a', 'b'),
            dt: fc.integer({ min: 0, max: 4000 }),
            x: fc.option(fc.constantFrom(-2, 0, 1, 1, 3.5, 7, 1e3), { nil: undefined }),
          }),
          { maxLength: 120 },
        ),
        (raw) => {
          let t = 1_000_000;
          const events: Ev[] = raw.map((r) => ({ key: r.key, ts: (t += r.dt), x: r.x }));
          const w = createWindows(config, OPTS);
          const seen = new Map<string, Ev[]>();
          const check = (v: { key: string; window: { start: number; end: number; count: number }; values: Record<string, number> }, members: Ev[]): boolean => {
            if (members.length !== v.window.count) return false;
            const expected = KeyRows.valuesOf(layout, members.map((m) => Float64Array.of(m.ts, m.x ?? NaN)));
            return NAMES.every((n) => {
              const ok = close(v.values[`x_${n}_${w.featureNames[0]!.split('_').pop()}`] ?? NaN, expected[`x_${n}_ref`]!);
              if (!ok) throw new Error(`${label} ${n}: got ${v.values[`x_${n}_${w.featureNames[0]!.split('_').pop()}`]}, expected ${expected[`x_${n}_ref`]} over ${JSON.stringify(members)}`);
              return ok;
            });
          };
          for (const e of events) {
            const history = [...(seen.get(e.key) ?? []), e];
            seen.set(e.key, history);
            const r = w.push(e.key, e.ts, e.x === undefined ? {} : { x: e.x });
            if (!r.ok) return false;
            for (const v of r.closed) {
              const members =
                config.type === 'count'
                  ? history.slice(-config.size)
                  : history.filter((m) => m.ts >= v.window.start && m.ts < v.window.end && (config.type === 'session' ? m !== e || e.ts < v.window.end - config.gapMs : true));
              if (!check(v, config.type === 'session' ? members.filter((m) => m !== e) : members)) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) },
    );
  });
}

test('every aggregate name is covered', () => {
  assert.ok(NAMES.length >= 25, `only ${NAMES.length} aggregates`);
});

test.run();
