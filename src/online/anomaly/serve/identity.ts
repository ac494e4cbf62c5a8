/** Which detector a pipeline's `anomaly:` section builds, and its stable identity (name, version, params hash). */

import type { AnomalyConfig } from '../../../config/anomaly.ts';
import { hashId } from '../../../stream/event.ts';
import { detectorDef } from '../registry.ts';
import type { Detector } from '../types.ts';

/**
 * The serving contract version of the detector code: bump it when a detector's scores change for
 * the same params and input, so events (and snapshots) say which code produced them.
 */
export const DETECTOR_VERSION = 1;

export interface DetectorIdentity {
  /** The registry name, or `a+b` for an ensemble of several. */
  name: string;
  version: number;
  /** Hash of the params with every default filled in (and the combine rule for several). */
  paramsHash: string;
  scope: 'key' | 'pipeline';
}

/** JSON with object keys sorted, so equal params always hash equally. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const withDefaults = (d: { name: string; params: Record<string, unknown> }): { name: string; params: Record<string, unknown> } =>
  ({ name: d.name, params: { ...detectorDef(d.name).defaults, ...d.params } });

export function detectorIdentity(cfg: AnomalyConfig): DetectorIdentity {
  const resolved = cfg.detectors.map(withDefaults);
  const hashed = resolved.length === 1 ? resolved[0] : { members: resolved, combine: cfg.combine };
  return {
    name: cfg.detectors.map((d) => d.name).join('+'),
    version: DETECTOR_VERSION,
    paramsHash: hashId(canonical(hashed)),
    scope: cfg.scope,
  };
}

/** A fresh (or restored) detector for the section: the one named, or an ensemble of several. */
export function buildDetector(cfg: AnomalyConfig, state?: unknown): Detector {
  const opts = state === undefined ? {} : { state };
  if (cfg.detectors.length === 1) {
    const only = cfg.detectors[0]!;
    return detectorDef(only.name).create(only.params, opts);
  }
  return detectorDef('ensemble').create({ members: cfg.detectors, combine: cfg.combine }, opts);
}
