/** `npm run fuzz`: ≥ 100k hostile messages through the pipeline; ends with the `fuzz:` line. */

import { fuzzPipeline } from './harness.ts';
import { hostilePayload, hostileTopic } from './payloads.ts';

const cases = Number(process.argv[2] ?? 100_000);
const seed = Number(process.env.FUZZ_SEED ?? 1);
const started = performance.now();
const r = fuzzPipeline({ payload: hostilePayload, topic: hostileTopic }, { cases, seed });
console.log(`fuzz: seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s, heap growth ${r.heapGrowthMb.toFixed(1)} MB`);
console.log(`dead-letter reasons: ${JSON.stringify(r.reasons)}`);
if (r.firstCrash) console.log(`first crash:\n${r.firstCrash}`);
console.log(`fuzz: cases=${r.cases} crashes=${r.crashes} deadlettered=${r.deadlettered} processed=${r.processed}`);
process.exitCode = r.crashes ? 1 : 0;
