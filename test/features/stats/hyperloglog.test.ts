/** Sliding HyperLogLog: registers equal a batch HLL of the window; error ≈ 1.04/√m; bounded lists. */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hash64 } from '../../../src/features/stats/hash.ts';
import { ertlEstimate, SlidingHyperLogLog } from '../../../src/features/stats/hyperloglog.ts';
import { RUNS } from './harness.ts';

/** A plain (add-only) HyperLogLog of `xs`, written out: register = max ρ of its values. */
function batchRegisters(xs: number[], p: number): Uint8Array {
  const regs = new Uint8Array(1 << p);
  for (const x of xs) {
    const [hi, lo] = hash64(x);
    const j = hi >>> (32 - p);
    // the 64 − p bits after the index, as a bit string: ρ = position of the first 1
    const bits = (hi >>> 0).toString(2).padStart(32, '0').slice(p) + (lo >>> 0).toString(2).padStart(32, '0');
    const rho = bits.indexOf('1') + 1 || 64 - p + 1;
    regs[j] = Math.max(regs[j]!, rho);
  }
  return regs;
}

test('property: after random adds and FIFO removals the registers equal a batch HLL of what is left', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.record({ add: fc.integer({ min: 0, max: 40 }) }), fc.record({ remove: fc.integer({ min: 1, max: 5 }) })), { maxLength: 300, size: 'max' }),
      fc.constantFrom(4, 6),
      (ops, p) => {
        // small p and few values: registers collide and lists get long, the hard case
        const h = new SlidingHyperLogLog(p);
        const window: number[] = [];
        for (const o of ops) {
          if ('add' in o) {
            h.add(o.add);
            window.push(o.add);
          } else {
            for (let i = 0; i < o.remove && window.length; i++) h.remove(window.shift()!);
          }
        }
        const regs = batchRegisters(window, p);
        const got = window.length ? h.registers() : new Uint8Array(1 << p);
        return got.every((r, j) => r === regs[j]);
      },
    ),
    { numRuns: RUNS },
  );
});

/** Relative errors of the estimate over `trials` independent value sets of `n` distinct values. */
function errors(p: number, n: number, trials: number, sliding: boolean): number[] {
  const out: number[] = [];
  for (let t = 0; t < trials; t++) {
    const h = new SlidingHyperLogLog(p);
    const base = t * 1e7 + 0.5;
    if (sliding) {
      // 3n values through a window of n: the estimate must describe the last n only
      for (let i = 0; i < 3 * n; i++) {
        h.add(base + i);
        if (i >= n) h.remove(base + i - n);
      }
    } else for (let i = 0; i < n; i++) h.add(base + i);
    out.push(h.estimate() / n - 1);
  }
  return out;
}

const rms = (xs: number[]): number => Math.sqrt(xs.reduce((a, x) => a + x * x, 0) / xs.length);

test('error bound: relative standard error ≈ 1.04/√m (p = 10, 12), small to large cardinalities, sliding and not', () => {
  for (const p of [10, 12]) {
    const sigma = 1.04 / Math.sqrt(2 ** p);
    for (const [n, sliding] of [[200, false], [3000, true], [50_000, false]] as const) {
      const e = errors(p, n, p === 10 ? 60 : 25, sliding);
      const r = rms(e);
      // an RMS over ≥ 25 trials of a σ-distributed error stays below 1.5σ unless the estimator is off;
      // no single trial beyond 4σ
      assert.ok(r < 1.5 * sigma, `p=${p} n=${n}: rms ${r} vs σ ${sigma}`);
      assert.ok(Math.max(...e.map(Math.abs)) < 4 * sigma, `p=${p} n=${n}: worst ${Math.max(...e.map(Math.abs))}`);
    }
  }
});

test('empty is 0; a single value is ~1; repeated values count once', () => {
  const h = new SlidingHyperLogLog(12);
  assert.is(h.estimate(), 0);
  h.add(7);
  assert.ok(Math.abs(h.estimate() - 1) < 0.01);
  for (let i = 0; i < 1000; i++) h.add(7);
  assert.ok(Math.abs(h.estimate() - 1) < 0.01);
  assert.is(h.nodes(), 1);
  h.add(-0);
  h.add(0);
  assert.ok(Math.abs(h.estimate() - 2) < 0.01);
});

test('memory: list nodes stay near m·ln(n/m), never per value', () => {
  const h = new SlidingHyperLogLog(10);
  for (let i = 0; i < 200_000; i++) {
    h.add(i * 1.5);
    if (i >= 100_000) h.remove((i - 100_000) * 1.5);
  }
  const m = 1024;
  assert.ok(h.nodes() < 3 * m * Math.log(100_000 / m), `${h.nodes()} nodes`);
  assert.ok(h.bytes() < 200_000, `${h.bytes()} bytes`);
});

test('Ertl estimator: all registers zero → 0; histogram of a known HLL → its estimate', () => {
  const hist = new Float64Array(64 - 12 + 2);
  hist[0] = 4096;
  assert.is(ertlEstimate(hist, 4096, 52), 0);
});

test.run();
