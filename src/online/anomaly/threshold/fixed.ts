/** Fixed threshold: the same line for every key and every window; nothing to learn. */

import type { LevelParams, LevelPolicy } from './types.ts';

/** @example fixedLevel({ value: 0.8 }).level(null) === 0.8 */
export function fixedLevel(p: Pick<LevelParams, 'value'>): LevelPolicy<null> {
  return {
    init: () => null,
    level: () => p.value,
    learn: () => {},
  };
}
