/** Table-row builders: fixed names, patterns with cached definitions, percent parameters. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fixedEntry, parsePercent, patternEntry } from '../../../src/features/stats/entry.ts';
import type { Stat, StatDef } from '../../../src/features/stats/types.ts';

const STAT: StatDef = { id: 'x', create: (): Stat => ({ add() {}, remove() {}, rebuild() {} }) };

test('parsePercent: 1..99 without leading zeros', () => {
  const cases: Array<[string, number | undefined]> = [['1', 0.01], ['5', 0.05], ['50', 0.5], ['99', 0.99], ['0', undefined], ['05', undefined], ['100', undefined], ['', undefined], ['9.5', undefined]];
  for (const [s, v] of cases) assert.is(parsePercent(s), v, s);
});

test('fixedEntry matches its one name; patternEntry caches one definition per name', () => {
  const f = fixedEntry({ name: 'thing', summary: 's', cost: 'O(1)', memory: 'O(1)', exactness: 'exact', stat: STAT, read: () => 1 });
  assert.ok(f.match('thing'));
  assert.is(f.match('things'), undefined);
  let defined = 0;
  const p = patternEntry<number>({
    display: 'q<n>',
    example: 'q1',
    summary: 's',
    memory: 'O(1)',
    exactness: 'exact',
    parse: (n) => (/^q[0-9]$/.test(n) ? Number(n[1]) : undefined),
    define: (name, k) => (defined++, { name, cost: 'O(1)', summary: `${k}`, stat: STAT, read: () => k }),
  });
  assert.is(p.match('q3'), p.match('q3'));
  assert.is(defined, 1);
  assert.is(p.match('q33'), undefined);
});

test.run();
