/**
 * The `anomaly:` pipeline extension: per key (or per pipeline) detector state, a threshold filter
 * per key, and for every closed window a score event; on the window that opens an incident, an
 * anomaly event with an explanation. Pure like the core: it returns what to publish and store.
 */

import type { ScoreEvent } from '../../../emit/events.ts';
import { makeScoreEvent } from '../../../emit/events.ts';
import { KeyedState } from '../../../features/keyed.ts';
import type { FeatureVector } from '../../../features/vector.ts';
import { renderTopic } from '../../../config/topic.ts';
import type { ExtensionContext, ExtensionOutput, Publication, PipelineExtension } from '../../../pipeline/extension.ts';
import { hashId } from '../../../stream/event.ts';
import { explain, learnBaseline, occlusionAttribution, type Baseline, type ExplanationItem } from '../explain.ts';
import type { RcfDetector } from '../rcf.ts';
import { createThresholdFilter, type FilterState } from '../threshold/filter.ts';
import type { Detector, Sample } from '../types.ts';
import { buildDetector, detectorIdentity, type DetectorIdentity } from './identity.ts';

/** A score event that opened an incident: the detector that raised it and why. */
export interface AnomalyEvent extends ScoreEvent {
  detector: DetectorIdentity;
  policy: 'fixed' | 'quantile' | 'adaptive';
  explanation: ExplanationItem[];
}

interface KeyState {
  /** scope key only. */
  detector?: Detector;
  filter: FilterState;
  baseline: Baseline;
}

interface SavedKey {
  detector?: unknown;
  filter: FilterState;
  baseline: Baseline;
}

export interface AnomalySnapshot {
  paramsHash: string;
  shared?: unknown;
  keys: Array<[string, SavedKey]>;
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The factory in the extension table; undefined when the spec has no `anomaly:` section. */
export function createAnomalyExtension(ctx: ExtensionContext): PipelineExtension | undefined {
  const { config, logger } = ctx;
  const cfg = config.anomaly;
  if (!cfg) return undefined;
  const identity = detectorIdentity(cfg);
  const filter = createThresholdFilter(cfg.threshold);
  const keys = new KeyedState<KeyState>(cfg.maxKeys);
  const counts = { windows: 0, events: 0, skippedRevisions: 0, errors: 0 };

  let saved = ctx.restore as AnomalySnapshot | undefined;
  if (saved && saved.paramsHash !== identity.paramsHash) {
    logger.warn({ detector: identity.name }, 'anomaly detector params changed since the snapshot; starting fresh');
    saved = undefined;
  }
  const shared = cfg.scope === 'pipeline' ? buildDetector(cfg, saved?.shared) : undefined;
  for (const [key, s] of saved?.keys ?? []) {
    keys.set(key, { filter: s.filter, baseline: s.baseline, ...(shared === undefined && { detector: buildDetector(cfg, s.detector) }) });
  }

  function stateOf(key: string): KeyState {
    let s = keys.get(key);
    if (!s) {
      s = { filter: filter.init(), baseline: {}, ...(shared === undefined && { detector: buildDetector(cfg!) }) };
      keys.set(key, s);
    }
    return s;
  }

  /** The detector's input: the `on` features; a missing one takes its baseline mean (a gap is not an anomaly). */
  function sample(vector: FeatureVector, baseline: Baseline): Sample {
    const x: Record<string, number> = {};
    for (const f of cfg!.on) {
      const v = vector.values[f];
      if (v !== undefined && Number.isFinite(v)) x[f] = v;
      else if (baseline[f]) x[f] = baseline[f].mean;
    }
    return x;
  }

  function one(vector: FeatureVector, nowMs: number, out: ExtensionOutput): void {
    const s = stateOf(vector.key);
    const detector = (s.detector ?? shared)!;
    const x = sample(vector, s.baseline);
    const score = detector.scoreOne(x);
    const decision = filter.step(s.filter, score, vector.window.end);
    const event = makeScoreEvent({
      pipeline: config.name,
      vector,
      model: { name: identity.name, version: identity.version, kind: 'anomaly' },
      output: score,
      threshold: round(decision.threshold),
      emittedAt: nowMs,
      // Its own id: a pipeline with a model as well publishes that model's score for the same window.
      id: hashId(config.name, 'anomaly', vector.key, vector.window.end),
    });
    event.anomaly!.is = decision.fire; // the filter decides (warmup, hysteresis, cooldown), not score >= threshold
    const vars = { pipeline: config.name, key: vector.key };
    let published: ScoreEvent = event;
    if (decision.fire) {
      // Explained before learning, against the state that produced the score (strictly causal).
      const rcf = (detector as Partial<RcfDetector>).attributeOne;
      const attribution = rcf ? rcf(x) : occlusionAttribution(detector, s.baseline, x, score);
      const anomaly: AnomalyEvent = {
        ...event,
        detector: identity,
        policy: cfg!.threshold.policy,
        explanation: explain(attribution, { score, x, baseline: s.baseline, k: cfg!.explain }),
      };
      published = anomaly;
      out.publish.push(publication(renderTopic(config.emit.anomalies.topic, vars), anomaly));
      counts.events++;
    }
    out.publish.push(publication(renderTopic(config.emit.scores, vars), published));
    out.scores.push(published);
    detector.learnOne(x);
    // The baseline is the key's normal level: an incident does not teach it (explanations compare to it).
    if (!decision.active) learnBaseline(s.baseline, x);
  }

  const publication = (topic: string, event: ScoreEvent): Publication => ({ topic, payload: JSON.stringify(event), qos: config.emit.qos });

  return {
    name: 'anomaly',
    onVectors(vectors, nowMs) {
      const out: ExtensionOutput = { publish: [], scores: [] };
      for (const vector of vectors) {
        // A corrected window (late event, `late: update`) was already learned once; learning it again would double-count.
        if (vector.revision) {
          counts.skippedRevisions++;
          continue;
        }
        counts.windows++;
        try {
          one(vector, nowMs, out);
        } catch (err) {
          counts.errors++;
          logger.error({ err, key: vector.key }, 'anomaly detection failed for a window; skipped');
        }
      }
      return out;
    },
    snapshot(): AnomalySnapshot {
      const list: Array<[string, SavedKey]> = [];
      for (const [key, s] of keys.entries()) {
        list.push([key, { filter: structuredClone(s.filter), baseline: structuredClone(s.baseline), ...(s.detector && { detector: s.detector.snapshot() }) }]);
      }
      return { paramsHash: identity.paramsHash, ...(shared && { shared: shared.snapshot() }), keys: list };
    },
    stats: () => ({ ...counts, keys: keys.size, evictions: keys.evictions }),
  };
}
