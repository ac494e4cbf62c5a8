/**
 * Field scopes at load time (PMML 4.4 "Scope of Fields"): names resolve to frame slots once, so a
 * row never looks a name up. A model sees its MiningSchema and local fields, then its parents'.
 */

import { refuse } from './dom.ts';
import type { DataType, Frame, Getter, OpType, Value } from './values.ts';
import type { El } from './xml.ts';

/** What an expression knows about a field it reads: how to get it, and its declared type. */
export interface FieldDef {
  readonly name: string;
  readonly get: Getter;
  readonly dataType?: DataType;
  readonly optype?: OpType;
  /** Declared valid values in order (DataField Values): the order of an ordinal field. */
  readonly values?: readonly Value[];
}

/** Load-time state shared by every scope of one document: the frame layout. */
export class Layout {
  private next = 0;
  /** Reserves one frame slot (one field's value for the current row). */
  slot(): number {
    return this.next++;
  }
  get size(): number {
    return this.next;
  }
}

type Entry = FieldDef | { pending: () => FieldDef; busy: boolean };

/** A DefineFunction compiled to a call over argument getters (PMML 4.4 "DefineFunction"). */
export interface UserFunction {
  readonly arity: number;
  call(args: readonly Getter[]): Getter;
}

export class Scope {
  private readonly fields = new Map<string, Entry>();
  private readonly functions = new Map<string, () => UserFunction>();

  constructor(
    readonly parent: Scope | null,
    readonly layout: Layout,
  ) {}

  /** Defines a field; `replace` lets a modelChain segment's output shadow an earlier segment's. */
  define(def: FieldDef, el: El, replace = false): void {
    if (!replace && this.fields.has(def.name)) throw refuse(el, `field "${def.name}" is defined twice`);
    this.fields.set(def.name, def);
  }

  /**
   * Defines a field compiled on first reference: DerivedFields may refer to each other in any
   * order, and a cycle among them is refused instead of recursing forever.
   */
  defineLazy(name: string, el: El, compile: () => FieldDef): void {
    if (this.fields.has(name)) throw refuse(el, `field "${name}" is defined twice`);
    const entry = {
      busy: false,
      pending: (): FieldDef => {
        if (entry.busy) throw refuse(el, `field "${name}" is defined in terms of itself`);
        entry.busy = true;
        const def = compile();
        this.fields.set(name, def);
        return def;
      },
    };
    this.fields.set(name, entry);
  }

  /** Compiles every lazily defined field now, so an unsupported element is refused even if unused. */
  force(): void {
    for (const entry of [...this.fields.values()]) if ('pending' in entry && !entry.busy) entry.pending();
  }

  /** Declares a DefineFunction, compiled on first call (functions may call ones declared later). */
  defineFunction(name: string, el: El, compile: () => UserFunction): void {
    if (this.functions.has(name)) throw refuse(el, `function "${name}" is defined twice`);
    let compiled: UserFunction | undefined;
    let busy = false;
    this.functions.set(name, () => {
      if (compiled) return compiled;
      if (busy) throw refuse(el, `function "${name}" calls itself`);
      busy = true;
      return (compiled = compile());
    });
  }

  findFunction(name: string): UserFunction | undefined {
    const f = this.functions.get(name);
    return f ? f() : (this.parent ?? this.functionScope)?.findFunction(name);
  }

  private functionScope: Scope | null = null;
  /** A DefineFunction body: no fields of the document, but its functions. */
  functionsFrom(scope: Scope): void {
    this.functionScope = scope;
  }

  find(name: string): FieldDef | undefined {
    const entry = this.fields.get(name);
    if (entry === undefined) return this.parent?.find(name);
    return 'pending' in entry ? entry.pending() : entry;
  }

  resolve(name: string, el: El): FieldDef {
    const def = this.find(name);
    if (!def) throw refuse(el, `field "${name}" is not defined here`);
    return def;
  }
}

/** A slot computed at most once per row, on first read (fields a row never needs cost nothing). */
export function lazySlot(slot: number, compute: (f: Frame) => Value): Getter {
  return (f) => {
    const v = f[slot];
    if (v !== undefined) return v;
    return (f[slot] = compute(f));
  };
}

/** A slot written by model evaluation (targets, outputs); unset means the producer did not run: missing. */
export function readSlot(slot: number): Getter {
  return (f) => f[slot] ?? null;
}
