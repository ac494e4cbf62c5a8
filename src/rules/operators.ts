/** What the rules are built from: the operator registry and the expression compiler, bound in one place. */

export { compile } from '../stream/expr/compile.ts';
export { PATTERNS as OPERATORS } from '../stream/patterns/registry.ts';
