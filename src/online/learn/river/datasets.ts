/**
 * Readers for River's shipped datasets in /work/shared/datasets/river, with River's type
 * conversions and feature order (the CSV column order). Read in place, never copied.
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import type { ClassLabel, Features } from '../types.ts';

export const RIVER_DIR = process.env.RIVER_DATASETS ?? '/work/shared/datasets/river';

export interface Sample<Y> {
  x: Features;
  y: Y;
}

export interface Dataset<Y> {
  name: string;
  file: string;
  load(): Array<Sample<Y>>;
}

function readText(file: string, member?: string): string {
  const raw = readFileSync(join(RIVER_DIR, file));
  if (file.endsWith('.gz')) return gunzipSync(raw).toString('utf8');
  if (file.endsWith('.zip')) {
    const entries = unzipSync(new Uint8Array(raw), { filter: (f) => !f.name.startsWith('__MACOSX/') });
    const data = entries[member ?? Object.keys(entries)[0]!];
    if (!data) throw new Error(`${file}: no member ${member}`);
    return Buffer.from(data).toString('utf8');
  }
  return raw.toString('utf8');
}

/** A headed CSV without quoting; `target` is split off, `toY` converts it, other columns by `conv`. */
function csv<Y>(text: string, target: string, toY: (s: string) => Y, conv: (s: string) => number | string = Number): Array<Sample<Y>> {
  const [head, ...lines] = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const cols = head!.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const x: Features = {};
    let y: Y | undefined;
    cols.forEach((c, i) => {
      if (c === target) y = toY(cells[i]!);
      else x[c] = conv(cells[i]!);
    });
    return { x, y: y as Y };
  });
}

export const phishing: Dataset<boolean> = {
  name: 'Phishing',
  file: 'phishing.csv.gz',
  load: () => csv(readText('phishing.csv.gz'), 'is_phishing', (s) => s === '1'),
};

export const bananas: Dataset<boolean> = {
  name: 'Bananas',
  file: 'banana.zip',
  load: () =>
    readText('banana.zip', 'banana.all.txt')
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((line) => {
        const [label, ...pairs] = line.trim().split(/\s+/);
        const x: Features = {};
        for (const p of pairs) {
          const [k, v] = p.split(':');
          x[k!] = Number(v);
        }
        return { x, y: label === '1' };
      }),
};

export const imageSegments: Dataset<ClassLabel> = {
  name: 'ImageSegments',
  file: 'segment.csv.zip',
  load: () => csv<ClassLabel>(readText('segment.csv.zip', 'segment.csv.zip'), 'category', (s) => s),
};

export const trumpApproval: Dataset<number> = {
  name: 'TrumpApproval',
  file: 'trump_approval.csv.gz',
  load: () => csv(readText('trump_approval.csv.gz'), 'five_thirty_eight', Number),
};

export const chickWeights: Dataset<number> = {
  name: 'ChickWeights',
  file: 'chick-weights.csv',
  load: () => csv(readText('chick-weights.csv'), 'weight', Number),
};

/** Monthly totals 1949-01..1960-12; the month string is kept as the only feature. */
export const airlinePassengers: Dataset<number> = {
  name: 'AirlinePassengers',
  file: 'airline-passengers.csv',
  load: () => csv(readText('airline-passengers.csv').replace(/"/g, ''), 'passengers', Number, String),
};

/** Null when the file is present, else the reason to print when skipping. */
export function missing(d: Dataset<unknown>): string | null {
  return existsSync(join(RIVER_DIR, d.file)) ? null : `${join(RIVER_DIR, d.file)} not found`;
}
