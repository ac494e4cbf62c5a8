/** The contract every bench suite implements, and the context `run.ts` hands each one. */

import { fileURLToPath } from 'node:url';

export interface BenchContext {
  /** Shipped models, `<name>/<version>/manifest.json`; BENCH_MODELS_DIR overrides it. */
  modelsDir: string;
  /** Headline figures by name (`inprocess.eventsPerSec`), filled by earlier suites for later ones. */
  figures: Map<string, number>;
  /** Lines a suite wants printed at the very end of the whole run, after every table. */
  trailer: string[];
}

export interface Suite {
  name: string;
  /** One sentence for `npm run bench -- --help`. */
  summary: string;
  run(ctx: BenchContext): Promise<void>;
}

export const DEFAULT_MODELS_DIR = process.env.BENCH_MODELS_DIR ?? fileURLToPath(new URL('../models', import.meta.url));

/** An integer from the environment (bench sizes), else the default. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
