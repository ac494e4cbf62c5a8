/**
 * Runs every `test/**\/*.test.ts` through uvu in one process, then prints uvu's totals as the one
 * line CI reads: `N passed, N failed`. Exits non-zero on any failure (or a file that fails to load).
 * Usage: node --import tsx test/run.ts [substring-filter ...]
 */

import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return walk(path);
    return e.name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = walk(root)
  .filter((f) => filters.length === 0 || filters.some((x) => relative(root, f).includes(x)))
  .sort();

// uvu prints its totals to stdout; keep a copy to read them back.
let captured = '';
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  if (captured.length > 1_000_000) captured = captured.slice(-100_000);
  return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;

const { run } = (await import('uvu/run')) as { run(suites: Array<{ name: string; file: string }>, opts: object): Promise<void> };
let loadFailure = false;
try {
  await run(files.map((file) => ({ name: relative(root, file), file: resolve(file) })), {});
} catch (err) {
  loadFailure = true;
  console.error(err);
}

// eslint-disable-next-line no-control-regex
const plain = captured.replace(/\u001b\[[0-9;]*m/g, '');
const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? 0);
const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? 0);
const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
const failed = total - passed - skipped + (loadFailure ? 1 : 0);
process.stdout.write = write;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || process.exitCode ? 1 : 0);
