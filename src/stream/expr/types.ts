/** The contract of the safe expression language (filters, computed fields, pattern predicates). */

/** What an expression reads: an event body (nested JSON) plus `$key`, `$ts`, `$topic` where given. */
export type Scope = Readonly<Record<string, unknown>>;

/** A compiled expression: a plain closure over the parsed tree, never eval/new Function. */
export type Compiled = (scope: Scope) => unknown;

/** Compiles source text once; throws ExprError (with the position and what to fix) on bad input. */
export type Compile = (source: string) => Compiled;
