/**
 * ADWIN (Bifet & Gavaldà, "Learning from Time-Changing Data with Adaptive Windowing", SDM 2007),
 * step for step as River's `drift.ADWIN` (adwin_c.pyx): an exponential histogram of buckets
 * (row i holds up to `maxBuckets` buckets of 2^i values), checked every `clock` values; when two
 * sub-windows' means differ by more than ε_cut the oldest buckets are dropped. River resets the
 * whole detector on the value after a drift, and so do we.
 */

import type { DetectorSpec, DriftDetector } from './detector.ts';
import type { CreateOptions, Params } from '../types.ts';

/** ADWIN also estimates the mean of its window (the error rate, for the adaptive tree). */
export interface AdwinDetector extends DriftDetector {
  /** Mean of the current window (0 when empty). */
  estimation(): number;
  /** Number of values in the current window. */
  width(): number;
}

export const adwinDefaults = { delta: 0.002, clock: 32, maxBuckets: 5, minWindowLength: 5, gracePeriod: 10 };

/** One histogram row: oldest first; `totals[i]`, `variances[i]` summarise one bucket. */
interface Row {
  totals: number[];
  variances: number[];
}

interface AdwinState {
  rows: Row[];
  total: number;
  variance: number;
  width: number;
  tick: number;
  drift: boolean;
}

const fresh = (): AdwinState => ({ rows: [{ totals: [], variances: [] }], total: 0, variance: 0, width: 0, tick: 0, drift: false });

export const adwin: Omit<DetectorSpec, 'create'> & { create(params?: Params, opts?: CreateOptions): AdwinDetector } = {
  summary: 'ADWIN adaptive window: drift when two sub-windows differ in mean (River ADWIN)',
  defaults: adwinDefaults,
  create(params = {}, opts = {}) {
    const p = { ...adwinDefaults, ...params };
    let s: AdwinState = opts.state ? (JSON.parse(JSON.stringify(opts.state)) as AdwinState) : fresh();
    const size = (row: number) => 2 ** row;

    function insert(value: number): void {
      s.rows[0]!.totals.push(value);
      s.rows[0]!.variances.push(0);
      s.width += 1;
      if (s.width > 1) {
        const d = value - s.total / (s.width - 1);
        s.variance += ((s.width - 1) * d * d) / s.width;
      }
      s.total += value;
      compress();
    }

    /** Merges the two oldest buckets of a full row into the next row, cascading while rows overflow. */
    function compress(): void {
      for (let i = 0; i < s.rows.length; i++) {
        const row = s.rows[i]!;
        if (row.totals.length !== p.maxBuckets + 1) break;
        if (!s.rows[i + 1]) s.rows.push({ totals: [], variances: [] });
        const next = s.rows[i + 1]!;
        const n = size(i);
        const [t0, t1] = [row.totals[0]!, row.totals[1]!];
        const gap = t0 / n - t1 / n;
        next.totals.push(t0 + t1);
        next.variances.push(row.variances[0]! + row.variances[1]! + (n * n * gap * gap) / (2 * n));
        row.totals.splice(0, 2);
        row.variances.splice(0, 2);
        if (next.totals.length <= p.maxBuckets) break;
      }
    }

    /** Drops the oldest bucket; returns how many values it held. */
    function deleteOldest(): number {
      const i = s.rows.length - 1;
      const row = s.rows[i]!;
      const n = size(i);
      const u = row.totals[0]!;
      s.width -= n;
      s.total -= u;
      const gap = u / n - s.total / s.width;
      s.variance -= row.variances[0]! + (n * s.width * gap * gap) / (n + s.width);
      row.totals.shift();
      row.variances.shift();
      if (row.totals.length === 0) s.rows.pop();
      return n;
    }

    function cutHolds(n0: number, n1: number, deltaMean: number): boolean {
      const deltaPrime = Math.log((2 * Math.log(s.width)) / p.delta);
      const mRecip = 1 / (n0 - p.minWindowLength + 1) + 1 / (n1 - p.minWindowLength + 1);
      const eps = Math.sqrt(2 * mRecip * (s.variance / s.width) * deltaPrime) + (2 / 3) * deltaPrime * mRecip;
      return Math.abs(deltaMean) > eps;
    }

    function detect(): boolean {
      let change = false;
      s.tick += 1;
      if (s.tick % p.clock !== 0 || !(s.width > p.gracePeriod)) return false;
      let reduce = true;
      while (reduce) {
        reduce = false;
        let exit = false;
        let [n0, n1, u0, u1] = [0, s.width, 0, s.total];
        // River walks from the oldest row to the newest and, in each row, skips the newest bucket.
        for (let i = s.rows.length - 1; i >= 0 && !exit; i--) {
          const row = s.rows[i]!;
          for (let k = 0; k < row.totals.length - 1; k++) {
            const n2 = size(i);
            n0 += n2;
            n1 -= n2;
            u0 += row.totals[k]!;
            u1 -= row.totals[k]!;
            if (n1 >= p.minWindowLength && n0 >= p.minWindowLength && cutHolds(n0, n1, u0 / n0 - u1 / n1)) {
              reduce = true;
              change = true;
              if (s.width > 0) {
                n0 -= deleteOldest();
                exit = true;
                break;
              }
            }
          }
        }
      }
      return change;
    }

    return {
      update(x) {
        if (s.drift) s = fresh();
        insert(x);
        s.drift = detect();
        return s.drift;
      },
      estimation: () => (s.width > 0 ? s.total / s.width : 0),
      width: () => s.width,
      snapshot: () => JSON.parse(JSON.stringify(s)) as AdwinState as unknown as Record<string, unknown>,
    };
  },
};
