/**
 * The compiler: a jsep tree → nested closures, once. Evaluation never calls eval/new Function,
 * never loops (the language has no loops) and never walks a prototype chain. Semantics (null
 * rules, types) live in values.ts and functions.ts; docs/EXPRESSIONS.md is the reference.
 */

import type { Compile, Scope } from './types.ts';
import { ExprError } from './errors.ts';
import { FUNCTIONS, SPECIAL_FORMS, unknownFunction } from './functions.ts';
import { parse, type Node } from './parse.ts';
import { compileRegex } from './regex.ts';
import { capped, compare, equals, finite, member, needNumber, needString, truth, typeName } from './values.ts';

type Fn = (scope: Scope) => unknown;

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
};
const COMPARISONS = new Set(['<', '<=', '>', '>=']);

/** Compiles source text once into a closure; throws ExprError with the column and a hint. */
export const compile: Compile = (source) => {
  const fn = build(parse(source));
  return (scope) => {
    const v = fn(scope);
    return v === undefined ? null : v;
  };
};

function build(n: Node): Fn {
  switch (n.type) {
    case 'Literal': {
      const v = n.value;
      if (v !== null && typeof v === 'object') throw new ExprError('regular expression literals are not supported', n.col, 'write matches(s, "regex")');
      return () => v;
    }
    case 'Identifier':
      return identifier(n);
    case 'MemberExpression':
      return memberAccess(n);
    case 'ArrayExpression': {
      const items = (n.elements as Array<Node | null>).map((e) => {
        if (e === null) throw new ExprError('an array literal has an empty slot', n.col);
        return build(e);
      });
      return (s) => items.map((f) => f(s) ?? null);
    }
    case 'UnaryExpression':
      return unary(n);
    case 'BinaryExpression':
      return binary(n);
    case 'ConditionalExpression': {
      const [test, yes, no] = [n.test, n.consequent, n.alternate].map((c) => build(c as Node)) as [Fn, Fn, Fn];
      return (s) => (truth(test(s), "the condition of '? :'", n.col) ? yes(s) : no(s));
    }
    case 'CallExpression':
      return call(n);
    case 'Compound': {
      const second = (n.body as Node[])[1];
      throw new ExprError('unexpected text', second?.col, 'join conditions with and / or, operands with an operator');
    }
    case 'SequenceExpression':
      throw new ExprError("',' is only allowed between function arguments and array items", n.col);
    case 'ThisExpression':
      throw new ExprError("'this' is not available", n.col, 'name the field directly');
    default:
      throw new ExprError(`unsupported syntax (${n.type})`, n.col);
  }
}

function identifier(n: Node): Fn {
  const name = n.name as string;
  if (name === 'now') throw new ExprError("'now' is not available", n.col, 'expressions have no wall clock; use $ts (the event time, epoch ms)');
  return (s) => member(s, name);
}

function memberAccess(n: Node): Fn {
  const object = build(n.object as Node);
  if (!n.computed) {
    const name = (n.property as Node).name as string;
    return (s) => member(object(s), name);
  }
  const property = build(n.property as Node);
  return (s) => member(object(s), property(s));
}

function unary(n: Node): Fn {
  const op = n.operator as string;
  const arg = build(n.argument as Node);
  switch (op) {
    case '-':
      return (s) => {
        const v = arg(s);
        return v === null || v === undefined ? null : finite(-needNumber(v, "unary '-'", n.col));
      };
    case '+':
      return (s) => {
        const v = arg(s);
        return v === null || v === undefined ? null : needNumber(v, "unary '+'", n.col);
      };
    case '!':
    case 'not':
      return (s) => !truth(arg(s), `'${op}'`, n.col);
    default:
      throw new ExprError(`operator '${op}' is not supported`, n.col);
  }
}

function binary(n: Node): Fn {
  const op = n.operator as string;
  const col = (n.left as Node).col;
  if (op === '=~') return regexMatch(n);
  const left = build(n.left as Node);
  const right = build(n.right as Node);
  switch (op) {
    case 'and':
    case '&&':
      return (s) => truth(left(s), `'${op}'`, col) && truth(right(s), `'${op}'`, col);
    case 'or':
    case '||':
      return (s) => truth(left(s), `'${op}'`, col) || truth(right(s), `'${op}'`, col);
    case '??':
      return (s) => left(s) ?? right(s);
    case '==':
    case '===':
      return (s) => equals(left(s), right(s));
    case '!=':
    case '!==':
      return (s) => !equals(left(s), right(s));
    case 'in':
      return (s) => within(left(s), right(s), col);
    case '+':
      return (s) => plus(left(s), right(s), col);
  }
  if (COMPARISONS.has(op)) return (s) => compare(op, left(s), right(s));
  const f = ARITHMETIC[op];
  if (!f) throw new ExprError(`operator '${op}' is not supported`, col, 'see docs/EXPRESSIONS.md for the operators');
  return (s) => {
    const a = left(s);
    const b = right(s);
    if (a === null || a === undefined || b === null || b === undefined) return null;
    return finite(f(needNumber(a, `'${op}'`, col), needNumber(b, `'${op}'`, col)));
  };
}

/** `+` adds numbers or joins two strings; null on either side gives null. */
function plus(a: unknown, b: unknown, col?: number): unknown {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  if (typeof a === 'number' && typeof b === 'number') return finite(a + b);
  if (typeof a === 'string' && typeof b === 'string') return capped(a + b, col);
  throw new ExprError(`'+' needs two numbers or two strings, got ${typeName(a)} and ${typeName(b)}`, col, 'use concat(a, b) to join text');
}

/** `x in [..]` (element equality), `"sub" in s` (substring); a null right side holds nothing. */
function within(x: unknown, container: unknown, col?: number): boolean {
  if (Array.isArray(container)) return container.some((e) => equals(x, e));
  if (typeof container === 'string') return x !== null && x !== undefined && container.includes(needString(x, "'in' on a string", col));
  if (container === null || container === undefined) return false;
  throw new ExprError(`'in' needs an array or a string on the right, got ${typeName(container)}`, col);
}

function regexMatch(n: Node): Fn {
  const pattern = n.right as Node;
  if (pattern.type !== 'Literal' || typeof pattern.value !== 'string') {
    throw new ExprError("the right side of '=~' must be a string literal", pattern.col ?? (n.left as Node).col, 'regexes are compiled and checked once, at compile time');
  }
  const re = compileRegex(pattern.value, '', pattern.col);
  const left = build(n.left as Node);
  return (s) => {
    const v = left(s);
    return v !== null && v !== undefined && re.test(needString(v, "'=~'", n.col));
  };
}

function call(n: Node): Fn {
  const callee = n.callee as Node;
  if (callee.type !== 'Identifier') throw new ExprError('only named functions can be called', callee.col, 'write lower(s), not s.lower()');
  const name = callee.name as string;
  const args = n.arguments as Node[];
  const spec = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name]! : Object.hasOwn(SPECIAL_FORMS, name) ? SPECIAL_FORMS[name as 'if'] : undefined;
  if (!spec) throw unknownFunction(name, callee.col);
  if (args.length < spec.min || args.length > spec.max) {
    const want = spec.min === spec.max ? `${spec.min}` : spec.max >= 64 ? `at least ${spec.min}` : `${spec.min} to ${spec.max}`;
    throw new ExprError(`${name}() takes ${want} argument${spec.max === 1 ? '' : 's'}, got ${args.length}`, callee.col, spec.doc);
  }
  const fns = args.map(build);
  if (name === 'if') {
    const [c, a, b] = fns as [Fn, Fn, Fn];
    return (s) => (truth(c(s), 'if()', callee.col) ? a(s) : b(s));
  }
  const fspec = FUNCTIONS[name]!;
  const literals = args.map((a) => (a.type === 'Literal' ? a.value : undefined));
  for (const i of fspec.literal ?? []) {
    if (i < args.length && typeof literals[i] !== 'string') {
      throw new ExprError(`argument ${i + 1} of ${name}() must be a string literal`, args[i]!.col ?? callee.col, 'it is compiled and checked once, at compile time');
    }
  }
  const impl = fspec.bind?.(literals, callee.col) ?? fspec.call;
  const col = callee.col;
  return (s) => {
    const values = fns.map((f) => f(s) ?? null);
    if (!fspec.nulls && values.includes(null)) return null;
    return impl(values, col) ?? null;
  };
}
