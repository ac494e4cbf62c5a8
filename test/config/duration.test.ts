/** Durations at the edge: parse and format round-trip. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDuration, parseDuration } from '../../src/config/duration.ts';

test('parses the forms a user writes', () => {
  const table: Array<[string | number, number | undefined]> = [
    ['500ms', 500], ['30s', 30_000], ['5m', 300_000], ['1m30s', 90_000], ['2h', 7_200_000], ['1d', 86_400_000],
    ['1.5s', 1500], ['250', 250], [250, 250], ['', undefined], ['5 minutes', undefined], ['s', undefined], [-1, undefined], ['10x', undefined],
  ];
  for (const [input, expected] of table) assert.equal(parseDuration(input), expected, String(input));
});

test('formats to the largest exact unit', () => {
  const table: Array<[number, string]> = [[30_000, '30s'], [60_000, '1m'], [90_000, '90s'], [3_600_000, '1h'], [250, '250ms'], [1500, '1500ms']];
  for (const [ms, text] of table) {
    assert.equal(formatDuration(ms), text);
    assert.equal(parseDuration(text), ms);
  }
});

test.run();
