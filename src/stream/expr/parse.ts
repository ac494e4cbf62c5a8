/**
 * Parsing with jsep, configured once for this language: word operators (`and`, `or`, `not`, `in`),
 * `??`, `=~`, ternary and array literals. Nodes get a 1-based `col` so compile errors can point at
 * the token. The source length and the tree depth are capped before anything recurses on them.
 */

import jsep, { type Expression } from 'jsep';
import { ExprError } from './errors.ts';

export const MAX_SOURCE_LENGTH = 4096;
export const MAX_DEPTH = 100;

/** A jsep node with the column of its first character (tokens, calls, member chains, groups). */
export type Node = Expression & { col?: number };

// Precedences follow jsep's table (|| 1, && 2, == 6, < 7, + 9, * 10): `a ?? b or c` is `(a ?? b) or c`.
jsep.addBinaryOp('or', 1);
jsep.addBinaryOp('and', 2);
jsep.addBinaryOp('??', 1);
jsep.addBinaryOp('=~', 6);
jsep.addBinaryOp('in', 7);
jsep.addUnaryOp('not');
// jsep parses `a b` as a Compound and `(a, b)` as a sequence; the compiler refuses both.

interface Starts {
  __exprStarts?: number[];
}
const isDigitOrDot = (code: number): boolean => (code >= 48 && code <= 57) || code === 46;

// Token positions: 'gobble-token' runs at a token's first character (after spaces) and every token
// path except numeric literals ends in 'after-token', so a stack pairs them (reentrant per parser).
jsep.hooks.add('gobble-token', function (this: jsep.HookScope & Starts) {
  if (isDigitOrDot(this.code)) return;
  (this.__exprStarts ??= []).push(this.index);
});
jsep.hooks.add('after-token', function (this: jsep.HookScope & Starts, env) {
  const start = this.__exprStarts?.pop();
  if (start === undefined) return;
  // a call or member chain (`len(s)`, `a.b[0]`) is one token: its root starts where the chain does
  for (let n = env.node as Node | undefined; n && n.col === undefined; n = (n.callee ?? n.object) as Node | undefined) {
    n.col = start + 1;
    if (n.type !== 'CallExpression' && n.type !== 'MemberExpression') break;
  }
});

/** Parses source text; throws ExprError with the column for syntax errors, length and depth. */
export function parse(source: string): Node {
  if (typeof source !== 'string') throw new ExprError(`an expression must be a string, got ${typeof source}`);
  if (source.length > MAX_SOURCE_LENGTH) {
    throw new ExprError(`the expression is ${source.length} characters; the limit is ${MAX_SOURCE_LENGTH}`, undefined, 'split it into several computed fields');
  }
  if (source.trim() === '') throw new ExprError('the expression is empty');
  checkNesting(source);
  let node: Node;
  try {
    node = jsep(source) as Node;
  } catch (err) {
    if (err instanceof RangeError) throw new ExprError('the expression is nested too deeply', undefined, `at most ${MAX_DEPTH} levels`);
    const e = err as Error & { index?: number; description?: string };
    throw new ExprError(`syntax error: ${(e.description ?? e.message).toLowerCase()}`, typeof e.index === 'number' ? e.index + 1 : undefined);
  }
  if (depth(node, 0) > MAX_DEPTH) throw new ExprError('the expression is nested too deeply', undefined, `at most ${MAX_DEPTH} levels`);
  return node;
}

/**
 * Brackets and runs of prefix signs nest recursion in jsep; refuse deep nesting before it can
 * overflow the stack (a RangeError is still caught as a last resort).
 */
function checkNesting(source: string): void {
  let level = 0;
  let signs = 0;
  let quote = '';
  const tooDeep = (i: number): ExprError => new ExprError('the expression is nested too deeply', i + 1, `at most ${MAX_DEPTH} levels`);
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    if (c === '-' || c === '+' || c === '!' || c === '~') {
      if (++signs > MAX_DEPTH) throw tooDeep(i);
      continue;
    }
    signs = 0;
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') {
      if (++level > MAX_DEPTH) throw tooDeep(i);
    } else if (c === ')' || c === ']') level = Math.max(0, level - 1);
  }
}

function depth(node: Node, d: number): number {
  if (d > MAX_DEPTH) return d;
  let max = d;
  for (const child of children(node)) max = Math.max(max, depth(child, d + 1));
  return max;
}

/** The sub-expressions of a node, in source order. */
export function children(node: Node): Node[] {
  switch (node.type) {
    case 'BinaryExpression':
      return [node.left as Node, node.right as Node];
    case 'UnaryExpression':
      return [node.argument as Node];
    case 'ConditionalExpression':
      return [node.test as Node, node.consequent as Node, node.alternate as Node];
    case 'MemberExpression':
      return [node.object as Node, node.property as Node];
    case 'CallExpression':
      return [node.callee as Node, ...(node.arguments as Node[])];
    case 'ArrayExpression':
      return (node.elements as Array<Node | null>).filter((e): e is Node => e !== null);
    case 'Compound':
    case 'SequenceExpression':
      return (node.body ?? node.expressions) as Node[];
    default:
      return [];
  }
}
