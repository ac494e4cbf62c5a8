/**
 * PMML conformance against JPMML's published cases (../shared/datasets/pmml, or PMML_CASES):
 * every case whose model type we support must match every row; the rest are listed as issue 5.
 */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findCases, refuses, runCase, type Case, type Outcome } from './conformance-lib.ts';

const found = findCases();

if (typeof found === 'string') {
  console.log(`pmml conformance skipped: ${found}`);
} else {
  const set = found;
  const results: Array<{ c: Case; outcome: Outcome; ms: number }> = [];

  test('every supported case matches every row within its tolerance', () => {
    for (const c of set.cases) {
      const t0 = performance.now();
      results.push({ c, outcome: runCase(set, c), ms: performance.now() - t0 });
    }
    printTable(results);
    const failed = results.filter((r) => r.outcome.kind === 'failed' || r.outcome.kind === 'refused');
    assert.equal(
      failed.map((r) => `${r.c.name}: ${describe(r.outcome)}`),
      [],
    );
  });

  test('documents with a DOCTYPE (entity attacks) are refused', () => {
    const refused = set.negativeCases.filter((n) => {
      const message = refuses(set, n.pmml);
      return message !== undefined && /DOCTYPE/.test(message);
    });
    const passed = results.filter((r) => r.outcome.kind === 'passed');
    const rows = passed.reduce((s, r) => s + (r.outcome.kind === 'passed' ? r.outcome.rows : 0), 0);
    console.log(`pmml conformance: ${passed.length}/${results.length} cases, ${rows} rows, ${refused.length}/${set.negativeCases.length} refused`);
    assert.is(refused.length, set.negativeCases.length);
  });

  test.run();
}

function describe(o: Outcome): string {
  switch (o.kind) {
    case 'passed':
      return `${o.rows}/${o.rows} rows`;
    case 'failed':
      return `${o.passedRows}/${o.rows} rows; first: ${o.firstFailure}`;
    case 'unsupported':
    case 'refused':
      return o.reason;
  }
}

/** Per model type: cases passed / supported / total and rows passed; then what is not supported yet. */
function printTable(results: Array<{ c: Case; outcome: Outcome; ms: number }>): void {
  const byType = new Map<string, { total: number; supported: number; passed: number; rows: number; rowsPassed: number }>();
  for (const { c, outcome } of results) {
    const t = byType.get(c.modelType) ?? { total: 0, supported: 0, passed: 0, rows: 0, rowsPassed: 0 };
    t.total++;
    if (outcome.kind !== 'unsupported') {
      t.supported++;
      if (outcome.kind === 'passed') {
        t.passed++;
        t.rows += outcome.rows;
        t.rowsPassed += outcome.rows;
      } else if (outcome.kind === 'failed') {
        t.rows += outcome.rows;
        t.rowsPassed += outcome.passedRows;
      }
    }
    byType.set(c.modelType, t);
  }
  console.log('\nmodel type                  cases passed/supported/total   rows passed/total');
  for (const [type, t] of [...byType].sort((a, b) => b[1].total - a[1].total)) {
    console.log(`${type.padEnd(28)}${`${t.passed}/${t.supported}/${t.total}`.padEnd(31)}${t.rowsPassed}/${t.rows}`);
  }
  const notYet = results.filter((r) => r.outcome.kind === 'unsupported');
  if (notYet.length) {
    console.log(`\nnot supported yet (issue 5), ${notYet.length} cases:`);
    for (const r of notYet) console.log(`  ${r.c.name.padEnd(40)} ${describe(r.outcome).replace(/^PMML /, '')}`);
  }
  const bad = results.filter((r) => r.outcome.kind === 'failed' || r.outcome.kind === 'refused');
  for (const r of bad) console.log(`FAIL ${r.c.name}: ${describe(r.outcome)}`);
  const slow = results.filter((r) => r.ms > 500).map((r) => `${r.c.name} ${Math.round(r.ms)} ms`);
  if (slow.length) console.log(`slowest: ${slow.join(', ')}`);
}
