/** FeatureVector: what a window emits, and the deterministic feature naming. */

import { formatDuration } from '../config/duration.ts';

export interface WindowBounds {
  /** Inclusive start, epoch ms. */
  start: number;
  /** Exclusive end, epoch ms. */
  end: number;
  /** Events in the window. */
  count: number;
}

export interface FeatureVector {
  key: string;
  window: WindowBounds;
  /** Feature name → value; NaN when the field had no value in the window. */
  values: Record<string, number>;
  /** Event time of the event whose arrival closed the window (the key's event-time clock then). */
  eventTime: number;
  /** 1, 2, … for a window recomputed after a late event (same window, same score id); absent for the first result. */
  revision?: number;
}

/** `vibration_std_30s`: field, aggregate, window size. Stable across restarts and versions. */
export function featureName(field: string, aggregate: string, sizeMs: number): string {
  return `${field}_${aggregate}_${formatDuration(sizeMs)}`;
}
