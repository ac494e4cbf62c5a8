/** NAB results files: `<out>/<det>/<category>/<det>_<file>.csv`, columns timestamp,value,anomaly_score,label. */

import { join } from 'node:path';
import type { NabFile } from './corpus.ts';

/** NAB splits `<det>_<profile>_scores.csv` on `_`, so a detector name must not contain one (SCORING.md a.7). */
export function checkDetectorName(name: string): string {
  if (name.includes('_') || name === '') throw new Error(`nab: detector name "${name}" must be non-empty and contain no "_"`);
  return name;
}

/** Where NAB's scorer expects one detector's results for one data file. */
export function resultsPath(out: string, detector: string, file: Pick<NabFile, 'category' | 'name'>): string {
  return join(out, checkDetectorName(detector), file.category, `${detector}_${file.name}`);
}

/** The CSV text: one row per data row, in order; label 1 inside a window (as NAB's detectors write). */
export function formatResults(file: NabFile, scores: readonly number[]): string {
  if (scores.length !== file.values.length) throw new Error(`nab: ${file.key}: ${scores.length} scores for ${file.values.length} rows`);
  const inWindow = new Uint8Array(file.values.length);
  for (const w of file.windows) inWindow.fill(1, w.L, w.R + 1);
  const lines = ['timestamp,value,anomaly_score,label'];
  file.values.forEach((v, i) => lines.push(`${file.timestampText[i]},${v},${scores[i]},${inWindow[i]}`));
  return lines.join('\n') + '\n';
}
