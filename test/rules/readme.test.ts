/**
 * Every YAML example of the README's "Patterns" section, and every operator's example in the
 * registry (served by GET /v1/patterns and docs/PATTERNS.md), is a config the service accepts.
 */

import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { DEMO_CONFIG } from '../../src/config/demo.ts';
import { resolveConfig } from '../../src/config/load.ts';
import { OPERATORS } from '../../src/rules/operators.ts';

const it = suite('rules/readme');
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('\n## Patterns\n'), readme.indexOf('\n## Development\n'));
const blocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

it('the section has its examples', () => {
  assert.ok(blocks.length >= 9, `${blocks.length} YAML blocks`);
});

it('each example resolves (schema, operator params, expressions, topics)', () => {
  blocks.forEach((text, i) => {
    const doc = parse(text) as Record<string, unknown>;
    try {
      const config = resolveConfig({ ...doc, pipelines: DEMO_CONFIG.pipelines }, `README Patterns example ${i + 1}`);
      assert.ok(config.patterns.length > 0);
    } catch (err) {
      assert.unreachable(`${(err as Error).message}\n${text}`);
    }
  });
});

it('every operator of the registry has an example', () => {
  const used = new Set(blocks.flatMap((b) => [...b.matchAll(/operator: (\w+)/g)].map((m) => m[1])));
  assert.equal(Object.keys(OPERATORS).filter((name) => !used.has(name)), []);
});

it("every operator's registry example resolves as a config", () => {
  for (const spec of Object.values(OPERATORS)) {
    const doc = parse(spec.example) as Record<string, unknown>;
    try {
      const config = resolveConfig({ ...doc, pipelines: DEMO_CONFIG.pipelines }, `${spec.name} example`);
      assert.is(config.patterns[0]!.operator, spec.name);
    } catch (err) {
      assert.unreachable(`${(err as Error).message}\n${spec.example}`);
    }
  }
});

it.run();
