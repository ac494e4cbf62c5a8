/**
 * Crash-restart: the service (a child process) SIGKILLed 20 times at seeded random points under
 * QoS 1 load through a test-owned persistent Mosquitto, restarted each time, then stopped with
 * SIGTERM. Every event is reflected in the outputs, duplicates go away by output id, and every
 * window equals the crash-free in-process run. `npm run chaos` does the same with 50+ kills.
 */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findMosquitto } from '../../bench/mosquitto.ts';
import { runChaos } from '../chaos/crash.ts';

const mosquitto = findMosquitto();

if (!mosquitto) {
  console.log('  skipped: crash-restart test — mosquitto is not installed (.ci/run installs it)');
} else {
  test('20 SIGKILLs under QoS 1 load: nothing lost, no double count, windows equal a crash-free run', async () => {
    const r = await runChaos({ mosquitto, kills: 20, events: 4000, seed: 20 });
    console.log(`  crash: kills=${r.kills} events=${r.events} lost=${r.lost} duplicates_after_dedupe=${r.duplicatesAfterDedupe} mismatched_windows=${r.mismatchedWindows} (outputs ${r.received}, unique ${r.unique}, replayed ${r.replayed}, ${r.inexact} equal within 1e-12 only)`);
    assert.is(r.kills, 20);
    assert.ok(r.received > r.unique, 'the kills did cause redelivered outputs (else the test proved nothing)');
    assert.ok(r.replayed > 0, 'restarts replayed the write-ahead log');
    assert.is(r.lost, 0);
    assert.is(r.duplicatesAfterDedupe, 0);
    assert.is(r.mismatchedWindows, 0);
    assert.is(r.deadLetters, 0, 'no event turned late or invalid through a restart');
    assert.is(r.sigtermExit, 0, 'SIGTERM: a clean exit');
    assert.is(r.replayedAfterSigterm, 0, 'after a graceful stop the final snapshot covers the whole log: no record is left');
  });
}

test.run();
