/** Spike-and-dip: 1 − p-value of the newest value under a KDE of the last `windowSize` values. */

import { kdePValue, type Side } from './pvalue.ts';
import type { CreateOptions, Detector, DetectorDef } from './types.ts';
import { univariate, type Kernel } from './univariate.ts';

export interface SpikeParams {
  windowSize: number;
  side: Side;
  minSamples: number;
}

interface State {
  buf: number[];
  head: number;
}

/**
 * In the spirit of Azure Stream Analytics' `AnomalyDetection_SpikeAndDip` and ML.NET's
 * IidSpikeDetector: an i.i.d. model of the recent window, a kernel-density p-value for the new
 * value, score = 1 − p. O(windowSize) per row.
 */
const kernel: Kernel<SpikeParams, State> = {
  init: () => ({ buf: [], head: 0 }),
  score(s, x, p) {
    if (s.buf.length < Math.max(2, p.minSamples)) return 0;
    return 1 - kdePValue(s.buf, x, p.side);
  },
  learn(s, x, p) {
    if (s.buf.length < p.windowSize) s.buf.push(x);
    else {
      s.buf[s.head] = x;
      s.head = (s.head + 1) % p.windowSize;
    }
  },
};

const defaults: SpikeParams = { windowSize: 200, side: 'both', minSamples: 30 };

/** @example const d = spike.create({ windowSize: 120, side: 'up' }); */
export const spike: DetectorDef<SpikeParams> = {
  name: 'spike',
  summary: 'Spike-and-dip: 1 − kernel-density p-value of the value within the recent window.',
  defaults,
  create(params?: Partial<SpikeParams>, opts?: CreateOptions): Detector {
    const p = { ...defaults, ...params };
    if (!(p.windowSize >= 2)) throw new Error('spike.windowSize: must be at least 2');
    return univariate(kernel, p, opts?.state);
  },
};
