/** docs/EXPRESSIONS.md stays true: every function and unit is documented, and the examples table evaluates as written. */

import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../../src/stream/expr/compile.ts';
import { FUNCTIONS } from '../../../src/stream/expr/functions.ts';
import { UNITS } from '../../../src/stream/expr/units.ts';

const doc = readFileSync(new URL('../../../docs/EXPRESSIONS.md', import.meta.url), 'utf8');

test('every function and every unit appears in the reference', () => {
  for (const name of Object.keys(FUNCTIONS)) assert.ok(new RegExp(`\`${name}[(\`]|, ${name}[,\` ]`).test(doc), `function ${name}`);
  for (const unit of Object.keys(UNITS)) assert.ok(doc.includes(`\`${unit}\``), `unit ${unit}`);
});

test('the examples table evaluates as documented', () => {
  const section = doc.slice(doc.indexOf('## Examples'));
  const rows = [...section.matchAll(/^\| `(.+?)` \| `(.+?)` \|$/gm)];
  assert.ok(rows.length >= 8, `${rows.length} example rows`);
  const scope = { t: 21.5, s: 'OK', tags: ['a'], $key: 'pump-7' };
  for (const [, source, expected] of rows) {
    assert.equal(compile(source!)(scope), JSON.parse(expected!), source);
  }
});

test('the error messages quoted at the top are what the compiler says', () => {
  assert.throws(() => compile('len(s) > 2 and lenght(s) < 9'), /^unknown function 'lenght' at 16; did you mean 'len'\?$/);
  const quoted = /compute\.ok: (regular expression .*)$/m.exec(doc)![1]!;
  assert.throws(() => compile('s =~ "(a+)+$"'), (e: unknown) => (e as Error).message === quoted);
});

test.run();
