/** Fuzz sample in `npm test` (the full run is `npm run fuzz`): nothing throws, every bad message has a reason. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fuzzPipeline } from './harness.ts';
import { hostilePayload, hostileTopic } from './payloads.ts';

test('5,000 hostile messages: no crash, each dead-lettered with a reason or processed', () => {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
  const r = fuzzPipeline({ payload: hostilePayload, topic: hostileTopic }, { cases: 5000, seed });
  assert.is(r.crashes, 0, `seed ${seed}: ${r.firstCrash}`);
  assert.is(r.deadlettered + r.processed, r.cases);
  assert.ok(r.deadlettered > r.cases / 3, `most hostile messages are refused (${r.deadlettered}/${r.cases})`);
  assert.ok(r.processed > 0, 'plausible events get through');
  for (const reason of ['invalid_json', 'not_object', 'non_finite', 'bad_type', 'too_large', 'invalid_utf8']) {
    assert.ok((r.reasons[reason] ?? 0) > 0, `reason ${reason} seen (${JSON.stringify(r.reasons)})`);
  }
});

test.run();
