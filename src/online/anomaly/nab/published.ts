/** Reads NAB's published results: `results/<det>/<det>_<profile>_scores.csv` and final_results.json. */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfileName } from './profiles.ts';

export interface PublishedScores {
  threshold: number;
  total: number;
  /** Raw score per `<category>/<file>.csv`. */
  perFile: Map<string, number>;
}

/** One detector's published scores for one profile, or null if the file is absent. */
export function readPublishedScores(dir: string, detector: string, profile: ProfileName): PublishedScores | null {
  const path = join(dir, 'results', detector, `${detector}_${profile}_scores.csv`);
  if (!existsSync(path)) return null;
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const perFile = new Map<string, number>();
  let total = NaN;
  let threshold = NaN;
  for (const line of lines.slice(1)) {
    const c = line.split(',');
    if (c[0] === 'Totals') total = Number(c[4]);
    else {
      perFile.set(c[2]!, Number(c[4]));
      threshold = Number(c[3]);
    }
  }
  return { threshold, total, perFile };
}

/** Published detector names (folders of results/). */
export function publishedDetectors(dir: string): string[] {
  return readdirSync(join(dir, 'results'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** final_results.json: detector → profile → normalized score. */
export function readFinalResults(dir: string): Record<string, Record<ProfileName, number>> {
  return JSON.parse(readFileSync(join(dir, 'results', 'final_results.json'), 'utf8')) as Record<
    string,
    Record<ProfileName, number>
  >;
}
