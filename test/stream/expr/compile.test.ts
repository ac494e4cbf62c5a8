/** The expression compiler: tables of expressions and results, the null rules, and compile errors with columns. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../../src/stream/expr/compile.ts';
import { ExprError } from '../../../src/stream/expr/errors.ts';

const event = {
  temperature: 21.5,
  pressure: 1013,
  status: 'OK',
  name: '  Pump 7 ',
  tags: ['a', 'b'],
  nothing: null,
  nested: { 'x y': 3, deep: { v: 4 }, list: [10, 20, 30] },
  flag: true,
  $key: 'pump-7',
  $ts: 1_700_000_000_000,
  $topic: 'devices/pump-7/telemetry',
};

const TABLE: Array<[string, unknown]> = [
  // arithmetic and precedence
  ['1 + 2 * 3', 7],
  ['(1 + 2) * 3', 9],
  ['10 % 4', 2],
  ['-temperature', -21.5],
  ['7 / 2', 3.5],
  ['1 / 0', null],
  ['0 / 0', null],
  ['"ab" + "cd"', 'abcd'],
  // comparisons and logic
  ['temperature > 20 and pressure < 1100', true],
  ['temperature > 20 && pressure > 1100', false],
  ['temperature > 30 or status == "OK"', true],
  ['not (temperature > 30)', true],
  ['!flag', false],
  ['status != "FAIL"', true],
  ['1 == "1"', false],
  ['"a" < "b"', true],
  ['temperature >= 21.5', true],
  ['status in ["OK", "WARN"]', true],
  ['3 in nested.list', false],
  ['20 in nested.list', true],
  ['"um" in name', true],
  ['flag ? "on" : "off"', 'on'],
  ['if(temperature > 100, "hot", "fine")', 'fine'],
  // null rules
  ['missing', null],
  ['missing + 1', null],
  ['missing * 2', null],
  ['-missing', null],
  ['missing > 1', false],
  ['missing < 1', false],
  ['missing == null', true],
  ['nothing == null', true],
  ['missing != null', false],
  ['missing != 1', true],
  ['missing and true', false],
  ['missing or true', true],
  ['not missing', true],
  ['missing ?? 5', 5],
  ['temperature ?? 5', 21.5],
  ['missing in [1, 2]', false],
  ['exists(temperature)', true],
  ['exists(missing)', false],
  ['isnull(nothing)', true],
  ['coalesce(missing, nothing, 3)', 3],
  ['lower(missing)', null],
  ['missing ? 1 : 2', 2],
  // member access
  ['nested["x y"]', 3],
  ['nested.deep.v', 4],
  ['nested.list[1]', 20],
  ['nested.list[5]', null],
  ['nested.missing.deeper', null],
  ['status.length', null],
  ['$key', 'pump-7'],
  ['$topic', 'devices/pump-7/telemetry'],
  ['$ts > 0', true],
  // strings
  ['lower(status)', 'ok'],
  ['upper("abc")', 'ABC'],
  ['trim(name)', 'Pump 7'],
  ['len(status)', 2],
  ['len(tags)', 2],
  ['contains(name, "mp")', true],
  ['contains(tags, "b")', true],
  ['startsWith($key, "pump")', true],
  ['endsWith($topic, "/telemetry")', true],
  ['substr("abcdef", 1, 3)', 'bcd'],
  ['substr("abcdef", -2)', 'ef'],
  ['concat($key, ":", 1, true)', 'pump-7:1true'],
  ['replace("a-b-c", "-", "+")', 'a+b+c'],
  ['split("a,b", ",")', ['a', 'b']],
  ['split($topic, "/")[1]', 'pump-7'],
  ['str(12.5)', '12.5'],
  ['num("12.5") + 1', 13.5],
  ['num("abc")', null],
  ['matches(status, "^o", "i")', true],
  ['status =~ "^O[KX]$"', true],
  ['missing =~ "x"', false],
  // numbers
  ['abs(-3)', 3],
  ['min(3, 1, 2)', 1],
  ['max(3, 1, 2)', 3],
  ['round(2.5)', 3],
  ['round(-2.5)', -3],
  ['round(1.005, 2)', 1.01],
  ['round(-1.005, 2)', -1.01],
  ['round(1e21, 2)', 1e21],
  ['round(2.675, 2)', 2.68],
  ['round(1.2345, 3)', 1.235],
  ['round(1.2344, 3)', 1.234],
  ['round(0.1 + 0.2, 2)', 0.3],
  ['round(-0.5)', -1],
  ['floor(-1.5)', -2],
  ['ceil(1.2)', 2],
  ['sqrt(16)', 4],
  ['sqrt(-1)', null],
  ['log(0)', null],
  ['exp(0)', 1],
  ['exp(1000)', null],
  ['pow(2, 10)', 1024],
  ['clamp(150, 0, 100)', 100],
  // units
  ['convert(212, "degF", "degC")', 100],
  ['convert(0, "degC", "degF")', 32],
  ['convert(-40, "degF", "degC")', -40],
  ['convert(21.5, "degC", "degF")', 70.7],
  ['convert(300, "K", "degC")', 26.85],
  ['convert(1, "km", "m")', 1000],
  ['convert(1, "mi", "km")', 1.609344],
  ['round(convert(1, "bar", "psi"), 4)', 14.5038],
  ['round(convert(100, "km/h", "m/s"), 4)', 27.7778],
  ['convert(1, "kWh", "J")', 3.6e6],
  ['round(convert(1, "hp", "W"), 2)', 745.7],
  ['round(convert(1, "lb", "kg"), 8)', 0.45359237],
];

test('expression table', () => {
  for (const [source, expected] of TABLE) {
    assert.equal(compile(source)(event), expected, source);
  }
});

const ERRORS: Array<[string, RegExp]> = [
  ['1 + lenght(name)', /^unknown function 'lenght' at 5; did you mean 'len'\?$/],
  ['lowr(status)', /unknown function 'lowr' at 1; did you mean 'lower'\?/],
  ['now()', /'now' is not available at 1; .*\$ts/],
  ['$ts > now', /'now' is not available at 7/],
  ['len(a, b)', /len\(\) takes 1 argument, got 2 at 1/],
  ['temperature >', /syntax error: .* at 14/],
  ['a b', /unexpected text at 3/],
  ['status.lower()', /only named functions/],
  ['a | b', /operator '\|' is not supported/],
  ['convert(x, "degF", "kg")', /cannot convert temperature \(degF\) to mass \(kg\)/],
  ['convert(x, "degF", "celsius")', /unknown unit 'celsius'/],
  ['convert(x, "degF", "degc")', /did you mean 'degC'\?/],
  ['matches(s, pattern)', /argument 2 of matches\(\) must be a string literal at 12/],
  ['s =~ "["', /invalid regular expression/],
  ['matches(s, "a", "g")', /unknown regular expression flags 'g'/],
  ['', /empty/],
  ['x'.repeat(5000), /limit is 4096/],
  ['('.repeat(200) + '1' + ')'.repeat(200), /nested too deeply/],
  ['-'.repeat(500) + '1', /nested too deeply/],
  ['this', /'this' is not available/],
];

test('compile errors name the problem, the column and a hint', () => {
  for (const [source, pattern] of ERRORS) {
    try {
      compile(source);
      assert.unreachable(`${source.slice(0, 40)} compiled`);
    } catch (err) {
      assert.instance(err, ExprError, source.slice(0, 40));
      assert.match((err as Error).message, pattern, source.slice(0, 40));
    }
  }
});

const RUNTIME: Array<[string, RegExp]> = [
  ['status * 2', /'\*' needs a number, got string/],
  ['status + 1', /'\+' needs two numbers or two strings, got string and number/],
  ['temperature and true', /'and' needs a boolean, got number/],
  ['lower(temperature)', /lower\(\) needs a string, got number/],
  ['convert(temperature, status, "degC")', /unknown unit 'OK'/],
  ['temperature in status', /'in' on a string needs a string, got number/],
  ['clamp(1, 5, 0)', /low ≤ high/],
];

test('evaluation errors are ExprErrors with a message naming the operator or function', () => {
  for (const [source, pattern] of RUNTIME) {
    const f = compile(source);
    assert.throws(() => f(event), (err: unknown) => err instanceof ExprError && pattern.test((err as Error).message), source);
  }
});

test('strings an expression builds are capped, so nested concatenation cannot blow up memory', () => {
  const doubling = compile('replace(replace(replace(replace(s, "a", s), "a", s), "a", s), "a", s)');
  assert.throws(() => doubling({ s: 'a'.repeat(300) }), (e: unknown) => e instanceof ExprError && /over the limit/.test((e as Error).message));
});

test('a compiled expression is reusable and keeps no state between events', () => {
  const f = compile('temperature * 2');
  assert.is(f({ temperature: 1 }), 2);
  assert.is(f({ temperature: 5 }), 10);
  assert.is(f({}), null);
});

test.run();
