/** `npm run nab`: streams every NAB series through the detectors, writes NAB results files, scores them. */

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { detectorDef } from '../registry.ts';
import { countWindows, defaultNabDir, hasNab, loadCorpus, type NabFile } from './corpus.ts';
import { scoreCorpus, type ProfileResult } from './evaluate.ts';
import { lineup } from './lineup.ts';
import { profileLabel, profiles } from './profiles.ts';
import { readFinalResults } from './published.ts';
import { checkDetectorName, formatResults, resultsPath } from './results.ts';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    out: { type: 'string', default: join(tmpdir(), 'streamscore-nab') },
    detectors: { type: 'string' },
    only: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const dataDir = args.data ?? defaultNabDir(repoRoot);
if (!hasNab(dataDir)) {
  process.stderr.write(`nab: no NAB corpus at ${dataDir} (pass --data or set NAB_DIR)\n`);
  process.exit(2);
}

/** Strictly causal: each row is scored against the rows before it, then learned. */
function run(file: NabFile, name: string, tick: () => void): number[] {
  const ref = lineup[name]!;
  const d = detectorDef(ref.name).create(ref.params ?? {});
  return file.values.map((value, i) => {
    const x = { value };
    const s = d.scoreOne(x);
    d.learnOne(x);
    if (i % 1000 === 0) tick();
    if (!(s >= 0 && s <= 1)) throw new Error(`nab: ${name} scored ${s} at ${file.key}:${i}`);
    return s;
  });
}

function writeResults(out: string, det: string, file: NabFile, scores: number[]): void {
  const path = resultsPath(out, det, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, formatResults(file, scores));
}

let lastPct = -1;
function progress(done: number, total: number, label: string): void {
  const pct = Math.floor((100 * done) / total);
  if (pct === lastPct && done !== total) return; // redraw once per percent
  lastPct = pct;
  const width = 30;
  const filled = Math.round((width * done) / total);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  process.stderr.write(`\r${bar} ${((100 * done) / total).toFixed(0).padStart(3)}% ${label.padEnd(60).slice(0, 60)}`);
}

const only = args.only;
const files = loadCorpus(dataDir, only ? (k) => k.includes(only) : undefined);
const nWindows = only ? files.reduce((n, f) => n + f.windows.length, 0) : countWindows(dataDir);
const names = args.detectors ? args.detectors.split(',') : Object.keys(lineup);
for (const n of names) {
  if (!lineup[n]) throw new Error(`nab: unknown detector "${n}" (lineup: ${Object.keys(lineup).join(', ')})`);
  checkDetectorName(n);
}

const totalTicks = names.length * files.reduce((n, f) => n + Math.ceil(f.values.length / 1000), 0);
let ticks = 0;
const results = new Map<string, ProfileResult[]>();
const started = performance.now();
for (const name of names) {
  if (!args['no-write']) rmSync(join(args.out!, name), { recursive: true, force: true });
  const scores = files.map((f) => {
    const s = run(f, name, () => progress(++ticks, totalTicks, `${name} ${f.key}`));
    if (!args['no-write']) writeResults(args.out!, name, f, s);
    return s;
  });
  progress(ticks, totalTicks, `${name}: scoring`);
  results.set(name, scoreCorpus(files, scores, nWindows));
}
progress(totalTicks, totalTicks, `done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.stderr.write('\n');

const fmt = (x: number) => x.toFixed(2).padStart(8);
const rows: Array<[string, number[], string]> = [];
for (const [name, r] of results) rows.push([`streamscore:${name}`, r.map((x) => x.normalized), 'this run']);
if (!only) {
  for (const [det, byProfile] of Object.entries(readFinalResults(dataDir)))
    rows.push([det, profiles.map((p) => byProfile[p.name]), 'published']);
}
rows.sort((a, b) => b[1][0]! - a[1][0]!);
console.log(`\n| detector | ${profiles.map((p) => profileLabel[p.name]).join(' | ')} | source |`);
console.log(`|---|${profiles.map(() => '---:').join('|')}|---|`);
for (const [name, s, src] of rows) console.log(`| ${name} | ${s.map(fmt).join(' | ')} | ${src} |`);

const head = results.get('streamscore') ?? [...results.values()][0]!;
const headName = results.has('streamscore') ? 'streamscore' : names[0]!;
console.log(`\nthresholds (${headName}): ${head.map((r) => `${profileLabel[r.profile.name]}=${r.threshold.toPrecision(6)}`).join(' ')}`);
console.log(`\nper category (${headName}, corpus threshold; normalized within the category):`);
console.log(`| category | windows | ${profiles.map((p) => profileLabel[p.name]).join(' | ')} |`);
console.log(`|---|---:|${profiles.map(() => '---:').join('|')}|`);
for (const cat of [...new Set(files.map((f) => f.category))]) {
  const inCat = files.filter((f) => f.category === cat);
  const nw = inCat.reduce((n, f) => n + f.windows.length, 0);
  const cells = head.map((r) => {
    const raw = inCat.reduce((acc, f) => acc + (r.perFile.get(f.key) ?? 0), 0);
    if (nw === 0) return raw.toFixed(2).padStart(8) + ' raw';
    return fmt((100 * (raw + nw * r.profile.fnWeight)) / (nw * (r.profile.tpWeight + r.profile.fnWeight)));
  });
  console.log(`| ${cat} | ${nw} | ${cells.join(' | ')} |`);
}
if (!args['no-write']) console.log(`\nresults files: ${args.out}/<detector>/<category>/<detector>_<file>.csv`);
console.log(
  `NAB streamscore ${head.map((r) => `${r.profile.name === 'standard' ? 'standard' : profileLabel[r.profile.name]}=${r.normalized.toFixed(2)}`).join(' ')}`,
);
