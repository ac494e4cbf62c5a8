/** Flags of `npm run simulate`, parsed and checked into options with readable, flag-named errors. */

import { parseArgs } from 'node:util';
import { formatDuration, parseDuration } from '../config/duration.ts';
import { FAULT_KINDS, isFaultKind, type FaultKind } from './faults.ts';

export interface SimulateArgs {
  url: string;
  devices: number;
  ratePerSec: number;
  /** Undefined: run until Ctrl-C. */
  durationMs: number | undefined;
  faults: FaultKind[];
  faultFraction: number;
  faultOnset: { minMs: number; maxMs: number };
  seed: number;
  qos: 0 | 1 | 2;
  help: boolean;
}

export const SIMULATE_HELP = `Usage: npm run simulate -- [options]

Publishes a simulated pump fleet to an MQTT broker in real time: each device sends
{"ts", "temperature", "vibration", "current"} to devices/<id>/telemetry; some devices develop faults.

  --url <url>             broker (default mqtt://127.0.0.1:1883)
  --devices <n>           pumps pump-1 … pump-n (default 10)
  --rate <n>              events per second per device (default 2)
  --duration <d>          e.g. 60s, 10m (default: until Ctrl-C)
  --faults <list>         comma list of ${FAULT_KINDS.join(', ')}; "none" for a healthy fleet (default all)
  --fault-fraction <x>    share of devices that develop a fault, 0–1 (default 0.3)
  --fault-after <range>   onset range after start, e.g. 20s-60s or 30s (default 20s-60s)
  --seed <n>              fleet seed: same seed, same devices and faults (default 1)
  --qos <0|1|2>           publish QoS (default 1)
  -h, --help              this text
`;

function fail(flag: string, why: string): never {
  throw new Error(`--${flag}: ${why}`);
}

function number(flag: string, text: string, ok: (n: number) => boolean, expected: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !ok(n)) fail(flag, `expected ${expected}, got "${text}"`);
  return n;
}

function duration(flag: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) fail(flag, `expected a duration like 30s, 10m or 1m30s, got "${text}"`);
  return ms;
}

/** `20s-60s`, `20s..60s`, or one duration for a fixed onset. */
function onsetRange(text: string): { minMs: number; maxMs: number } {
  const parts = text.split(/\s*(?:\.\.|-)\s*/);
  if (parts.length > 2) fail('fault-after', `expected a range like 20s-60s, got "${text}"`);
  const minMs = duration('fault-after', parts[0]!);
  const maxMs = parts.length === 2 ? duration('fault-after', parts[1]!) : minMs;
  if (maxMs < minMs) fail('fault-after', `range end ${formatDuration(maxMs)} is before its start ${formatDuration(minMs)}`);
  return { minMs, maxMs };
}

function faultList(text: string): FaultKind[] {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 1 && names[0] === 'none') return [];
  for (const name of names) if (!isFaultKind(name)) fail('faults', `unknown fault "${name}" (known: ${FAULT_KINDS.join(', ')}, none)`);
  return names as FaultKind[];
}

/**
 * @example
 * parseSimulateArgs(['--devices', '3', '--duration', '10s']).durationMs; // 10000
 */
export function parseSimulateArgs(argv: string[]): SimulateArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
      devices: { type: 'string', default: '10' },
      rate: { type: 'string', default: '2' },
      duration: { type: 'string' },
      faults: { type: 'string', default: FAULT_KINDS.join(',') },
      'fault-fraction': { type: 'string', default: '0.3' },
      'fault-after': { type: 'string', default: '20s-60s' },
      seed: { type: 'string', default: '1' },
      qos: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const faults = faultList(values.faults);
  return {
    url: values.url,
    devices: number('devices', values.devices, (n) => Number.isInteger(n) && n >= 1, 'an integer ≥ 1'),
    ratePerSec: number('rate', values.rate, (n) => n > 0 && n <= 1000, 'events/s per device in (0, 1000]'),
    durationMs: values.duration === undefined ? undefined : duration('duration', values.duration),
    faults,
    faultFraction: faults.length === 0 ? 0 : number('fault-fraction', values['fault-fraction'], (n) => n >= 0 && n <= 1, 'a share in [0, 1]'),
    faultOnset: onsetRange(values['fault-after']),
    seed: number('seed', values.seed, (n) => Number.isInteger(n) && n >= 0, 'a non-negative integer'),
    qos: number('qos', values.qos, (n) => n === 0 || n === 1 || n === 2, '0, 1 or 2') as 0 | 1 | 2,
    help: values.help,
  };
}
