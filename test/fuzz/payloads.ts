/** Generators of hostile MQTT messages for the fuzz test and `npm run fuzz`. */

import fc from 'fast-check';

const FIELDS = ['ts', 'temperature', 'vibration', 'current', 'id', '__proto__', 'constructor', 'prototype', 'toString'];

const hostileNumber = fc.oneof(
  fc.double(),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '1e-400', '0x10', '-0', '1_000'),
  fc.integer(),
);

const value: fc.Arbitrary<string> = fc.letrec((tie) => ({
  leaf: fc.oneof(
    hostileNumber.map((n) => String(n)),
    fc.string().map((s) => JSON.stringify(s)),
    fc.constantFrom('true', 'false', 'null', '"NaN"', '"hot"', '""', '"2026-01-01T00:00:00Z"', '"yesterday"'),
  ),
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('array'), tie('object')),
  array: fc.array(tie('node'), { maxLength: 4 }).map((xs) => `[${xs.join(',')}]`),
  object: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 8 })), tie('node')), { maxLength: 6 })
    .map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
})).node as fc.Arbitrary<string>;

/** A plausible event with one field made hostile. */
const nearMiss = fc.record({
  ts: fc.oneof(fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }).map(String), hostileNumber.map(String), fc.constant('"bad"')),
  temperature: fc.oneof(fc.double({ min: -50, max: 150, noNaN: true }).map(String), hostileNumber.map(String), value),
  extra: fc.option(fc.tuple(fc.constantFrom(...FIELDS), value), { nil: undefined }),
}).map(({ ts, temperature, extra }) => `{"ts":${ts},"temperature":${temperature}${extra ? `,${JSON.stringify(extra[0])}:${extra[1]}` : ''}}`);

const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.constant(new Uint8Array([0xc3, 0x28])), // invalid UTF-8
  fc.constant(new Uint8Array(0)),
);

const deep = fc.integer({ min: 100, max: 20_000 }).map((d) => '['.repeat(d) + ']'.repeat(d));
const huge = fc.integer({ min: 70_000, max: 200_000 }).map((n) => `{"ts":1,"temperature":1,"pad":"${'x'.repeat(n)}"}`);

export const hostilePayload: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 4, arbitrary: nearMiss.map((s) => Buffer.from(s)) },
  { weight: 3, arbitrary: value.map((s) => Buffer.from(s)) },
  { weight: 1, arbitrary: bytes.map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: deep.map((s) => Buffer.from(s)) },
  { weight: 1, arbitrary: huge.map((s) => Buffer.from(s)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((s) => Buffer.from(s)) },
);

export const hostileTopic: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('devices/pump-1/telemetry', 'devices/pump-2/telemetry') },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }).map((k) => `devices/${k.replace(/\//g, '_')}/telemetry`) },
  { weight: 1, arbitrary: fc.constantFrom('devices//telemetry', 'devices/+/telemetry', 'devices/#/telemetry', `devices/${'k'.repeat(5000)}/telemetry`) },
);
