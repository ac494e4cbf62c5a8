/** Date and time types and functions (PMML 4.4 "Data Types", "Built-in Functions"). */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAs } from '../../../src/models/pmml/values.ts';
import { compile, doc, numbers, one } from './helpers.ts';

function derive(field: string, expr: string): ReturnType<typeof compile> {
  return compile(
    doc(
      field + numbers('y'),
      `<RegressionModel functionName="regression">
        <MiningSchema><MiningField name="d"/><MiningField name="y" usageType="target"/></MiningSchema>
        <Output><OutputField name="out" feature="transformedValue">${expr}</OutputField></Output>
        <RegressionTable intercept="0"/>
      </RegressionModel>`,
    ),
  );
}

test('date types parse ISO text; counts are days or seconds since January 1st of their year', () => {
  const table: Array<[Parameters<typeof parseAs>[0], string, unknown]> = [
    ['date', '2020-02-29', '2020-02-29'],
    ['date', '2021-02-29', undefined],
    ['time', '23:59:59', '23:59:59'],
    ['dateTime', '1970-01-02T00:00:01', '1970-01-02T00:00:01'],
    ['dateDaysSince[1970]', '1970-01-11', 10],
    ['dateDaysSince[1960]', '1960-01-01', 0],
    ['dateDaysSince[0]', '0001-01-01', 366],
    ['timeSeconds', '01:00:30', 3630],
    ['dateTimeSecondsSince[1970]', '1970-01-02T00:00:01', 86401],
    ['dateDaysSince[1970]', '42', 42],
  ];
  for (const [type, text, want] of table) assert.is(parseAs(type, text), want, `${type} ${text}`);
});

test('dateDaysSinceYear, dateSecondsSinceYear, dateSecondsSinceMidnight, formatDatetime', () => {
  const date = '<DataField name="d" optype="continuous" dataType="dateTime"/>';
  const at = (expr: string): unknown => one(derive(date, expr), { d: '2004-08-20T15:01:02' }, 'out');
  assert.is(at('<Apply function="dateDaysSinceYear"><FieldRef field="d"/><Constant>1960</Constant></Apply>'), 16303);
  assert.is(at('<Apply function="dateSecondsSinceYear"><FieldRef field="d"/><Constant>1970</Constant></Apply>'), 1093014062);
  assert.is(at('<Apply function="dateSecondsSinceMidnight"><FieldRef field="d"/></Apply>'), 15 * 3600 + 62);
  assert.is(at('<Apply function="formatDatetime"><FieldRef field="d"/><Constant>%m/%d/%y %H:%M (day %j)</Constant></Apply>'), '08/20/04 15:01 (day 233)');
});

test.run();
