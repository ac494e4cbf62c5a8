/** A seeded fixture stream for detector tests: daily-ish sine + noise, injected spikes and level shifts. */

import { createRng } from '../../../src/sim/rng.ts';

export interface Fixture {
  rows: Array<{ value: number; load: number }>;
  /** 1 on an injected spike and on the first rows after a level shift. */
  labels: number[];
}

/** 3000 rows; spikes every ~250 rows after row 400, level shifts at 1200 and 2200. */
export function anomalyFixture(seed = 7, n = 3000): Fixture {
  const rng = createRng(seed);
  const rows: Fixture['rows'] = [];
  const labels: number[] = [];
  let level = 10;
  for (let i = 0; i < n; i++) {
    let label = 0;
    if (i === 1200 || i === 2200) level += i === 1200 ? 6 : -8;
    if ((i >= 1200 && i < 1210) || (i >= 2200 && i < 2210)) label = 1;
    let value = level + 2 * Math.sin((2 * Math.PI * i) / 144) + 0.5 * rng.normal();
    if (i > 400 && i % 250 === 17) {
      value += (rng.uniform() < 0.5 ? -1 : 1) * (6 + 2 * rng.uniform());
      label = 1;
    }
    rows.push({ value, load: 0.5 + 0.1 * rng.normal() });
    labels.push(label);
  }
  return { rows, labels };
}
