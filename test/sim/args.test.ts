/** `npm run simulate` flags: defaults, parsing, and errors that name the flag. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSimulateArgs } from '../../src/sim/args.ts';

test('defaults', () => {
  assert.equal(parseSimulateArgs([]), {
    url: 'mqtt://127.0.0.1:1883',
    devices: 10,
    ratePerSec: 2,
    durationMs: undefined,
    faults: ['wear', 'overheat', 'stuck'],
    faultFraction: 0.3,
    faultOnset: { minMs: 20_000, maxMs: 60_000 },
    seed: 1,
    qos: 1,
    help: false,
  });
});

test('flags', () => {
  const args = parseSimulateArgs(['--devices', '3', '--rate', '0.5', '--duration', '1m30s', '--faults', 'stuck', '--fault-after', '10s..2m', '--qos', '0']);
  assert.is(args.devices, 3);
  assert.is(args.ratePerSec, 0.5);
  assert.is(args.durationMs, 90_000);
  assert.equal(args.faults, ['stuck']);
  assert.equal(args.faultOnset, { minMs: 10_000, maxMs: 120_000 });
  assert.is(args.qos, 0);
  assert.equal(parseSimulateArgs(['--fault-after', '30s']).faultOnset, { minMs: 30_000, maxMs: 30_000 });
  assert.is(parseSimulateArgs(['--faults', 'none']).faultFraction, 0);
});

test('errors name the flag', () => {
  assert.throws(() => parseSimulateArgs(['--devices', '0']), /--devices: expected an integer ≥ 1, got "0"/);
  assert.throws(() => parseSimulateArgs(['--rate', 'fast']), /--rate/);
  assert.throws(() => parseSimulateArgs(['--duration', '10 parsecs']), /--duration: expected a duration/);
  assert.throws(() => parseSimulateArgs(['--faults', 'wear,melt']), /--faults: unknown fault "melt"/);
  assert.throws(() => parseSimulateArgs(['--fault-after', '60s-20s']), /--fault-after: range end 20s is before its start 1m/);
  assert.throws(() => parseSimulateArgs(['--qos', '3']), /--qos/);
  assert.throws(() => parseSimulateArgs(['--fault-fraction', '2']), /--fault-fraction/);
});

test.run();
