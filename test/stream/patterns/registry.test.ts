/** The pattern registry: every example is a valid rule for its own spec, operators honour the contract, the docs are current. */

import { readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { DOC_PATH, patternSpec, PATTERNS, patternsMarkdown, withTable } from '../../../src/stream/patterns/registry.ts';
import { ev, LIMITS } from './helpers.ts';

/** Any expression compiles to a constant: enough to build every operator from its example. */
const compile = () => () => true;

const exampleRule = (name: string) => {
  const doc = parse(PATTERNS[name]!.example) as { patterns: Array<{ operator: string; params: Record<string, unknown>; inputs: Record<string, unknown> }> };
  return doc.patterns[0]!;
};

test('every entry: its name, a summary, and an example rule that passes its schema and its check', () => {
  for (const [name, spec] of Object.entries(PATTERNS)) {
    assert.is(spec.name, name);
    assert.is(patternSpec(name), spec);
    assert.ok(spec.summary.length > 20, `${name}: summary`);
    const rule = exampleRule(name);
    assert.is(rule.operator, name, `${name}: the example uses operator ${rule.operator}`);
    const params = Value.Default(spec.params, structuredClone(rule.params));
    assert.equal([...Value.Errors(spec.params, params)].map((e) => `${e.path}: ${e.message}`), [], `${name}: example params`);
    assert.equal(spec.check?.(params) ?? [], [], `${name}: check`);
    if (spec.inputs) assert.equal(Object.keys(rule.inputs).sort(), [...spec.inputs].sort(), `${name}: example inputs`);
  }
  assert.is(patternSpec('toString'), undefined, 'no prototype names');
});

test('every operator built from its example honours the contract: JSON-safe snapshot that restores, stats, no throw on any input', () => {
  for (const [name, spec] of Object.entries(PATTERNS)) {
    const params = Value.Default(spec.params, structuredClone(exampleRule(name).params));
    const op = spec.create(params, { compile, limits: LIMITS });
    const inputs = spec.inputs ?? Object.keys(exampleRule(name).inputs);
    for (let i = 0; i < 20; i++) op.push(ev(`k${i % 3}`, 1000 * i, { v: i }, inputs[i % inputs.length]!));
    op.advance(5000);
    const state = op.snapshot();
    assert.equal(JSON.parse(JSON.stringify(state)), state, `${name}: snapshot is JSON-safe`);
    const again = spec.create(params, { compile, limits: LIMITS, state: JSON.parse(JSON.stringify(state)) });
    assert.equal(again.snapshot(), state, `${name}: restore → same snapshot`);
    assert.equal(again.stats(), op.stats(), `${name}: restore → same stats`);
    for (const k of ['keys', 'buffered', 'evicted'] as const) assert.type(op.stats()[k], 'number');
  }
});

test('docs/PATTERNS.md is current (regenerate: npx tsx src/stream/patterns/registry.ts --write)', () => {
  const text = readFileSync(DOC_PATH, 'utf8');
  assert.is(withTable(text), text);
  for (const name of Object.keys(PATTERNS)) assert.ok(patternsMarkdown().includes(`## ${name}\n`), name);
});

test.run();
