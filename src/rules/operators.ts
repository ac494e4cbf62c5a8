/** What the rules are built from: the operator registry and the expression compiler, bound in one place. */

import type { OperatorSpec } from '../stream/patterns/operator.ts';
import { PATTERNS } from '../stream/patterns/registry.ts';
import { threshold } from '../stream/patterns/threshold.ts';

export { compile } from '../stream/expr/compile.ts';

/** The registry's operators; threshold (built with the expression language) until the registry lists it. */
export const OPERATORS: Readonly<Record<string, OperatorSpec<any>>> = { threshold, ...PATTERNS };
