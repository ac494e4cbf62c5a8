/**
 * A pattern over model output, through the real broker: the demo pipeline scores simulated pumps
 * (two develop faults) and publishes anomaly events; the rule "anomaly score > 0.9, then no
 * acknowledgement on acks/<key> within 5 minutes → escalate" consumes them. The first faulty pump
 * is acknowledged; five minutes later (processing time, injected clock) only the other escalates.
 */

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createFleet } from '../../src/sim/fleet.ts';
import { startPatterns, T0, waitFor, type PatternRig } from './patterns.ts';

const it = suite('e2e patterns: escalation over anomaly events');
let clock = T0;
let rig: PatternRig;
let pipeline = '';

it.before(async () => {
  rig = await startPatterns(
    (p) => {
      pipeline = `${p}-motors`;
      return {
        now: () => clock,
        pipeline: { name: pipeline, source: { topic: `${p}/+/telemetry`, key: 'topic[1]', time: '$.ts' }, time: { idleTimeout: 0 } },
        patterns: [
          {
            name: `${p}-escalate`,
            inputs: {
              anomalies: { topic: `streamscore/anomalies/${pipeline}/+`, key: 'topic[3]' },
              acks: { topic: `${p}/acks/+`, key: 'topic[2]' },
            },
            operator: 'absence',
            params: { after: "$source == 'anomalies' and anomaly.score > 0.9", expect: "$source == 'acks'", within: '5m' },
            clock: 'processing',
            emit: { topic: `${p}/escalations/{key}`, template: { escalate: '$key', window: 'trigger.window.end', score: 'trigger.anomaly.score', since: 'since', deadline: 'deadline' } },
          },
        ],
      };
    },
    (p) => [`${p}/escalations/#`, `streamscore/anomalies/${pipeline}/#`],
  );
});
it.after(async () => rig?.close());

it('anomaly > 0.9 then no ack within 5 minutes → escalate; the acknowledged pump does not', async () => {
  const p = rig.prefix;
  const fleet = createFleet({ devices: 2, ratePerSec: 1, startTs: T0, seed: 11, faults: ['overheat', 'wear'], faultFraction: 1, faultOnset: { minMs: 5000, maxMs: 5000 } });
  const events = fleet.until(T0 + 120_000);
  for (const e of events) await rig.publish(`${p}/${e.device}/telemetry`, e.payload);
  const core = rig.service.runners[0]!.core;
  await waitFor(() => core.stats.events === events.length, 10_000, 'every reading');
  await rig.service.runners[0]!.drain();
  const rule = rig.service.rules.runtimes[0]!.core;
  const anomalies = () => rig.on(`streamscore/anomalies/${pipeline}/`);
  await waitFor(() => rule.stats.eventsIn === anomalies().length && anomalies().length > 0, 10_000, 'the rule to see every anomaly');
  const high = anomalies().filter((a) => a.anomaly.score > 0.9);
  const [acked, other] = fleet.plan.map((d) => d.id);
  const firstHigh = (key: string) => high.find((a) => a.key === key)!;
  assert.ok(firstHigh(acked!) && firstHigh(other!), 'both faulty pumps pass 0.9');

  clock = T0 + 60_000; // a minute later the operator acknowledges the first pump
  await rig.publish(`${p}/acks/${acked}`, { by: 'operator-1' });
  await waitFor(() => rule.stats.eventsIn === anomalies().length + 1, 10_000, 'the ack');
  clock = T0 + 300_001;
  rig.service.rules.tick(clock);
  assert.is(rule.stats.emitted, 1, 'one escalation: the acknowledged pump has none');
  await rig.inbox.until((m) => m.some((x) => x.topic.startsWith(`${p}/escalations/`)), 10_000, 'the escalation');
  const trigger = firstHigh(other!);
  assert.equal(rig.on(`${p}/escalations/`), [{ escalate: other, window: trigger.window.end, score: trigger.anomaly.score, since: T0, deadline: T0 + 300_000 }]);
  assert.ok(trigger.window.end > T0 + 30_000, `the trigger is a scored window of the fault (${trigger.window.end - T0} ms)`);
});

it.run();
