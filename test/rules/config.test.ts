/** patterns:/tables: config: defaults, and every problem reported at its field in one pass. */

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_CONFIG } from '../../src/config/demo.ts';
import { ConfigError, resolveConfig } from '../../src/config/load.ts';

const it = suite('rules/config');
const join = { name: 'j', inputs: { left: { topic: 'a/+' }, right: { topic: 'b/+' } }, operator: 'join', params: { within: '1m' } };

function problems(extra: Record<string, unknown>): string[] {
  try {
    resolveConfig({ pipelines: DEMO_CONFIG.pipelines, ...extra });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

it('a minimal rule gets its defaults: key topic[1], time $.ts, JSON on streamscore/patterns/{pattern}/{key}', () => {
  const config = resolveConfig({ pipelines: DEMO_CONFIG.pipelines, patterns: [join], tables: { devices: { topic: 'meta/+' } } });
  const rule = config.patterns[0]!;
  assert.equal(rule.inputs[0], { name: 'left', topic: 'a/+', key: { kind: 'topic', level: 1 }, time: ['ts'], id: ['id'] });
  assert.equal(rule.params, { within: '1m', type: 'inner' });
  assert.equal([rule.clock, rule.slackMs, rule.emit.topic, rule.emit.format, rule.emit.qos], ['event', 0, 'streamscore/patterns/{pattern}/{key}', 'json', 1]);
  assert.equal(config.tables, [{ name: 'devices', topic: 'meta/+', key: { kind: 'topic', level: 1 }, maxRows: 100_000 }]);
});

it('phase one names the field: shape and types', () => {
  assert.equal(problems({ patterns: [{ ...join, clock: 'wall' }] }).some((p) => p.startsWith('patterns[0].clock')), true);
  assert.equal(problems({ patterns: [{ ...join, emit: { format: 'yaml' } }] }).some((p) => p.startsWith('patterns[0].emit.format')), true);
});

it('phase two: operator, its params (schema, check, expressions), inputs, outputs, bridges', () => {
  const found = problems({
    tables: { prices: { topic: 'prices/#', key: 'topic[3]' } },
    patterns: [
      { ...join, operator: 'joinn' },
      { ...join, name: 'p1', params: { within: '1m', type: 'outer' } },
      { ...join, name: 'p2', params: { within: 'soon' } },
      { ...join, name: 'p3', params: { within: '1m', where: 'left.x >' } },
      { ...join, name: 'p4', inputs: { left: { topic: 'a/+' } } },
      { ...join, name: 'p5', inputs: { left: { topic: 'a/+', table: 'prices' }, right: { table: 'nope' } } },
      { ...join, name: 'p6', emit: { format: 'csv', topic: 'out/#' } },
      { ...join, name: 'p7', bridge: { mqtt: { url: 'http://x' }, webhook: { url: 'ftp://x', backoff: 'later' } }, scatter: { input: 'requests', topics: ['c/{key}'] } },
      { ...join, name: 'p7' },
      { ...join, name: 'p9', clock: 'processing', reorder: { slack: '2s' } },
    ],
  });
  const expected = [
    'tables.prices.key: topic level 3 is not in "prices/#"',
    'patterns[0].operator: unknown operator "joinn"; known: ',
    'patterns[1].params.type: ',
    'patterns[2].params.within: not a duration ("soon")',
    'patterns[3].params: ',
    'patterns[4].inputs: join takes the inputs left, right; got left',
    'patterns[5].inputs.left: give either topic: (an MQTT topic filter) or table: (a table name)',
    'patterns[5].inputs.right.table: no table "nope"; declare it under tables: (known: prices)',
    'patterns[6].emit.topic: "out/#" must be a topic name without wildcards',
    'patterns[6].emit.template: csv needs a list of columns',
    'patterns[7].bridge.mqtt.url: "http://x" must be a URL with mqtt:// or mqtts:// or ws:// or wss://',
    'patterns[7].bridge.webhook.url: "ftp://x" must be a URL with http:// or https://',
    'patterns[7].bridge.webhook.backoff: "later" is not a duration',
    'patterns[7].scatter.input: "requests" is not one of the inputs (left, right)',
    'patterns[8].name: "p7" is used by another pattern',
    'patterns[9].reorder: slack and idle are for clock: event',
  ];
  for (const e of expected) assert.ok(found.some((p) => p.startsWith(e)), `expected a problem starting with: ${e}\ngot:\n  ${found.join('\n  ')}`);
  assert.is(found.length, expected.length, found.join('\n'));
});

it.run();
