/** The naive baseline for the windows suite: keep every row, rescan the whole window at each close. */

const FIELDS = ['a', 'b', 'c'] as const;

/**
 * Sliding windows (size, every) that recompute count/mean/std/min/max/last from scratch on close;
 * `every` 0 recomputes (ts − size, ts] at every event, like `emit: event`.
 */
export function createNaiveSliding(sizeMs: number, everyMs: number) {
  const keys = new Map<string, { ts: number[]; cols: number[][]; nextEnd: number }>();
  let out = 0;

  function recompute(k: { ts: number[]; cols: number[][] }, end: number): void {
        const start = end - sizeMs;
        let drop = 0;
        while (drop < k.ts.length && k.ts[drop]! < start) drop++;
        if (drop) {
          k.ts.splice(0, drop);
          for (const c of k.cols) c.splice(0, drop);
        }
        if (k.ts.length) {
          const result: Record<string, number> = {};
          FIELDS.forEach((f, i) => {
            const xs = k.cols[i]!;
            let sum = 0;
            let min = Infinity;
            let max = -Infinity;
            for (const x of xs) {
              sum += x;
              if (x < min) min = x;
              if (x > max) max = x;
            }
            const mean = sum / xs.length;
            let ss = 0;
            for (const x of xs) ss += (x - mean) * (x - mean);
            result[`${f}_count`] = xs.length;
            result[`${f}_mean`] = mean;
            result[`${f}_std`] = xs.length > 1 ? Math.sqrt(ss / (xs.length - 1)) : 0;
            result[`${f}_min`] = min;
            result[`${f}_max`] = max;
            result[`${f}_last`] = xs[xs.length - 1]!;
          });
          out++;
        }
  }
  return {
    get emitted() {
      return out;
    },
    push(key: string, ts: number, values: Record<string, number>): void {
      let k = keys.get(key);
      if (!k) {
        k = { ts: [], cols: FIELDS.map(() => []), nextEnd: everyMs ? (Math.floor(ts / everyMs) + 1) * everyMs : Infinity };
        keys.set(key, k);
      }
      if (everyMs === 0) {
        k.ts.push(ts);
        FIELDS.forEach((f, i) => k!.cols[i]!.push(values[f]!));
        k.nextEnd = ts + 1;
        recompute(k, ts + 1);
        k.nextEnd = Infinity;
        return;
      }
      while (ts >= k.nextEnd) {
        recompute(k, k.nextEnd);
        k.nextEnd += everyMs;
      }
      k.ts.push(ts);
      FIELDS.forEach((f, i) => k!.cols[i]!.push(values[f]!));
    },
  };
}
