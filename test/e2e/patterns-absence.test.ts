/**
 * Absence detection from YAML through the real broker, per key: a heartbeat that stops (event
 * time: the watermark moved by the other devices' beats fires the timer), and a state that does
 * not change for a minute (processing time, on an injected clock; a change resets the timer).
 */

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startPatterns, T0, waitFor, withoutId, type PatternRig } from './patterns.ts';

const it = suite('e2e patterns: absence');
let clock = T0;
let rig: PatternRig;

it.before(async () => {
  rig = await startPatterns(
    (p) => ({
      now: () => clock,
      patterns: [
        {
          name: `${p}-heartbeat`,
          inputs: { beats: { topic: `${p}/hb/+`, key: 'topic[2]' } },
          operator: 'absence',
          params: { within: '30s' },
          emit: { topic: `${p}/out/silent/{key}` },
        },
        {
          name: `${p}-heartbeat-idle`,
          inputs: { beats: { topic: `${p}/hb2/+`, key: 'topic[2]' } },
          operator: 'absence',
          params: { within: '30s' },
          reorder: { idle: '10s' },
          emit: { topic: `${p}/out/silent-idle/{key}`, template: { device: '$key', since: 'since', deadline: 'deadline' } },
        },
        {
          name: `${p}-stuck`,
          inputs: { valves: { topic: `${p}/valves/+`, key: 'topic[2]' } },
          operator: 'absence',
          params: { changed: 'position', within: '1m' },
          clock: 'processing',
          emit: { topic: `${p}/out/stuck/{key}`, template: { valve: '$key', position: 'last.position', since: 'since', deadline: 'deadline' } },
        },
      ],
    }),
    (p) => [`${p}/out/#`],
  );
});
it.after(async () => rig?.close());

it('a heartbeat that stops: d1 beats until 20 s, d2 goes on; d1 is reported silent at 50 s', async () => {
  const p = rig.prefix;
  for (let s = 0; s <= 70; s += 10) {
    if (s <= 20) await rig.publish(`${p}/hb/d1`, { ts: T0 + s * 1000, seq: s });
    await rig.publish(`${p}/hb/d2`, { ts: T0 + s * 1000, seq: s });
  }
  await rig.inbox.until((m) => m.length >= 1, 10_000, 'the silence of d1');
  await waitFor(() => rig.service.rules.runtimes[0]!.core.stats.eventsIn === 11, 10_000, 'every beat');
  assert.equal(rig.on(`${p}/out/silent/`).map(withoutId), [
    { pattern: `${p}-heartbeat`, key: 'd1', ts: T0 + 50_000, absent: true, since: T0 + 20_000, deadline: T0 + 50_000, withinMs: 30_000, last: { ts: T0 + 20_000, seq: 20 } },
  ]);
});

it('a state that does not change for a minute (processing time): v1 stays open, v2 closes at 40 s', async () => {
  const p = rig.prefix;
  const stuck = rig.service.rules.runtimes[2]!.core;
  const at = async (ms: number, valve: string, position: string) => {
    clock = T0 + ms;
    const before = stuck.stats.eventsIn;
    await rig.publish(`${p}/valves/${valve}`, { position });
    await waitFor(() => stuck.stats.eventsIn === before + 1, 10_000, `${valve} at ${ms} ms`);
  };
  await at(0, 'v1', 'open');
  await at(0, 'v2', 'open');
  await at(30_000, 'v1', 'open'); // the same: no reset
  await at(40_000, 'v2', 'closed'); // a change: v2's minute starts again
  clock = T0 + 60_001;
  rig.service.rules.tick(clock);
  await rig.inbox.until((m) => m.some((x) => x.topic.startsWith(`${p}/out/stuck/`)), 10_000, 'v1 stuck');
  clock = T0 + 100_001;
  rig.service.rules.tick(clock);
  await rig.inbox.until((m) => m.filter((x) => x.topic.startsWith(`${p}/out/stuck/`)).length === 2, 10_000, 'v2 stuck');
  assert.equal(rig.on(`${p}/out/stuck/`), [
    { valve: 'v1', position: 'open', since: T0, deadline: T0 + 60_000 },
    { valve: 'v2', position: 'closed', since: T0 + 40_000, deadline: T0 + 100_000 },
  ]);
});

it('the only device stops (event time, reorder.idle 10 s): time moves on with the clock and the timer fires', async () => {
  const p = rig.prefix;
  const idle = rig.service.rules.runtimes[1]!.core;
  clock = T0 + 500_000; // processing time of the arrivals
  for (let s = 0; s <= 20; s += 10) await rig.publish(`${p}/hb2/d9`, { ts: T0 + s * 1000 });
  await waitFor(() => idle.stats.eventsIn === 3, 10_000, 'three beats');
  clock += 10_000 + 30_000; // idle for 10 s, then 30 s of event time: the deadline itself, not past it
  rig.service.rules.tick(clock);
  assert.is(idle.stats.emitted, 0);
  clock += 1;
  rig.service.rules.tick(clock);
  await rig.inbox.until((m) => m.some((x) => x.topic.startsWith(`${p}/out/silent-idle/`)), 10_000, 'the silence of d9');
  assert.equal(rig.on(`${p}/out/silent-idle/`), [{ device: 'd9', since: T0 + 20_000, deadline: T0 + 50_000 }]);
});

it.run();
