/**
 * Sequence detection from YAML through the real broker, in event time and per key: a domestic card
 * payment followed by a foreign one within 10 minutes; three rejected requests in a row; a level
 * rising for 3 steps then dropping. Each case also has a near miss that must not match.
 */

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startPatterns, T0, waitFor, withoutId, type PatternRig } from './patterns.ts';

const it = suite('e2e patterns: sequences');
const MIN = 60_000;
let rig: PatternRig;

it.before(async () => {
  rig = await startPatterns(
    (p) => ({
      patterns: [
        {
          name: `${p}-card`,
          inputs: { payments: { topic: `${p}/cards/+/payments`, key: 'topic[2]' } },
          operator: 'sequence',
          params: { steps: [{ name: 'domestic', where: "country == 'NL'" }, { name: 'foreign', where: 'country != $prev.country' }], within: '10m' },
          emit: { topic: `${p}/alerts/card/{key}` },
        },
        {
          name: `${p}-rejected`,
          inputs: { requests: { topic: `${p}/requests/+`, key: 'topic[2]' } },
          operator: 'sequence',
          params: { times: 3, where: "status == 'rejected'" },
          emit: { topic: `${p}/alerts/rejected/{key}`, template: { user: '$key', first: 'events[0].at', last: 'events[2].at' } },
        },
        {
          name: `${p}-trend`,
          inputs: { levels: { topic: `${p}/levels/+`, key: 'topic[2]' } },
          operator: 'sequence',
          params: { trend: { value: 'level', rising: 3 } },
          emit: { topic: `${p}/alerts/trend/{key}`, template: { tank: '$key', levels: '$.events', at: '$ts' } },
        },
      ],
    }),
    (p) => [`${p}/alerts/#`],
  );
});
it.after(async () => rig?.close());

it('domestic then foreign within 10 minutes: card c1 matches, c2 (11 minutes apart) does not', async () => {
  const p = rig.prefix;
  await rig.publish(`${p}/cards/c1/payments`, { ts: T0, country: 'NL', amount: 20 });
  await rig.publish(`${p}/cards/c2/payments`, { ts: T0 + MIN, country: 'NL', amount: 35 });
  await rig.publish(`${p}/cards/c1/payments`, { ts: T0 + 4 * MIN, country: 'NL', amount: 5 });
  await rig.publish(`${p}/cards/c1/payments`, { ts: T0 + 6 * MIN, country: 'DE', amount: 900 });
  await rig.publish(`${p}/cards/c2/payments`, { ts: T0 + 12 * MIN, country: 'FR', amount: 700 });
  await rig.publish(`${p}/cards/c3/payments`, { ts: T0 + 13 * MIN, country: 'NL', amount: 1 }); // marker: everything before is handled
  await waitFor(() => rig.service.rules.runtimes[0]!.core.stats.eventsIn === 6, 10_000, 'six payments');
  await rig.inbox.until((m) => m.length >= 2, 10_000, 'the alerts');
  const nl0 = { ts: T0, country: 'NL', amount: 20 };
  const nl4 = { ts: T0 + 4 * MIN, country: 'NL', amount: 5 };
  const de6 = { ts: T0 + 6 * MIN, country: 'DE', amount: 900 };
  // `every`: both domestic payments started a match, so the foreign one completes two.
  assert.equal(rig.on(`${p}/alerts/card/`).map(withoutId), [
    { pattern: `${p}-card`, key: 'c1', ts: T0 + 6 * MIN, events: [nl0, de6], start: T0, end: T0 + 6 * MIN, match: { domestic: nl0, foreign: de6 } },
    { pattern: `${p}-card`, key: 'c1', ts: T0 + 6 * MIN, events: [nl4, de6], start: T0 + 4 * MIN, end: T0 + 6 * MIN, match: { domestic: nl4, foreign: de6 } },
  ]);
});

it('three rejected requests in a row: an accepted one in between breaks the run', async () => {
  const p = rig.prefix;
  const statuses = ['rejected', 'rejected', 'ok', 'rejected', 'rejected', 'rejected'];
  for (let i = 0; i < statuses.length; i++) await rig.publish(`${p}/requests/u1`, { ts: T0 + i * 1000, at: i, status: statuses[i] });
  await rig.publish(`${p}/requests/u2`, { ts: T0 + 6000, at: 6, status: 'rejected' });
  await waitFor(() => rig.service.rules.runtimes[1]!.core.stats.eventsIn === 7, 10_000, 'seven requests');
  await rig.inbox.until((m) => m.some((x) => x.topic.startsWith(`${p}/alerts/rejected/`)), 10_000, 'the rejected run');
  assert.equal(rig.on(`${p}/alerts/rejected/`), [{ user: 'u1', first: 3, last: 5 }]);
});

it('rising for 3 steps then a drop: tank t1 matches, t2 (two rises, then a drop) does not', async () => {
  const p = rig.prefix;
  // One watermark per rule: t1's readings come after t2's in event time too, or they would be late.
  const send = async (tank: string, from: number, levels: number[]) => {
    for (let i = 0; i < levels.length; i++) await rig.publish(`${p}/levels/${tank}`, { ts: T0 + (from + i) * 1000, level: levels[i] });
  };
  await send('t2', -10, [10, 11, 12, 8]);
  await send('t1', 0, [5, 10, 11, 12, 13, 9]);
  await waitFor(() => rig.service.rules.runtimes[2]!.core.stats.eventsIn === 10, 10_000, 'ten readings');
  await rig.inbox.until((m) => m.some((x) => x.topic.startsWith(`${p}/alerts/trend/`)), 10_000, 'the trend');
  const lv = (i: number, level: number) => ({ ts: T0 + i * 1000, level });
  // 5, 10, 11, 12, 13 is four rises: the match starting at 10 (three rises, then 9) is the one found,
  // and the one starting at 5 breaks at 13 (a fourth rise where a drop was due).
  assert.equal(rig.on(`${p}/alerts/trend/`), [{ tank: 't1', levels: [lv(1, 10), lv(2, 11), lv(3, 12), lv(4, 13), lv(5, 9)], at: T0 + 5000 }]);
});

it.run();
