/**
 * Top-K from YAML through the real broker: the top 10 users by transaction sum over the last
 * 10 minutes, refreshed every second (event time), one ranking event per refresh. After ten
 * minutes the biggest early payment leaves the window and its user leaves the ranking.
 */

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startPatterns, T0, type PatternRig } from './patterns.ts';

const it = suite('e2e patterns: top-K');
let rig: PatternRig;

it.before(async () => {
  rig = await startPatterns(
    (p) => ({
      patterns: [
        {
          name: `${p}-top-spenders`,
          inputs: { payments: { topic: `${p}/payments/+`, key: '$.user' } },
          operator: 'topk',
          params: { n: 10, aggregate: 'sum', value: 'amount', size: '10m', every: '1s' },
          emit: { topic: `${p}/leaderboard`, template: { from: 'start', to: 'end', top: '$.top' } },
        },
      ],
    }),
    (p) => [`${p}/leaderboard`],
  );
});
it.after(async () => rig?.close());

const user = (i: number) => `u${String(i).padStart(2, '0')}`;
const rank = (...users: Array<[number, number]>) => users.map(([i, value]) => ({ key: user(i), value }));

it('top 10 by sum over 10 minutes, every second; u01 drops out when its payment leaves the window', async () => {
  const p = rig.prefix;
  await rig.publish(`${p}/payments/tx0`, { ts: T0 + 100, user: user(1), amount: 500 });
  for (let i = 2; i <= 12; i++) await rig.publish(`${p}/payments/tx${i}`, { ts: T0 + 1000 + 400 * (i - 2), user: user(i), amount: 10 * i });
  await rig.publish(`${p}/payments/tx13`, { ts: T0 + 601_500, user: user(2), amount: 1 });
  await rig.inbox.until((m) => m.some((x) => x.body.to === T0 + 601_000), 10_000, 'the refresh at 601 s');

  const boards = rig.inbox.messages.map((m) => m.body);
  // One refresh per second of event time, from the first second after the first payment.
  assert.equal(boards.map((b) => (b.to - T0) / 1000), Array.from({ length: 601 }, (_, i) => i + 1));
  const at = (s: number) => boards.find((b) => b.to === T0 + s * 1000);
  assert.equal(at(6), { from: T0 + 6000 - 600_000, to: T0 + 6000, top: rank([1, 500], [12, 120], [11, 110], [10, 100], [9, 90], [8, 80], [7, 70], [6, 60], [5, 50], [4, 40]) });
  assert.equal(at(600)!.top, at(6)!.top, 'still the same ten just before u01 payment leaves');
  assert.equal(at(601), { from: T0 + 1000, to: T0 + 601_000, top: rank([12, 120], [11, 110], [10, 100], [9, 90], [8, 80], [7, 70], [6, 60], [5, 50], [4, 40], [3, 30]) });
});

it.run();
