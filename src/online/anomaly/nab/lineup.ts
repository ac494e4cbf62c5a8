/** The detector configurations `npm run nab` runs: one configuration each for the whole corpus. */

import type { DetectorRef } from '../registry.ts';

const knn16: DetectorRef = { name: 'knn', params: { shingle: 16 } };

/** Raw score → anomaly likelihood (cool-down 150 rows) → spatial novelty, the NAB post-processing stack. */
function stacked(inner: DetectorRef): DetectorRef {
  return { name: 'spatial', params: { inner: { name: 'likelihood', params: { cooldown: 150, inner } } } };
}

/**
 * NAB result-folder name (no `_`: NAB splits on it) → detector. Each registry detector alone with
 * its defaults, then the stacked ones; `streamscore` is the headline entry printed last.
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
  gaussianStacked: stacked({ name: 'gaussian' }),
  ensembleMean: stacked({ name: 'ensemble', params: { combine: 'mean', members: [knn16, { name: 'gaussian' }] } }),
  ensembleMax: { name: 'ensemble', params: { combine: 'max', members: [stacked(knn16), stacked({ name: 'spike' })] } },
  streamscore: stacked(knn16),
};
