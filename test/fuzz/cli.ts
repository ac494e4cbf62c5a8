/**
 * `npm run fuzz`: ≥ 100k hostile messages through the pipeline, then the cardinality attack (1M
 * distinct device ids, CARDINALITY_DEVICES to change); ends with the `fuzz:` line.
 */

import { cardinalityAttack, cardinalityLine } from './cardinality.ts';
import { fuzzPipeline } from './harness.ts';
import { hostilePayload, hostileTopic } from './payloads.ts';

const cases = Number(process.argv[2] ?? 100_000);
const seed = Number(process.env.FUZZ_SEED ?? 1);
const started = performance.now();
const r = fuzzPipeline({ payload: hostilePayload, topic: hostileTopic }, { cases, seed });
console.log(`fuzz: seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s, heap growth ${r.heapGrowthMb.toFixed(1)} MB`);
console.log(`dead-letter reasons: ${JSON.stringify(r.reasons)}`);
if (r.firstCrash) console.log(`first crash:\n${r.firstCrash}`);
const flood = cardinalityAttack({ devices: Number(process.env.CARDINALITY_DEVICES ?? 1_000_000), maxKeys: 10_000 });
const floodOk = flood.crashes === 0 && flood.windowKeys <= flood.maxKeys && flood.evictions === flood.devices - flood.maxKeys && flood.aliveVectors > 0;
console.log(cardinalityLine(flood));
console.log(`fuzz: cases=${r.cases} crashes=${r.crashes} deadlettered=${r.deadlettered} processed=${r.processed}`);
process.exitCode = r.crashes || !floodOk ? 1 : 0;
