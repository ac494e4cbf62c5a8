/**
 * Scatter-gather from YAML through the real broker: a loan request is fanned out to the credit,
 * address and identity checks (branch topics); the checkers' answers with the same correlation id
 * are combined into one event. For the second request the identity check never answers: at the
 * 5 s timeout (processing time, injected clock) the partial result names what is missing.
 */

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { connect } from './harness.ts';
import { startPatterns, T0, waitFor, withoutId, type PatternRig } from './patterns.ts';

const it = suite('e2e patterns: scatter-gather');
let clock = T0;
let rig: PatternRig;

it.before(async () => {
  rig = await startPatterns(
    (p) => ({
      now: () => clock,
      patterns: [
        {
          name: `${p}-loan`,
          inputs: {
            requests: { topic: `${p}/loans/+`, key: 'topic[2]' },
            credit: { topic: `${p}/results/credit/+`, key: 'topic[3]' },
            address: { topic: `${p}/results/address/+`, key: 'topic[3]' },
            identity: { topic: `${p}/results/identity/+`, key: 'topic[3]' },
          },
          scatter: { input: 'requests', topics: [`${p}/check/credit/{key}`, `${p}/check/address/{key}`, `${p}/check/identity/{key}`] },
          operator: 'gather',
          params: { parts: ['credit', 'address', 'identity'], timeout: '5s', policy: 'partial' },
          clock: 'processing',
          emit: { topic: `${p}/loans-checked/{key}` },
        },
      ],
    }),
    (p) => [`${p}/loans-checked/#`, `${p}/check/#`],
  );
});
it.after(async () => rig?.close());

it('fan out to three checks; all three answers → one event; two answers → partial at the timeout', async () => {
  const p = rig.prefix;
  // The checkers: credit and address answer every request; identity answers only L1.
  const checker = await connect(rig.service.mqttUrl);
  checker.on('message', (topic, payload) => {
    const [, , branch, id] = topic.split('/');
    const request = JSON.parse(payload.toString());
    const answers: Record<string, unknown> = { credit: { score: request.amount > 5000 ? 610 : 720 }, address: { verified: true }, identity: { match: 0.98 } };
    if (branch === 'identity' && id !== 'L1') return;
    void checker.publishAsync(`${p}/results/${branch}/${id}`, JSON.stringify(answers[branch!]), { qos: 1 });
  });
  await checker.subscribeAsync(`${p}/check/+/+`, { qos: 1 });

  await rig.publish(`${p}/loans/L1`, { amount: 2000, applicant: 'ann' });
  await rig.inbox.until((m) => m.some((x) => x.topic === `${p}/loans-checked/L1`), 10_000, 'L1 gathered');
  clock = T0 + 1000;
  await rig.publish(`${p}/loans/L2`, { amount: 9000, applicant: 'bob' });
  const loan = rig.service.rules.runtimes[0]!.core;
  await waitFor(() => loan.stats.eventsIn === 7, 10_000, 'L2 request and its two answers'); // L1: request + 3 answers; L2: request + 2
  clock = T0 + 1000 + 5000;
  rig.service.rules.tick(clock); // the timeout is due exactly now: not yet (timers fire strictly after)
  assert.is(loan.stats.emitted, 1);
  clock += 1;
  rig.service.rules.tick(clock);
  await rig.inbox.until((m) => m.some((x) => x.topic === `${p}/loans-checked/L2`), 10_000, 'L2 partial');

  assert.equal(rig.inbox.messages.filter((m) => m.topic.startsWith(`${p}/check/`)).map((m) => [m.topic, m.body.applicant]), [
    [`${p}/check/credit/L1`, 'ann'], [`${p}/check/address/L1`, 'ann'], [`${p}/check/identity/L1`, 'ann'],
    [`${p}/check/credit/L2`, 'bob'], [`${p}/check/address/L2`, 'bob'], [`${p}/check/identity/L2`, 'bob'],
  ]);
  assert.equal(rig.on(`${p}/loans-checked/`).map(withoutId), [
    { pattern: `${p}-loan`, key: 'L1', ts: T0, parts: { credit: { score: 720 }, address: { verified: true }, identity: { match: 0.98 } }, missing: [] },
    { pattern: `${p}-loan`, key: 'L2', ts: T0 + 6000, parts: { credit: { score: 610 }, address: { verified: true } }, missing: ['identity'] },
  ]);
  await checker.endAsync();
});

it.run();
