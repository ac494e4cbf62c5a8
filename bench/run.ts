/**
 * `npm run bench [-- suite …]`: runs the named suites (default: all, in table order), prints each
 * suite's tables, then the trailer lines (the `e2e:` summary is always the last line).
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MODELS_DIR, type BenchContext, type Suite } from './suite.ts';

/** Suite name → loader. Order matters: `e2e` quotes the in-process figure measured before it. */
const SUITES: Record<string, () => Promise<Suite>> = {
  inprocess: async () => (await import('./inprocess.ts')).suite,
  windows: async () => (await import('./windows.ts')).suite,
  runtimes: async () => (await import('./runtimes.ts')).suite,
  batcher: async () => (await import('./batcher.ts')).suite,
  expr: async () => (await import('./expr.ts')).suite,
  patterns: async () => (await import('./patterns.ts')).suite,
  e2e: async () => (await import('./e2e.ts')).suite,
};

async function main(argv: string[]): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    console.log(`Usage: npm run bench [-- ${Object.keys(SUITES).join(' | ')} …]`);
    for (const [name, load] of Object.entries(SUITES)) console.log(`  ${name.padEnd(10)} ${(await load()).summary}`);
    return 0;
  }
  const unknown = argv.filter((a) => !(a in SUITES));
  if (unknown.length) {
    console.error(`bench: unknown suite ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
    return 2;
  }
  const ctx: BenchContext = { modelsDir: DEFAULT_MODELS_DIR, figures: new Map(), trailer: [] };
  if (!existsSync(join(ctx.modelsDir, 'motor-health'))) {
    console.error(`bench: no motor-health model under ${ctx.modelsDir}; run \`npm run train:demo\` (or set BENCH_MODELS_DIR)`);
    return 1;
  }
  const names = Object.keys(SUITES).filter((n) => argv.length === 0 || argv.includes(n));
  const started = performance.now();
  for (const name of names) {
    const suite = await SUITES[name]!();
    console.log(`\n=== ${suite.name}: ${suite.summary}`);
    const t0 = performance.now();
    await suite.run(ctx);
    console.log(`(${suite.name} took ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  console.log(`\nbench finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const line of ctx.trailer) console.log(line);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
