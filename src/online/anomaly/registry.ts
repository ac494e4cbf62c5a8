/** The table of anomaly detectors: name → spec and factory. Adding a detector is one line here. */

import { cad } from './cad.ts';
import { changepoint } from './changepoint.ts';
import { cusum } from './cusum.ts';
import { createEnsemble, type Combine, type EnsembleState } from './ensemble.ts';
import { ewma } from './ewma.ts';
import { forecast } from './forecast.ts';
import { gaussian } from './gaussian.ts';
import { hst } from './hst.ts';
import { knn } from './knn.ts';
import { likelihoodDefaults, withLikelihood, type LikelihoodParams } from './likelihood.ts';
import { madDetector } from './mad.ts';
import { rcf } from './rcf.ts';
import { spike } from './spike.ts';
import { spatialDefaults, withSpatial, type SpatialParams } from './spatial.ts';
import type { CreateOptions, Detector, DetectorDef } from './types.ts';

/** A detector by name with its params, as nested in wrapper and ensemble params. */
export interface DetectorRef {
  name: string;
  params?: Record<string, unknown>;
}

export interface EnsembleParams {
  members: DetectorRef[];
  combine: Combine;
  weights?: number[];
}

export interface LikelihoodDetectorParams extends LikelihoodParams {
  inner: DetectorRef;
}

function build(ref: DetectorRef, state?: unknown): Detector {
  return detectorDef(ref.name).create(ref.params ?? {}, state === undefined ? {} : { state });
}

const ensembleDefaults: EnsembleParams = {
  members: [{ name: 'ewma' }, { name: 'mad' }, { name: 'hst' }],
  combine: 'mean',
};

const ensemble: DetectorDef<EnsembleParams> = {
  name: 'ensemble',
  summary: 'Mean, max or mean rank of member detectors (each named with its params), all learning every row.',
  defaults: ensembleDefaults,
  create(params?: Partial<EnsembleParams>, opts?: CreateOptions): Detector {
    const p = { ...ensembleDefaults, ...params };
    const saved = opts?.state as EnsembleState | undefined;
    const members = p.members.map((m, i) => build(m, saved?.members[i]));
    return createEnsemble(members, { combine: p.combine, ...(p.weights ? { weights: p.weights } : {}), ...(saved && { state: saved }) });
  },
};

const likelihoodDetectorDefaults: LikelihoodDetectorParams = { ...likelihoodDefaults, inner: { name: 'ewma' } };

const likelihood: DetectorDef<LikelihoodDetectorParams> = {
  name: 'likelihood',
  summary: "Anomaly likelihood of an inner detector's raw scores (Numenta-style), with repeat demotion.",
  defaults: likelihoodDetectorDefaults,
  create(params?: Partial<LikelihoodDetectorParams>, opts?: CreateOptions): Detector {
    const p = { ...likelihoodDetectorDefaults, ...params };
    const saved = opts?.state as { inner?: unknown } | undefined;
    return withLikelihood(build(p.inner, saved?.inner), p, opts?.state);
  },
};

export interface SpatialDetectorParams extends SpatialParams {
  inner: DetectorRef;
}

const spatialDetectorDefaults: SpatialDetectorParams = { ...spatialDefaults, inner: { name: 'ewma' } };

const spatial: DetectorDef<SpatialDetectorParams> = {
  name: 'spatial',
  summary: 'Scores 1 for a value beyond the causal running range (±tolerance), else the inner score.',
  defaults: spatialDetectorDefaults,
  create(params?: Partial<SpatialDetectorParams>, opts?: CreateOptions): Detector {
    const p = { ...spatialDetectorDefaults, ...params };
    const saved = opts?.state as { inner?: unknown } | undefined;
    return withSpatial(build(p.inner, saved?.inner), p, opts?.state);
  },
};

/** Every detector, keyed by its name. */
export const detectors: Record<string, DetectorDef<object>> = {
  gaussian: gaussian as DetectorDef<object>,
  mad: madDetector as DetectorDef<object>,
  ewma: ewma as DetectorDef<object>,
  cusum: cusum as DetectorDef<object>,
  hst: hst as DetectorDef<object>,
  forecast: forecast as DetectorDef<object>,
  knn: knn as DetectorDef<object>,
  rcf: rcf as DetectorDef<object>,
  spike: spike as DetectorDef<object>,
  changepoint: changepoint as DetectorDef<object>,
  cad: cad as DetectorDef<object>,
  likelihood: likelihood as DetectorDef<object>,
  spatial: spatial as DetectorDef<object>,
  ensemble: ensemble as DetectorDef<object>,
};

/** Look a detector up by name, with a readable error listing the known ones. */
export function detectorDef(name: string): DetectorDef<object> {
  const def = detectors[name];
  if (!def) throw new Error(`anomaly.detector: unknown "${name}" (known: ${Object.keys(detectors).join(', ')})`);
  return def;
}
