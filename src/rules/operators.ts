/** What the rules are built from: the operator registry and the expression compiler, bound in one place. */

import type { Compile } from '../stream/expr/types.ts';
import type { OperatorSpec } from '../stream/patterns/operator.ts';

export const OPERATORS: Readonly<Record<string, OperatorSpec<any>>> = {};

export const compile: Compile = () => {
  throw new Error('the expression language is not available');
};
