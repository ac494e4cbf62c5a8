/** `npm run chaos [kills] [events]`: 50+ SIGKILLs of the service under QoS 1 load; ends with the `chaos:` line. */

import { findMosquitto } from '../../bench/mosquitto.ts';
import { runChaos } from './crash.ts';

const mosquitto = findMosquitto();
if (!mosquitto) {
  console.log('chaos: skipped — mosquitto is not installed (set MOSQUITTO_BIN)');
  process.exit(0);
}
const kills = Number(process.argv[2] ?? 50);
const events = Number(process.argv[3] ?? 20_000);
const seed = Number(process.env.CHAOS_SEED ?? 1);
const started = performance.now();
const r = await runChaos({ mosquitto, kills, events, seed, log: (line) => console.log(line) });
console.log(`chaos: seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s, ${r.received} outputs received (${r.unique} unique), ${r.replayed} log records replayed over the restarts, ${r.replayedAfterSigterm} after the graceful stop (exit ${r.sigtermExit}), ${r.deadLetters} dead letters, ${r.inexact} windows equal within 1e-12 relative (not bit-identical)`);
if (r.example) console.log(`first mismatch: ${r.example}`);
console.log(`chaos: kills=${r.kills} events=${r.events} lost=${r.lost} duplicates_after_dedupe=${r.duplicatesAfterDedupe} mismatched_windows=${r.mismatchedWindows}`);
process.exitCode = r.lost || r.duplicatesAfterDedupe || r.mismatchedWindows ? 1 : 0;
