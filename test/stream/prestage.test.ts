/** Filter and transform pre-stages: unit behaviour, then through createPipelineCore and config loading. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, resolveConfig } from '../../src/config/load.ts';
import { createPipelineCore, type HandleResult } from '../../src/pipeline/core.ts';
import { compile } from '../../src/stream/expr/compile.ts';
import { compilePrestage, type PrestageSpec } from '../../src/stream/prestage.ts';

const LIMITS = { maxPayloadBytes: 4096, maxKeys: 1000, maxEventsPerKey: 100_000 };
const T0 = Date.UTC(2026, 0, 1);
const NOW = T0 + 3_600_000;
const META = { key: 'pump-7', ts: T0, topic: 'd/pump-7/t' };

function pre(spec: PrestageSpec) {
  const r = compilePrestage(spec, compile);
  assert.equal(r.problems, []);
  return r.prestage!;
}

test('transform order: convert → compute (in order, each sees the last) → rename → drop', () => {
  const p = pre({
    transform: {
      convert: { tempF: { from: 'degF', to: 'degC' } },
      compute: { hot: 'tempF > 50', label: 'concat($key, ":", hot)', doubled: 'tempF * 2' },
      rename: { tempF: 'temperature' },
      drop: ['secret'],
    },
  });
  const r = p.apply({ tempF: 212, secret: 'x' }, META);
  assert.is(r.kind, 'keep');
  const body = (r as { body: Record<string, unknown> }).body;
  assert.is(body.temperature, 100);
  assert.is(body.tempF, undefined);
  assert.is(body.hot, true);
  assert.is(body.label, 'pump-7:true');
  assert.is(body.doubled, 200);
  assert.is(body.secret, undefined);
});

test('filter: only true keeps; null, false and a missing field drop', () => {
  const p = pre({ filter: 'x > 0 and $topic =~ "^d/"' });
  assert.is(p.apply({ x: 1 }, META).kind, 'keep');
  assert.is(p.apply({ x: -1 }, META).kind, 'filtered');
  assert.is(p.apply({}, META).kind, 'filtered');
});

test('a computed null, NaN-producing or failing expression is a bad transform naming the field', () => {
  const p = pre({ transform: { compute: { ratio: 'a / b', low: 'lower(s)' } } });
  const zero = p.apply({ a: 1, b: 0, s: 'X' }, META);
  assert.is(zero.kind, 'bad');
  assert.match((zero as { detail: string }).detail, /^transform\.compute\.ratio: the result is null/);
  const typed = p.apply({ a: 1, b: 2, s: 5 }, META);
  assert.match((typed as { detail: string }).detail, /^transform\.compute\.low: lower\(\) needs a string, got number/);
  const conv = pre({ transform: { convert: { t: { from: 'degC', to: 'K' } } } });
  assert.match((conv.apply({ t: 'warm' }, META) as { detail: string }).detail, /transform\.convert\.t: t is string/);
  assert.is(conv.apply({}, META).kind, 'keep', 'a missing reading stays missing');
});

test('events with __proto__ keys cannot pollute prototypes; transform names cannot be prototype names', () => {
  const p = pre({ transform: { compute: { y: 'x + 1' }, rename: { y: 'z' } } });
  const body = JSON.parse('{"x": 1, "__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
  const r = p.apply(body, META) as { body: Record<string, unknown> };
  assert.is(r.body.z, 2);
  assert.is(({} as Record<string, unknown>).polluted, undefined);
  assert.is(Object.getPrototypeOf(r.body), Object.prototype);
  const bad = compilePrestage({ transform: { compute: { __proto__x: '1', constructor: '1' }, rename: { a: 'prototype' } } }, compile);
  assert.equal(bad.problems.length, 2);
  assert.match(bad.problems.join('\n'), /transform\.compute\.constructor: "constructor" is not a field name/);
  assert.match(bad.problems.join('\n'), /transform\.rename\.a: "prototype" is not a field name/);
});

function core(over: Record<string, unknown>) {
  const config = resolveConfig({
    pipelines: [{ name: 'p', source: { topic: 'd/+/t' }, window: { type: 'tumbling', size: '10s', partial: 'emit' }, features: { x: ['count', 'max'] }, model: { name: 'm' }, ...over }],
  });
  return createPipelineCore(config.pipelines[0]!, LIMITS);
}

function feed(c: ReturnType<typeof core>, bodies: Array<Record<string, unknown>>): HandleResult {
  const out: HandleResult = { vectors: [], deadLetters: [] };
  for (const b of bodies) {
    const r = c.handle('d/a/t', Buffer.from(JSON.stringify(b)), NOW);
    out.vectors.push(...r.vectors);
    out.deadLetters.push(...r.deadLetters);
  }
  return out;
}

test('core: filtered events are counted, not dead-lettered, and never reach the window', () => {
  const c = core({ filter: 'status != "maintenance"' });
  const r = feed(c, [
    { ts: T0, x: 1, status: 'ok' },
    { ts: T0 + 1000, x: 99, status: 'maintenance' },
    { ts: T0 + 2000, x: 3 },
    { ts: T0 + 11_000, x: 5 },
  ]);
  assert.is(c.stats.filtered, 1);
  assert.equal(r.deadLetters, []);
  assert.equal(r.vectors.map((v) => [v.values.x_count_10s, v.values.x_max_10s]), [[2, 3]]);
});

test('core: a computed field is a feature in the window; the source field need not be one', () => {
  const c = core({ transform: { compute: { x: 'round(convert(f, "degF", "degC"), 3)' } } });
  const r = feed(c, [{ ts: T0, f: 32 }, { ts: T0 + 1000, f: 212 }, { ts: T0 + 11_000, f: 50 }]);
  assert.equal(r.vectors.map((v) => [v.values.x_count_10s, v.values.x_max_10s]), [[2, 100]]);
});

test('core: a bad transform dead-letters with reason bad_transform and a detail naming the field', () => {
  const c = core({ transform: { compute: { x: 'a / b' } } });
  const r = feed(c, [{ ts: T0, a: 1, b: 0 }]);
  assert.is(r.deadLetters.length, 1);
  assert.is(r.deadLetters[0]!.reason, 'bad_transform');
  assert.match(r.deadLetters[0]!.detail, /transform\.compute\.x/);
  assert.is(c.stats.deadLettered.bad_transform, 1);
  assert.is(c.stats.events, 0);
});

test('config: a bad expression is a config error naming the field, the column and a hint', () => {
  const load = (over: Record<string, unknown>) => () =>
    resolveConfig({ pipelines: [{ name: 'p', source: { topic: 'd/+/t' }, window: { type: 'tumbling', size: '10s' }, features: { x: ['mean'] }, model: { name: 'm' }, ...over }] });
  const problems = (over: Record<string, unknown>): string => {
    try {
      load(over)();
    } catch (err) {
      assert.instance(err, ConfigError);
      return (err as ConfigError).problems.join('\n');
    }
    return '';
  };
  assert.match(problems({ filter: 'len(s) > 2 and lenght(s) < 9' }), /^pipelines\[0\]\.filter: unknown function 'lenght' at 16; did you mean 'len'\?$/);
  assert.match(problems({ filter: 'name =~ "(a+)+$"' }), /pipelines\[0\]\.filter: regular expression .* backtrack catastrophically .* at 9; remove/);
  assert.match(problems({ transform: { compute: { y: '1 +' } } }), /pipelines\[0\]\.transform\.compute\.y: syntax error/);
  assert.match(problems({ transform: { convert: { x: { from: 'degC', to: 'psi' } } } }), /pipelines\[0\]\.transform\.convert\.x: cannot convert temperature \(degC\) to pressure \(psi\)/);
  assert.match(problems({ transform: { explode: {} } }), /pipelines\[0\]\.transform/);
  assert.match(problems({ transform: { drop: ['x'] } }), /pipelines\[0\]\.transform\.drop: x is a feature field/);
  assert.match(problems({ transform: { rename: { x: 'temperature' } } }), /pipelines\[0\]\.transform\.rename\.x: x is a feature field; name the feature temperature instead/);
  assert.not.throws(load({ transform: { rename: { x: 'raw', y: 'x' } } }), 'x is renamed away and another field takes its name');
  assert.not.throws(load({ filter: 'x > 0', transform: { compute: { y: 'x * 2' } } }));
});

test.run();
