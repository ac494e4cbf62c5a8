/** What the rules are built from: the operator registry and the expression compiler, bound in one place. */

import { compile } from '../stream/expr/compile.ts';
import { joinSpec } from '../stream/patterns/join.ts';
import type { OperatorSpec } from '../stream/patterns/operator.ts';

export { compile };

export const OPERATORS: Readonly<Record<string, OperatorSpec<any>>> = { join: joinSpec as OperatorSpec<any> };
