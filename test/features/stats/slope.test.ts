/** slope: shifted compensated sums against a two-pass least-squares fit; re-centring; O(1) amortized work. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertMatchesReference, Driven, workPerEvent, type Row } from './harness.ts';

/** Two-pass least squares in seconds since the first row: Σ(t − t̄)(x − x̄) / Σ(t − t̄)². */
function fit(rows: Row[]): { slope: number; sxx: number; stt: number } {
  const n = rows.length;
  if (n < 2) return { slope: NaN, sxx: 0, stt: 0 };
  const t = rows.map((r) => (r.ts - rows[0]!.ts) / 1000);
  const tm = t.reduce((a, b) => a + b, 0) / n;
  const xm = rows.reduce((a, r) => a + r.x, 0) / n;
  let stt = 0;
  let stx = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    stt += (t[i]! - tm) ** 2;
    stx += (t[i]! - tm) * (rows[i]!.x - xm);
    sxx += (rows[i]!.x - xm) ** 2;
  }
  return { slope: stt === 0 ? NaN : stx / stt, sxx, stt };
}

test('property: slope equals a two-pass least-squares fit', () => {
  assertMatchesReference({
    names: ['slope'],
    reference: (rows) => [fit(rows).slope],
    // A least-squares slope is only determined to ~ε·σ_x/σ_t (its conditioning): both sides carry
    // that much rounding. The stat adds the cancellation of its shifted sums, bounded by the 4σ
    // re-centring rule and by Σ|t||x − x0| ≤ √(Σt²·Σ(x − x0)²) — with x0 possibly a value that
    // left up to a window ago (historyMax) — so: 1e-9 relative plus 1e-9·(σ_x + historyMax/√n)/σ_t.
    tolerance: (_, e, ctx) => {
      const { sxx, stt } = fit(ctx.present);
      // (+1e-310: subnormal quotients round differently on either side)
      return 1e-9 * Math.abs(e) + (1e-9 * (Math.sqrt(sxx) + ctx.historyMax)) / Math.sqrt(stt) + 1e-310;
    },
  });
});

test('a perfect line: 2 units per second over epoch-ms timestamps, exactly', () => {
  const d = new Driven(['slope']);
  const t0 = 1_700_000_000_000;
  for (let i = 0; i < 50; i++) d.push(5 + 2 * i * 0.25, t0 + i * 250);
  assert.ok(Math.abs(d.read()[0]! - 2) < 1e-12, String(d.read()[0]));
  for (let i = 0; i < 40; i++) d.shift();
  assert.ok(Math.abs(d.read()[0]! - 2) < 1e-12, String(d.read()[0]));
});

test('NaN below two values and when every value shares one timestamp', () => {
  const d = new Driven(['slope']);
  d.push(1, 5000);
  assert.equal(d.read(), [NaN]);
  d.push(2, 5000);
  assert.equal(d.read(), [NaN]);
  d.push(3, 6000);
  assert.ok(Number.isFinite(d.read()[0]!));
});

test('re-centring keeps precision as time moves on for 1e6 events (the reference would be ~1e9 s away)', () => {
  const d = new Driven(['slope']);
  for (let i = 0; i < 1_000_000; i++) {
    d.push(Math.sin(i) + 0.001 * i, 1_700_000_000_000 + i * 1000);
    if (d.view.size > 100) d.shift();
  }
  assert.ok(Math.abs(d.read()[0]! - fit(d.present()).slope) < 1e-12, `${d.read()[0]} vs ${fit(d.present()).slope}`);
});

test('O(1) amortized: rows read per event do not grow with the window', () => {
  const small = workPerEvent(['slope'], { windowSize: 100 });
  const large = workPerEvent(['slope'], { windowSize: 10_000 });
  assert.ok(small <= 4.5 && large <= small * 1.1, `${small} vs ${large}`);
});

test.run();
