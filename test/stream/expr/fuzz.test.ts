/**
 * Fuzz: random text and random well-formed trees (functions included) through compile and
 * evaluate. Nothing may throw anything but ExprError, nothing may hang (every case is timed out
 * by operation count: the language has no loops, regexes are checked), no prototype may change.
 */

import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../../src/stream/expr/compile.ts';
import { ExprError } from '../../../src/stream/expr/errors.ts';
import { FUNCTIONS } from '../../../src/stream/expr/functions.ts';

const PROTO_BEFORE = Object.getOwnPropertyNames(Object.prototype).sort();
const ARRAY_PROTO_BEFORE = Object.getOwnPropertyNames(Array.prototype).sort();

const SCOPES: Array<Record<string, unknown>> = [
  {},
  { x: 1, s: 'abc', a: [1, 'b', null], o: { p: { q: 2 } }, n: null, $key: 'k', $ts: 0 },
  JSON.parse('{"__proto__": {"x": 1}, "constructor": {"prototype": {"y": 2}}, "x": "1e400", "s": ""}'),
];

/** Runs compile and evaluation; returns 'ok', 'compile' or 'eval' for the kind of ExprError, rethrows anything else. */
function attempt(source: string): string {
  let f;
  try {
    f = compile(source);
  } catch (err) {
    if (err instanceof ExprError) return 'compile';
    throw new Error(`compile threw ${(err as Error)?.name}: ${(err as Error)?.message} for ${JSON.stringify(source)}`);
  }
  let kind = 'ok';
  for (const scope of SCOPES) {
    try {
      f(scope);
    } catch (err) {
      if (!(err instanceof ExprError)) throw new Error(`evaluation threw ${(err as Error)?.name}: ${(err as Error)?.message} for ${JSON.stringify(source)}`);
      kind = 'eval';
    }
  }
  return kind;
}

const TOKENS = ['x', 's', 'a', 'o', 'n', '$key', '__proto__', 'constructor', '.', '[', ']', '(', ')', ',', '"', "'", '+', '-', '*', '/', '%', '!',
  '==', '!=', '<', '>=', 'and', 'or', 'not', 'in', '??', '?', ':', '=~', '1', '0', '1e400', '"(a+)+$"', '"a|a"', 'lower', 'len', 'matches', 'convert', 'now',
  'this', '\\', '`', '{', '}', ';', ' ', '\u2028', '\u0000', 'é', '😀'];

test('random token soup: only ExprError, never another exception', () => {
  const seen = { ok: 0, compile: 0, eval: 0 } as Record<string, number>;
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 24 }), (parts) => {
      seen[attempt(parts.join(''))]!++;
    }),
    { numRuns: 3000, seed: 8 },
  );
  assert.ok(seen.compile! > 0 && seen.ok! > 0, JSON.stringify(seen));
});

test('random unicode strings: only ExprError', () => {
  fc.assert(fc.property(fc.string({ maxLength: 64, unit: 'binary' }), (s) => void attempt(s)), { numRuns: 2000, seed: 9 });
});

const NAMES = [...Object.keys(FUNCTIONS), 'if', 'lenght', 'eval', 'require'];
const atom = fc.oneof(
  fc.constantFrom('x', 's', 'a', 'o.p.q', 'a[1]', 'n', 'missing', '$key', 'o["__proto__"]', 'o.constructor'),
  fc.constantFrom('0', '-1', '2.5', '1e308', '"abc"', '""', '"degC"', '"degF"', '"km"', '"^a"', 'true', 'null', '[1, "x"]'),
);
const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small' },
    atom,
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '==', '<', 'and', 'or', '??', 'in'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom(...NAMES), fc.array(tie('e'), { maxLength: 4 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
    tie('e').map((a) => `not ${a}`),
  ),
})).e;

test('random well-formed trees over every function: only ExprError', () => {
  const seen = { ok: 0, compile: 0, eval: 0 } as Record<string, number>;
  fc.assert(fc.property(expr, (s) => void seen[attempt(s)]!++), { numRuns: 3000, seed: 10 });
  assert.ok(seen.ok! > 100 && seen.eval! > 100, JSON.stringify(seen));
});

test('after all of it, Object.prototype and Array.prototype are untouched', () => {
  assert.equal(Object.getOwnPropertyNames(Object.prototype).sort(), PROTO_BEFORE);
  assert.equal(Object.getOwnPropertyNames(Array.prototype).sort(), ARRAY_PROTO_BEFORE);
  assert.is(({} as Record<string, unknown>).x, undefined);
  assert.is(({} as Record<string, unknown>).y, undefined);
});

test.run();
