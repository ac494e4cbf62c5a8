/** Window operators by type: adding a window type is one file plus one row here. */

import type { WindowConfig } from '../../config/window.ts';
import { createCountWindows } from './count.ts';
import { createMultiWindows } from './multi.ts';
import { createSessionWindows } from './session.ts';
import { createTimeWindows } from './time.ts';
import type { CommonWindowLimits, KeyedWindows, WindowsSnapshot } from './types.ts';

export interface WindowOptions {
  fields: Record<string, string[]>;
  limits: CommonWindowLimits;
  allowedLatenessMs: number;
}

/** One window, or several merged into one vector per window end (see multi.ts). */
export function createWindows(w: WindowConfig | WindowConfig[], opts: WindowOptions, restore?: WindowsSnapshot): KeyedWindows {
  if (Array.isArray(w)) {
    if (w.length === 1) return createWindows(w[0]!, opts, restore);
    const parts = w.map((one, i) => createWindows(one, opts, restore?.kind === 'multi' ? (restore.keys[i]?.state as WindowsSnapshot) : undefined));
    return createMultiWindows(parts);
  }
  const common = { fields: opts.fields, ...opts.limits };
  switch (w.type) {
    case 'count':
      return createCountWindows({ ...common, size: w.size, every: w.every, partial: w.partial }, restore);
    case 'session':
      return createSessionWindows({ ...common, gapMs: w.gapMs, ...(w.maxDurationMs !== undefined && { maxDurationMs: w.maxDurationMs }) }, restore);
    default:
      return createTimeWindows(
        { ...common, sizeMs: w.sizeMs, everyMs: w.everyMs, offsetMs: w.offsetMs, emit: w.emit, partial: w.partial, allowedLatenessMs: opts.allowedLatenessMs },
        restore,
      );
  }
}
