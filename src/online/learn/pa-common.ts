/**
 * The passive-aggressive step size τ (Crammer et al., "Online Passive-Aggressive Algorithms",
 * JMLR 2006, §3): PA (mode 0), PA-I (mode 1, capped at C) and PA-II (mode 2, softened by 1/2C).
 */

import type { Features } from './types.ts';
import { numeric } from './util.ts';

export interface PaParams {
  C: number;
  mode: 0 | 1 | 2;
  learnIntercept: boolean;
}

/** τ for a loss on `x`; ‖x‖² excludes the intercept, as in River. */
export function paTau(p: PaParams, x: Features, loss: number): number {
  let norm2 = 0;
  for (const [, v] of numeric(x)) norm2 += v * v;
  if (p.mode === 2) return loss / (norm2 + 0.5 / p.C);
  if (norm2 <= 0) return 0;
  return p.mode === 1 ? Math.min(p.C, loss / norm2) : loss / norm2;
}

export function paParams(params: Record<string, unknown>): PaParams {
  const mode = Number(params.mode);
  if (mode !== 0 && mode !== 1 && mode !== 2) throw new Error(`mode: must be 0, 1 or 2 (got ${String(params.mode)})`);
  const C = Number(params.C);
  if (!(C > 0)) throw new Error(`C: must be > 0 (got ${String(params.C)})`);
  return { C, mode, learnIntercept: params.learnIntercept !== false };
}
