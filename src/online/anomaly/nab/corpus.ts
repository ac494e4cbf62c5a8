/** Loads the NAB corpus (data files, label windows) from a dataset folder, e.g. ../shared/datasets/nab. */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTimestamp, windowRows, type RowWindow } from './windows.ts';

export interface NabFile {
  /** `<category>/<name>.csv`, the key of combined_windows.json. */
  key: string;
  category: string;
  name: string;
  timestampText: string[];
  timestamps: number[];
  values: number[];
  windows: RowWindow[];
}

/** Where the corpus is expected relative to the repo; `NAB_DIR` overrides. */
export function defaultNabDir(repoRoot: string): string {
  return process.env.NAB_DIR ?? join(repoRoot, '..', 'shared', 'datasets', 'nab');
}

/** True when the folder holds NAB data and labels. */
export function hasNab(dir: string): boolean {
  return existsSync(join(dir, 'data')) && existsSync(join(dir, 'labels', 'combined_windows.json'));
}

/** Parse one `timestamp,value` CSV, keeping every row in order (no de-duplication, SCORING.md a.1). */
export function parseNabCsv(text: string): { timestampText: string[]; values: number[] } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const timestampText: string[] = [];
  const values: number[] = [];
  for (const line of lines.slice(1)) {
    const comma = line.indexOf(',');
    timestampText.push(line.slice(0, comma));
    values.push(Number(line.slice(comma + 1)));
  }
  return { timestampText, values };
}

/** All corpus files, sorted by key, with windows resolved to row ranges. `only` filters by key substring. */
export function loadCorpus(dir: string, only?: (key: string) => boolean): NabFile[] {
  const labels = JSON.parse(readFileSync(join(dir, 'labels', 'combined_windows.json'), 'utf8')) as Record<
    string,
    Array<[string, string]>
  >;
  const files: NabFile[] = [];
  for (const category of readdirSync(join(dir, 'data')).sort()) {
    const catDir = join(dir, 'data', category);
    if (!existsSync(catDir) || category.endsWith('.md')) continue;
    for (const name of readdirSync(catDir).filter((f) => f.endsWith('.csv')).sort()) {
      const key = `${category}/${name}`;
      if (only && !only(key)) continue;
      const { timestampText, values } = parseNabCsv(readFileSync(join(catDir, name), 'utf8'));
      const timestamps = timestampText.map(parseTimestamp);
      files.push({ key, category, name, timestampText, timestamps, values, windows: windowRows(timestamps, labels[key] ?? []) });
    }
  }
  return files;
}

/** Number of label windows over the whole corpus (116 in NAB v1.1), from combined_windows.json. */
export function countWindows(dir: string): number {
  const labels = JSON.parse(readFileSync(join(dir, 'labels', 'combined_windows.json'), 'utf8')) as Record<string, unknown[]>;
  return Object.values(labels).reduce((n, w) => n + w.length, 0);
}
