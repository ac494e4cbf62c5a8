/** The aggregate table: every entry resolves, names are feature-safe and deterministic, stats are shared soundly, docs are current. */

import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AGGREGATE_DISPLAY_NAMES, AGGREGATE_NAMES, AGGREGATE_TABLE, resolveAggregate } from '../../src/features/aggregates.ts';
import { DOC_PATH, withTable } from '../../src/features/aggregates-doc.ts';
import type { Cost, StatDef } from '../../src/features/stats/types.ts';
import { featureName } from '../../src/features/vector.ts';
import fc from 'fast-check';
import { Driven, opsArb, RUNS, show, valueArb, type Op } from './stats/harness.ts';

const COSTS: Cost[] = ['O(1)', 'O(1) amortized', 'O(log n)', 'O(n) on read', 'sketch'];

test('every table entry resolves by its example (or display) name, with a cost, a summary, memory and exactness', () => {
  assert.is(AGGREGATE_NAMES.length, AGGREGATE_TABLE.length);
  for (const [i, e] of AGGREGATE_TABLE.entries()) {
    const name = AGGREGATE_NAMES[i]!;
    const def = resolveAggregate(name);
    assert.ok(def, `${e.display} → ${name} does not resolve`);
    assert.is(def!.name, name);
    assert.ok(COSTS.includes(def!.cost), `${name}: cost ${def!.cost}`);
    for (const text of [e.summary, e.memory, e.exactness, def!.summary]) assert.ok(text.length > 3, `${name}: missing docs`);
  }
  assert.equal(new Set(AGGREGATE_DISPLAY_NAMES).size, AGGREGATE_DISPLAY_NAMES.length, 'display names are unique');
});

test('feature names are safe ([A-Za-z0-9_]) and deterministic: the same name resolves to the same definition', () => {
  const extra = ['p1', 'p50', 'p999', 'p9999', 'p5_sketch', 'ewma_a1', 'ewma_a99', 'distinct_hll4', 'distinct_hll16', 'top10_share'];
  for (const name of [...AGGREGATE_NAMES, ...extra]) {
    const a = resolveAggregate(name);
    assert.ok(a, name);
    assert.is(resolveAggregate(name), a, `${name} resolves to one cached definition`);
    const feature = featureName('vibration', name, 30_000);
    assert.ok(/^[A-Za-z0-9_]+$/.test(feature), feature);
    assert.is(feature, `vibration_${name}_30s`);
  }
  // one entry per name: no name is claimed by two rows
  for (const name of [...AGGREGATE_NAMES, ...extra]) assert.is(AGGREGATE_TABLE.filter((e) => e.match(name)).length, 1, name);
});

test('stats are shared only when they are the same stat: one id, one StatDef', () => {
  const byId = new Map<string, StatDef>();
  for (const name of [...AGGREGATE_NAMES, 'p1', 'p999', 'p5_sketch', 'ewma_a30', 'distinct_hll12']) {
    const def = resolveAggregate(name)!;
    const seen = byId.get(def.stat.id);
    if (seen) assert.is(seen, def.stat, `${name}: id ${def.stat.id} maps to two StatDefs`);
    else byId.set(def.stat.id, def.stat);
  }
});

test('every aggregate computes over one window of all of them: a number each, NaN on an empty window except counts', () => {
  const d = new Driven(AGGREGATE_NAMES);
  const empty = d.read();
  AGGREGATE_NAMES.forEach((name, i) => {
    const zero = ['count', 'sum', 'distinct', 'distinct_hll', 'distinct_hll10', 'mode_count', 'mode_ss_count'].includes(name);
    assert.ok(zero ? empty[i] === 0 : Number.isNaN(empty[i]), `${name} on an empty window: ${empty[i]}`);
  });
  for (let i = 0; i < 50; i++) d.push(i % 7, 1_700_000_000_000 + i * 1000);
  for (const [i, v] of d.read().entries()) assert.ok(Number.isFinite(v), `${AGGREGATE_NAMES[i]}: ${v}`);
});

/** Applies ops; returns the incremental reads, the reads of a window rebuilt from the same rows, and the largest |x| seen. */
function incrementalAndRebuilt(names: string[], ops: Op[]): { inc: number[]; reb: number[]; scale: number } {
  const d = new Driven(names);
  let ts = 1_700_000_000_000;
  let scale = 0;
  for (const o of ops) {
    if (o.op === 'add') {
      ts += o.dtMs;
      scale = Math.max(scale, Math.abs(o.x));
      d.push(o.x, ts);
    } else if (o.op === 'absent') d.push(NaN, (ts += o.dtMs));
    else if (o.op === 'remove') for (let i = 0; i < o.k; i++) d.shift();
    else d.read();
  }
  return { inc: d.read(), reb: d.rebuilt().read(), scale };
}

test('conformance, every table entry: the running state equals a rebuild from the rows (restore), on random streams', () => {
  for (const regime of ['ints', 'mixed'] as const) {
    const result = fc.check(
      fc.property(opsArb(valueArb(regime)), (ops) => {
        const { inc, reb, scale } = incrementalAndRebuilt(AGGREGATE_NAMES, ops);
        // ints: exact up to rounding. mixed: removal residue of values up to `scale` that left
        // since the last exact recompute — ~ε·scale² per removal for var (Moments), ≤ √ε·scale otherwise
        const slack = (i: number): number =>
          regime === 'ints' ? 0 : AGGREGATE_NAMES[i] === 'var' ? 64 * ops.length * Number.EPSILON * scale * scale : 1e-7 * scale;
        return inc.every((a, i) => (Number.isNaN(a) && Number.isNaN(reb[i]!)) || Math.abs(a - reb[i]!) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(reb[i]!)) + slack(i));
      }),
      { numRuns: RUNS },
    );
    if (result.failed) {
      const { inc, reb } = incrementalAndRebuilt(AGGREGATE_NAMES, result.counterexample![0]);
      const diff = AGGREGATE_NAMES.map((n, i) => `${n}: ${inc[i]} vs ${reb[i]}`).filter((_, i) => !Object.is(inc[i], reb[i]));
      assert.unreachable(`[${regime}] ${diff.join('; ')}\nops: ${show(result.counterexample![0])}`);
    }
  }
});

test('memory: stats with storage report it, and an emptied window lets it go (idle keys stay small)', () => {
  const d = new Driven(AGGREGATE_NAMES);
  for (let i = 0; i < 5000; i++) d.push(Math.sin(i) * 1e3, i);
  const full = d.stats.reduce((a, s) => a + (s.bytes?.() ?? 0), 0);
  assert.ok(full > 10_000, `a full window's stats hold ${full} bytes`);
  while (d.view.size) d.shift();
  for (const s of d.stats) assert.ok((s.bytes?.() ?? 0) <= 64, `${s.constructor.name} holds ${s.bytes?.()} bytes when empty`);
});

test('docs/AGGREGATES.md is generated from the table (run `npx tsx src/features/aggregates-doc.ts --write`)', () => {
  const text = readFileSync(DOC_PATH, 'utf8');
  assert.ok(text === withTable(text), 'docs/AGGREGATES.md is stale');
});

test.run();
