/**
 * Stream–stream join from YAML through the real broker: orders and payments with the same order
 * id within 1 minute (event time). The inner join emits the matched pair; the left outer join also
 * emits the order nobody paid, with `right: null`, once the watermark passes its window (ts + 1m).
 */

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { getJson } from './harness.ts';
import { startPatterns, T0, waitFor, withoutId, type PatternRig } from './patterns.ts';

const it = suite('e2e patterns: stream–stream join');
let rig: PatternRig;

it.before(async () => {
  rig = await startPatterns(
    (p) => {
      const inputs = { left: { topic: `${p}/orders/+`, key: 'topic[2]' }, right: { topic: `${p}/payments/+`, key: 'topic[2]' } };
      return {
        patterns: [
          { name: `${p}-inner`, inputs, operator: 'join', params: { within: '1m', type: 'inner' }, emit: { topic: `${p}/out/{pattern}/{key}` } },
          { name: `${p}-left`, inputs, operator: 'join', params: { within: '1m', type: 'left' }, emit: { topic: `${p}/out/{pattern}/{key}` } },
        ],
      };
    },
    (p) => [`${p}/out/#`, 'streamscore/deadletter/#'],
  );
});
it.after(async () => rig?.close());

it('inner emits the pair; left outer adds the unpaid order at window expiry', async () => {
  const p = rig.prefix;
  await rig.publish(`${p}/orders/o1`, { ts: T0, amount: 30 });
  await rig.publish(`${p}/payments/o1`, { ts: T0 + 20_000, paid: 30 });
  await rig.publish(`${p}/orders/o2`, { ts: T0 + 30_000, amount: 12 });
  // Moves the watermark to T0+100s, past o2's window end (T0+90s).
  await rig.publish(`${p}/orders/o3`, { ts: T0 + 100_000, amount: 7 });
  await rig.inbox.until((m) => m.length >= 3, 10_000, 'two pairs and one unmatched order');
  // Bad input is dead-lettered with its reason (never a crash), and late input too.
  await rig.publish(`${p}/orders/o4`, '{"ts": 17');
  await rig.publish(`${p}/orders/o5`, { ts: T0, amount: 1 });
  const dead = (m: typeof rig.inbox.messages) => m.filter((x) => x.topic.startsWith('streamscore/deadletter/') && x.body.pipeline === `${p}-left`);
  await rig.inbox.until((m) => dead(m).length === 2, 10_000, 'two dead letters');
  assert.equal(dead(rig.inbox.messages).map((d) => [d.topic, d.body.topic]), [
    ['streamscore/deadletter/invalid_json', `${p}/orders/o4`],
    ['streamscore/deadletter/late', `${p}/orders/o5`],
  ]);

  const pair = { key: 'o1', ts: T0 + 20_000, left: { ts: T0, amount: 30 }, right: { ts: T0 + 20_000, paid: 30 } };
  assert.equal(rig.on(`${p}/out/${p}-inner/`).map(withoutId), [{ pattern: `${p}-inner`, ...pair }]);
  assert.equal(rig.on(`${p}/out/${p}-left/`).map(withoutId), [
    { pattern: `${p}-left`, ...pair },
    { pattern: `${p}-left`, key: 'o2', ts: T0 + 90_000, left: { ts: T0 + 30_000, amount: 12 }, right: null },
  ]);
  assert.is(rig.inbox.messages.find((m) => m.topic === `${p}/out/${p}-left/o2`)?.body.right, null, 'published under the key of the order');

  // Redelivery is idempotent: the same payment again (same body → same id) joins nothing new.
  await rig.publish(`${p}/payments/o1`, { ts: T0 + 20_000, paid: 30 });
  const left = rig.service.rules.runtimes.find((r) => r.core.config.name === `${p}-left`)!;
  await waitFor(() => left.core.stats.duplicates === 1, 10_000, 'the redelivery to be dropped');
  assert.is(rig.on(`${p}/out/${p}-left/`).length, 2);

  // GET /v1/patterns: each rule with live counters (events in: 4 joined + 1 late), and the registry's operators with their docs.
  const listed = (await getJson(`${rig.service.httpUrl}/v1/patterns`)).body;
  const mine = listed.patterns.find((x: any) => x.name === `${p}-left`);
  assert.equal([mine.operator, mine.stats.eventsIn, mine.stats.emitted, mine.stats.duplicates, mine.stats.keys], ['join', 5, 2, 1, 1]);
  const join = listed.operators.find((o: any) => o.name === 'join');
  assert.equal(join.inputs, ['left', 'right']);
  assert.ok(join.params.properties.within && join.example.length > 0);
  const metrics = (await getJson(`${rig.service.httpUrl}/metrics`)).body;
  assert.match(metrics, `streamscore_pattern_events_total{pattern="${p}-left"} 5`);
  assert.match(metrics, `streamscore_pattern_duplicates_total{pattern="${p}-left"} 1`);
});

it.run();
