/**
 * The real CLI, pre-warmed: loads the service's modules (≈1–2 s of a loaded machine), says `warm`,
 * and runs `src/cli.ts` with its flags when a line arrives on stdin. The crash harness keeps the
 * next life warm while the current one runs, so a kill cycle costs the start, not the imports.
 */

await import('../../src/service.ts');
await import('../../src/config/load.ts');
await import('pino');
process.stdout.write('{"msg":"warm"}\n');
process.stdin.once('data', () => {
  process.stdin.pause();
  void import('../../src/cli.ts');
});
