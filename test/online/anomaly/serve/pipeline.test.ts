/** The anomaly: extension: score events every window, one explained event per incident, snapshot/restore. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pino } from 'pino';
import { resolveConfig } from '../../../../src/config/load.ts';
import type { FeatureVector } from '../../../../src/features/vector.ts';
import { createAnomalyExtension, type AnomalyEvent } from '../../../../src/online/anomaly/serve/pipeline.ts';
import type { ExtensionOutput, PipelineExtension } from '../../../../src/pipeline/extension.ts';
import { createRng } from '../../../../src/sim/rng.ts';

const T0 = Date.UTC(2026, 0, 1);
const STEP = 5000;

function extension(anomaly: Record<string, unknown>, restore?: unknown): PipelineExtension {
  const config = resolveConfig({
    pipelines: [{
      name: 'pumps',
      source: { topic: 'devices/+/telemetry' },
      window: { type: 'tumbling', size: '5s' },
      features: { temperature: ['mean'], current: ['mean'] },
      anomaly,
    }],
  });
  const p = config.pipelines[0]!;
  return createAnomalyExtension({ config: p, featureNames: ['temperature_mean_5s', 'current_mean_5s'], logger: pino({ level: 'silent' }), ...(restore !== undefined && { restore }) })!;
}

/** Windows for `keys`, `n` per key; `fault(key, i)` adds °C to the temperature of that window. */
function windows(keys: string[], n: number, fault: (key: string, i: number) => number = () => 0, from = 0): FeatureVector[] {
  const rng = createRng(11);
  const out: FeatureVector[] = [];
  for (let i = 0; i < from + n; i++) {
    for (const key of keys) {
      const t = 60 + 2 * Math.sin(i / 9) + 0.3 * rng.normal();
      const c = 12 + 0.2 * rng.normal();
      if (i < from) continue;
      const end = T0 + (i + 1) * STEP;
      out.push({ key, window: { start: end - STEP, end, count: 5 }, values: { temperature_mean_5s: t + fault(key, i), current_mean_5s: c }, eventTime: end - 1 });
    }
  }
  return out;
}

function feed(ext: PipelineExtension, vectors: FeatureVector[]): ExtensionOutput {
  const out: ExtensionOutput = { publish: [], scores: [] };
  for (const v of vectors) {
    const o = ext.onVectors([v], v.window.end + 10);
    out.publish.push(...o.publish);
    out.scores.push(...o.scores);
  }
  return out;
}

const GAUSSIAN = { detectors: [{ name: 'gaussian', params: { minSamples: 10 } }], threshold: { value: 0.8, warmup: 20, cooldown: '1m' } };
const overheat = (key: string, i: number): number => (key === 'pump-2' && i >= 150 && i < 180 ? 15 : 0);

test('every window is a score event; a 30-window overheat on one pump is exactly one explained anomaly event', () => {
  const ext = extension(GAUSSIAN);
  const out = feed(ext, windows(['pump-1', 'pump-2', 'pump-3'], 250, overheat));
  assert.is(out.scores.length, 750);
  assert.is(out.publish.filter((p) => p.topic.startsWith('streamscore/scores/pumps/')).length, 750);
  const events = out.publish.filter((p) => p.topic.startsWith('streamscore/anomalies/'));
  assert.is(events.length, 1, events.map((e) => e.topic).join());
  assert.is(events[0]!.topic, 'streamscore/anomalies/pumps/pump-2');
  const event = JSON.parse(events[0]!.payload) as AnomalyEvent;
  assert.is(event.window.end, T0 + 151 * STEP, 'the first faulty window raises it');
  assert.is(event.key, 'pump-2');
  assert.is(event.anomaly?.is, true);
  assert.ok(event.anomaly!.score >= event.anomaly!.threshold);
  assert.equal(event.detector, { name: 'gaussian', version: 1, paramsHash: event.detector.paramsHash, scope: 'key' });
  assert.match(event.detector.paramsHash, /^[0-9a-f]{8,}$/);
  assert.is(event.policy, 'fixed');
  assert.is(event.explanation[0]!.feature, 'temperature_mean_5s');
  assert.is(event.explanation[0]!.direction, 'high');
  assert.ok(event.explanation[0]!.value - event.explanation[0]!.expected > 10);
  // The same object is the window's score (store, /v1/scores) and is flagged there.
  assert.equal(out.scores.filter((s) => s.anomaly?.is), [event]);
  assert.equal(ext.stats(), { windows: 750, events: 1, skippedRevisions: 0, errors: 0, keys: 3, evictions: 0 });
});

test('ids are deterministic, and distinct from a model score id for the same window', () => {
  const a = feed(extension(GAUSSIAN), windows(['pump-1'], 30));
  const b = feed(extension(GAUSSIAN), windows(['pump-1'], 30));
  assert.equal(a.scores.map((s) => s.id), b.scores.map((s) => s.id));
  assert.is(new Set(a.scores.map((s) => s.id)).size, 30);
});

test('restart: snapshot → JSON → restore gives byte-identical output to an uninterrupted run', () => {
  for (const anomaly of [
    GAUSSIAN,
    { detectors: ['rcf'], threshold: { policy: 'quantile', hysteresis: 0.02, warmup: 30 } },
    { detectors: ['mad', 'ewma', 'hst'], combine: 'rank', scope: 'pipeline', threshold: { policy: 'adaptive', warmup: 30 } },
  ]) {
    const all = windows(['pump-1', 'pump-2'], 220, overheat);
    const cut = 2 * 160;
    const straight = feed(extension(anomaly), all);
    const first = extension(anomaly);
    feed(first, all.slice(0, cut));
    const saved = JSON.parse(JSON.stringify(first.snapshot()));
    const resumed = feed(extension(anomaly, saved), all.slice(cut));
    assert.equal(resumed.publish, straight.publish.slice(straight.publish.length - resumed.publish.length), JSON.stringify(anomaly.detectors));
    assert.is(resumed.scores.length, all.length - cut);
  }
});

test('a snapshot from other detector params is not restored', () => {
  const first = extension(GAUSSIAN);
  feed(first, windows(['pump-1'], 50));
  const other = extension({ ...GAUSSIAN, detectors: [{ name: 'gaussian', params: { minSamples: 12 } }] }, first.snapshot());
  assert.is(other.stats().keys, 0);
  assert.is(extension(GAUSSIAN, first.snapshot()).stats().keys, 1);
});

test('scope pipeline: one detector for every key; thresholds stay per key', () => {
  const ext = extension({ ...GAUSSIAN, scope: 'pipeline' });
  feed(ext, windows(['pump-1', 'pump-2'], 30));
  const snap = ext.snapshot() as { shared?: unknown; keys: Array<[string, { detector?: unknown }]> };
  assert.ok(snap.shared !== undefined);
  assert.equal(snap.keys.map(([k, s]) => [k, s.detector]), [['pump-1', undefined], ['pump-2', undefined]]);
});

test('bounded keys: beyond maxKeys the least recently seen key is evicted and counted', () => {
  const ext = extension({ ...GAUSSIAN, maxKeys: 2 });
  feed(ext, windows(['a', 'b', 'c', 'd'], 3));
  const stats = ext.stats();
  assert.is(stats.keys, 2);
  assert.ok(stats.evictions! >= 2);
});

test('corrected windows (revisions) are not learned twice', () => {
  const ext = extension(GAUSSIAN);
  const v = windows(['pump-1'], 1)[0]!;
  assert.is(ext.onVectors([{ ...v, revision: 1 }], 0).scores.length, 0);
  assert.is(ext.stats().skippedRevisions, 1);
});

test.run();
