/** The JSON decoder: good events decode; every kind of bad payload gets its own dead-letter reason. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_CONFIG } from '../../src/config/demo.ts';
import { resolveConfig } from '../../src/config/load.ts';
import { createJsonDecoder, type DecodeResult } from '../../src/ingest/decode-json.ts';

const pipeline = resolveConfig(DEMO_CONFIG).pipelines[0]!;
const decode = createJsonDecoder(pipeline, { maxPayloadBytes: 1024 });
const topic = 'devices/pump-7/telemetry';
const run = (payload: string | Buffer): DecodeResult =>
  decode(topic, typeof payload === 'string' ? Buffer.from(payload) : payload, 5_000_000_000_000);

test('a good event keeps only the pipeline fields, key from the topic, time in ms', () => {
  const r = run('{"ts": 1732262400123, "temperature": 61.5, "vibration": 2, "note": "x", "id": "e-1"}');
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.text, '{"ts": 1732262400123, "temperature": 61.5, "vibration": 2, "note": "x", "id": "e-1"}');
  assert.equal(r.event, {
    id: 'e-1',
    key: 'pump-7',
    ts: 1732262400123,
    stream: 'motor-health',
    values: { temperature: 61.5, vibration: 2 },
    receivedAt: 5_000_000_000_000,
  });
});

test('event time: epoch seconds and ISO 8601 become epoch ms', () => {
  const s = run('{"ts": 1732262400, "current": 1}');
  const iso = run('{"ts": "2024-11-22T08:00:00.500Z", "current": 1}');
  assert.ok(s.ok && iso.ok);
  if (s.ok) assert.is(s.event.ts, 1732262400000);
  if (iso.ok) assert.is(iso.event.ts, Date.parse('2024-11-22T08:00:00.500Z'));
});

test('without an id, the same message gets the same id; a different body another', () => {
  const a = run('{"ts": 1, "current": 1}');
  const b = run('{"ts": 1, "current": 1}');
  const c = run('{"ts": 1, "current": 2}');
  assert.ok(a.ok && b.ok && c.ok);
  if (a.ok && b.ok && c.ok) {
    assert.is(a.event.id, b.event.id);
    assert.is.not(a.event.id, c.event.id);
    assert.match(a.event.id, /^[0-9a-f]{16}$/);
  }
});

test('bad payloads: each gets a reason and a detail that says what is wrong', () => {
  const table: Array<[string | Buffer, string, RegExp?]> = [
    ['{"ts": 1, "temperature": ', 'invalid_json'],
    ['[1, 2]', 'not_object', /an array/],
    ['42', 'not_object'],
    ['null', 'not_object'],
    ['{"ts": 1, "temperature": 1e400}', 'non_finite', /temperature is Infinity/],
    ['{"ts": 1, "temperature": "NaN"}', 'non_finite'],
    ['{"ts": 1, "temperature": "hot"}', 'bad_type', /temperature must be a number, got string/],
    ['{"ts": 1, "humidity": 3}', 'no_numeric_field', /none of temperature, vibration, current/],
    ['{"temperature": 3}', 'missing_timestamp'],
    ['{"ts": "yesterday", "temperature": 3}', 'bad_timestamp'],
    ['{"ts": -5, "temperature": 3}', 'bad_timestamp'],
    ['{"ts": 6.96e227, "temperature": 3}', 'bad_timestamp'], // beyond the Date range: found by the fuzzer
    [Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'invalid_utf8'],
    [`{"ts": 1, "temperature": 1, "pad": "${'x'.repeat(2000)}"}`, 'too_large', /limit is 1024/],
    ['', 'invalid_json'],
  ];
  for (const [payload, reason, detail] of table) {
    const r = run(payload);
    assert.equal(r.ok, false, String(payload).slice(0, 40));
    if (!r.ok) {
      assert.is(r.reason, reason, String(payload).slice(0, 40));
      if (detail) assert.match(r.detail, detail);
    }
  }
});

test('prototype keys are data, never walked: no pollution, no crash', () => {
  const r = run('{"ts": 1, "temperature": 1, "__proto__": {"polluted": 1}, "constructor": {"prototype": {"x": 1}}}');
  assert.ok(r.ok);
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

test('keys from the payload are checked for topic-unsafe characters', () => {
  const byPath = createJsonDecoder(
    resolveConfig({ pipelines: [{ ...DEMO_CONFIG.pipelines[0], source: { topic: 'telemetry/#', key: '$.device' } }] }).pipelines[0]!,
    { maxPayloadBytes: 1024 },
  );
  const ok = byPath('telemetry/x', Buffer.from('{"device": "pump-1", "ts": 1, "current": 1}'), 0);
  assert.ok(ok.ok);
  const bad = byPath('telemetry/x', Buffer.from('{"device": "a/b", "ts": 1, "current": 1}'), 0);
  assert.equal(bad.ok ? '' : bad.reason, 'bad_key');
  const none = byPath('telemetry/x', Buffer.from('{"ts": 1, "current": 1}'), 0);
  assert.equal(none.ok ? '' : none.reason, 'missing_key');
});

test.run();
