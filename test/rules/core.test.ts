/** A rule's core over a probe operator: decode, dead letters, dedupe, order, clocks, render, snapshot. */

import { Type } from '@sinclair/typebox';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveRules, type RuleConfig } from '../../src/rules/config.ts';
import { createRuleCore, type RuleCoreDeps } from '../../src/rules/core.ts';
import { compile } from '../../src/stream/expr/compile.ts';
import type { OperatorSpec, PatternEvent } from '../../src/stream/patterns/operator.ts';
import { RuleSchema } from '../../src/rules/schema.ts';
import { Value } from '@sinclair/typebox/value';
import fc from 'fast-check';
import { joinSpec } from '../../src/stream/patterns/join.ts';

const it = suite('rules/core');

/** Echoes every event it is fed (in the order fed) and, on advance, one `tick` result per call. */
const probe: OperatorSpec<{ every: number }> = {
  name: 'probe',
  summary: 'test operator',
  params: Type.Object({ every: Type.Integer({ default: 1 }) }),
  example: '',
  create(_params, opts) {
    const fed: string[] = (opts.state as string[] | undefined) ?? [];
    return {
      push: (e: PatternEvent) => (fed.push(`${e.source}:${e.key}@${e.ts}`), [{ id: e.id, key: e.key, ts: e.ts, body: { seen: e.body, fed: fed.length } }]),
      advance: (wm: number) => [{ id: `t${wm}`, key: 'timer', ts: wm, body: { fired: wm } }],
      snapshot: () => fed,
      stats: () => ({ keys: 1, buffered: fed.length, evicted: 0 }),
    };
  },
};

function rule(over: Record<string, unknown> = {}): RuleConfig {
  const raw = Value.Default(RuleSchema, { name: 'r', inputs: { in: { topic: 'dev/+/x' } }, operator: 'probe', ...over });
  const problems: string[] = [];
  const [config] = resolveRules([raw as never], [], { operators: { probe }, compile }, problems);
  assert.equal(problems, []);
  return config!;
}

const deps = (over: Partial<RuleCoreDeps> = {}): RuleCoreDeps => ({ spec: probe, compile, maxPayloadBytes: 256, ...over });
const T = Date.UTC(2026, 0, 1);
const msg = (body: unknown): Buffer => Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));

it('bad input is dead-lettered with its reason and counted; good input flows; redelivery is dropped by id', () => {
  const core = createRuleCore(rule(), deps());
  const input = core.config.inputs[0]!;
  const reasons = ['{"ts":', '[1]', '{"v":1}', '{"ts":"yesterday"}', `{"ts":1,"pad":"${'x'.repeat(300)}"}`].map((p) => core.handle(input, 'dev/a/x', msg(p), 5).deadLetters[0]!.reason);
  assert.equal(reasons, ['invalid_json', 'not_object', 'missing_timestamp', 'bad_timestamp', 'too_large']);
  const out = core.handle(input, 'dev/a/x', msg({ id: 'e1', ts: T, v: 1 }), 5);
  assert.equal(out.results.map((r) => [r.topic, JSON.parse(r.payload)]), [
    ['streamscore/patterns/r/a', { id: 'e1', pattern: 'r', key: 'a', ts: T, seen: { id: 'e1', ts: T, v: 1 }, fed: 1 }],
    ['streamscore/patterns/r/timer', { id: `t${T}`, pattern: 'r', key: 'timer', ts: T, fired: T }],
  ]);
  core.handle(input, 'dev/a/x', msg({ id: 'e1', ts: T, v: 1 }), 6);
  assert.equal(core.stats, { eventsIn: 1, emitted: 2, duplicates: 1, deadLettered: { invalid_json: 1, not_object: 1, missing_timestamp: 1, bad_timestamp: 1, too_large: 1 } });
});

it('event clock: held for the slack, released in time order; behind the watermark → dead letter "late"', () => {
  const core = createRuleCore(rule({ reorder: { slack: '10s' } }), deps());
  const input = core.config.inputs[0]!;
  const fed = (ts: number, key = 'a') => core.handle(input, `dev/${key}/x`, msg({ ts: T + ts }), 0);
  // The first event sets the watermark (its time − slack): the probe's timer fires there.
  assert.equal(fed(20_000).results.map((r) => JSON.parse(r.payload).fired - T), [10_000]);
  assert.equal(fed(15_000).results, []);
  const out = fed(31_000);
  assert.equal(out.results.map((r) => JSON.parse(r.payload).seen?.ts - T || `tick ${JSON.parse(r.payload).fired - T}`), [15_000, 20_000, 'tick 21000']);
  const late = fed(5_000, 'b');
  assert.is(late.deadLetters[0]!.reason, 'late');
  assert.match(late.deadLetters[0]!.detail, 'behind the watermark of pattern r (reorder.slack 10000 ms)');
  assert.is(late.deadLetters[0]!.topic, 'dev/b/x');
  assert.is(core.watermark, T + 21_000);
});

it('event clock with reorder.idle: silent inputs let event time follow the service clock', () => {
  const core = createRuleCore(rule({ reorder: { idle: '10s' } }), deps());
  const arrival = 5_000_000;
  core.handle(core.config.inputs[0]!, 'dev/a/x', msg({ ts: T }), arrival);
  const fired = (now: number) => core.tick(now).results.map((r) => JSON.parse(r.payload).fired - T);
  assert.equal([fired(arrival + 9_999), fired(arrival + 10_000)], [[], []], 'not idle yet, then idle but time has not moved');
  assert.equal(fired(arrival + 12_000), [2000]);
  assert.equal(fired(arrival + 12_000), [], 'the same time again fires nothing');
  assert.is(core.watermark, T + 2000);
  const late = core.handle(core.config.inputs[0]!, 'dev/a/x', msg({ ts: T + 1000 }), arrival + 12_500);
  assert.is(late.deadLetters[0]?.reason, 'late', 'input behind the advanced watermark is late');
  assert.equal(createRuleCore(rule(), deps()).tick(arrival + 60_000).results, [], 'idle is off by default');
});

it('processing clock: events are stamped on arrival, timers fire on tick', () => {
  const core = createRuleCore(rule({ clock: 'processing' }), deps());
  const out = core.handle(core.config.inputs[0]!, 'dev/a/x', msg({ ts: 1 }), 777);
  assert.is(JSON.parse(out.results[0]!.payload).ts, 777);
  assert.equal(core.tick(2000).results.map((r) => r.key), ['timer']);
});

it('a template that throws on a result dead-letters it as render_failed; others still render', () => {
  const core = createRuleCore(rule({ clock: 'processing', emit: { format: 'json', template: { up: 'upper(seen.name)' } } }), deps());
  const input = core.config.inputs[0]!;
  assert.equal(core.handle(input, 'dev/a/x', msg({ name: 'pump' }), 1).results.map((r) => r.payload), ['{"up":"PUMP"}']);
  const bad = core.handle(input, 'dev/a/x', msg({ name: 5 }), 2);
  assert.equal([bad.results.length, bad.deadLetters[0]?.reason], [0, 'render_failed']);
});

it('snapshot → restore: the operator resumes with its state, dedupe remembers ids', () => {
  const config = rule();
  const first = createRuleCore(config, deps());
  first.handle(config.inputs[0]!, 'dev/a/x', msg({ id: 'x1', ts: T }), 0);
  const saved = JSON.parse(JSON.stringify(first.snapshot()));
  const second = createRuleCore(config, deps({ restore: saved }));
  assert.equal(second.handle(config.inputs[0]!, 'dev/a/x', msg({ id: 'x1', ts: T }), 0).results, []);
  const out = second.handle(config.inputs[0]!, 'dev/a/x', msg({ id: 'x2', ts: T + 1000 }), 0);
  assert.is(JSON.parse(out.results[0]!.payload).fed, 2);
});

it('hostile input never throws: every message is fed, dropped as a duplicate, or dead-lettered with a reason', () => {
  const join = (() => {
    const raw = Value.Default(RuleSchema, { name: 'j', inputs: { left: { topic: 'l/+' }, right: { topic: 'r/+' } }, operator: 'join', params: { within: '1m', type: 'full' } });
    const problems: string[] = [];
    const [config] = resolveRules([raw as never], [], { operators: { join: joinSpec }, compile }, problems);
    return config!;
  })();
  const body = fc.oneof(
    fc.record({ ts: fc.oneof(fc.integer({ min: T - 100_000, max: T + 100_000 }), fc.constant('2026-01-01T00:00:00Z'), fc.double(), fc.string()), id: fc.oneof(fc.string({ maxLength: 3 }), fc.integer()) }, { requiredKeys: [] }),
    fc.jsonValue(),
  );
  const payload = fc.oneof(body.map((b) => Buffer.from(JSON.stringify(b) ?? 'null')), fc.uint8Array({ maxLength: 300 }).map((u) => Buffer.from(u)), fc.string().map((t) => Buffer.from(t)));
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.boolean(), fc.constantFrom('a', 'b', '', '+'), payload), { maxLength: 40 }), (messages) => {
      const core = createRuleCore(join, deps());
      for (const [left, key, bytes] of messages) {
        const input = core.config.inputs[left ? 0 : 1]!;
        core.handle(input, `${left ? 'l' : 'r'}/${key}`, bytes, T);
      }
      const { late = 0, ...refused } = core.stats.deadLettered;
      const decodeFailures = Object.values(refused).reduce((a, b) => a + (b ?? 0), 0);
      return core.stats.eventsIn + core.stats.duplicates + decodeFailures === messages.length && late <= core.stats.eventsIn;
    }),
    { numRuns: 300, seed: 42 },
  );
});

it.run();
