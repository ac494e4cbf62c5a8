/** Fuzz sample: hostile messages through a pipeline with filter and transform — no crash, no pollution, every refusal has a reason. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fuzzPipeline } from './harness.ts';
import { hostilePayload, hostileTopic } from './payloads.ts';

test('3,000 hostile messages through filter + transform: no crash, failures are bad_transform with a field', () => {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
  const r = fuzzPipeline(
    { payload: hostilePayload, topic: hostileTopic },
    {
      cases: 3000,
      seed,
      pipeline: {
        filter: 'not (lower(str(temperature ?? "")) =~ "^x") and $key != "pump-9"',
        transform: {
          convert: { temperature: { from: 'degC', to: 'K' } },
          compute: { temperature: 'round(temperature - 273.15, 6)', vibration: 'coalesce(vibration, len(concat($key, $topic)))' },
          rename: { __proto__x: 'y', constructor_: 'z' },
          drop: ['current_'],
        },
      },
    },
  );
  assert.is(r.crashes, 0, `seed ${seed}: ${r.firstCrash}`);
  assert.is(r.deadlettered + r.processed, r.cases);
  assert.ok(r.processed > 0, 'plausible events get through');
  assert.ok((r.reasons.bad_transform ?? 0) > 0, `some transforms fail (${JSON.stringify(r.reasons)})`);
});

test.run();
