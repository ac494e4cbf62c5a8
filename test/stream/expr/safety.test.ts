/** Safety: catastrophic regexes refused at compile time, no prototype reachable, limits on size and depth. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../../src/stream/expr/compile.ts';
import { ExprError } from '../../../src/stream/expr/errors.ts';

const refused = (source: string, pattern: RegExp): void => {
  assert.throws(() => compile(source), (e: unknown) => e instanceof ExprError && pattern.test((e as Error).message), source);
};

test('ReDoS: nested quantifiers are refused with a message, at compile time', () => {
  for (const re of ['(a+)+$', '(a*)*b', '(x+x+)+y', '^(\\\\w+\\\\s?)*$', '(.*a){12}', '([a-z]+)*@']) {
    refused(`matches(s, "${re}")`, /can backtrack catastrophically/);
    refused(`s =~ "${re}"`, /can backtrack catastrophically .* at 6; remove the nested quantifier/);
  }
});

test('safe regexes compile and match; the pattern is compiled once, not per event', () => {
  const f = compile('matches(id, "^[A-Z]{2}-[0-9]+$")');
  assert.is(f({ id: 'AB-12' }), true);
  assert.is(f({ id: 'ab-12' }), false);
  assert.is(compile('id =~ "^a"')({ id: 'abc' }), true);
});

test('a refused regex inside a branch that never runs is still refused (checked at compile, not lazily)', () => {
  refused('false and matches(s, "(a+)+$")', /catastrophically/);
});

test('prototype names read as null, whatever the event holds', () => {
  const body = JSON.parse('{"__proto__": {"admin": true}, "constructor": "c", "o": {"prototype": 1}}');
  for (const src of ['__proto__', '__proto__.admin', 'constructor', 'o.prototype', 'o["__proto__"]', 'o.constructor', 'o.constructor.constructor',
    'toString', 'hasOwnProperty', 'valueOf', 'o.toString', 's.length', 'a.length', 'a["length"]', 'a.constructor', 's.constructor']) {
    assert.is(compile(src)({ ...body, s: 'str', a: [1] }), null, src);
  }
  assert.is(compile('$key')(Object.create({ $key: 'inherited' })), null, 'inherited scope properties are not read');
});

test('constructor.constructor tricks cannot build or call a function', () => {
  refused('constructor.constructor("return process")()', /only named functions can be called/);
  refused('s.constructor("x")', /only named functions/);
  refused('eval("1")', /unknown function 'eval'/);
  refused('Function("return 1")', /unknown function 'Function'/);
  refused('x["constructor"]["constructor"]("return 1")()', /only named functions/);
  // names in the function table are own properties only: Object.prototype methods are not functions here
  refused('toString(1)', /unknown function 'toString'/);
  refused('hasOwnProperty("x")', /unknown function/);
  refused('__proto__(1)', /unknown function/);
});

test('limits: source length, depth and built strings', () => {
  refused('1 + '.repeat(2000) + '1', /limit is 4096/);
  refused('1' + ' + 1'.repeat(150), /nested too deeply/);
  refused('['.repeat(150) + ']'.repeat(150), /nested too deeply/);
  refused('not '.repeat(120) + 'x', /nested too deeply/);
  assert.throws(() => compile('concat(s, s, s, s, s, s, s, s)')({ s: 'x'.repeat(10_000) }), /over the limit of 65536/);
});

test('errors never leak a stack overflow or a TypeError', () => {
  for (const src of ['(((', ')', '[,]', 'a.', 'a[', '"unterminated', "'", '1 ? 2', '? :', 'a..b', '.5.5', '@', '#', '\\u0000']) {
    assert.throws(() => compile(src), (e: unknown) => e instanceof ExprError, src);
  }
});

test.run();
