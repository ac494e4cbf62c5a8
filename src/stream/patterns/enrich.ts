/**
 * Stream–table enrichment: each event is joined with the latest table row of its key (the event
 * key, or a key expression such as `symbol`). The operator keeps its own copy of the table: events
 * on the input named by `table` (an input reading a `tables:` entry or a retained topic) upsert it,
 * and a tombstone (`{ $deleted: true }` or an empty body) deletes the row; the runtime can also
 * reach the copy through `tableOf(op)`.
 * A miss is emitted with the row null, dropped, or returned flagged for the dead-letter topic.
 */

import { Type, type Static } from '@sinclair/typebox';
import { hashId } from '../event.ts';
import { scopeOf } from './common.ts';
import type { Emitted, OperatorSpec, PatternEvent, PatternOperator } from './operator.ts';
import { createTable, type Table, type TableState } from './table.ts';

export const EnrichParams = Type.Object(
  {
    table: Type.String({ minLength: 1, description: 'the input whose events are the table rows (upserts; `{ $deleted: true }` deletes)' }),
    key: Type.Optional(Type.String({ description: 'expression giving the row key; default the event key' })),
    as: Type.Optional(Type.String({ minLength: 1, description: 'field of the output that holds the row; default the table name' })),
    miss: Type.Union([Type.Literal('emit'), Type.Literal('drop'), Type.Literal('deadletter')], {
      default: 'emit',
      description: 'no row for the key: emit with the row null, drop, or dead-letter the event',
    }),
    maxRows: Type.Optional(Type.Integer({ minimum: 1, description: "rows kept, the least recently written go first; default the rule's maxKeys" })),
  },
  { additionalProperties: false },
);
export type EnrichParams = Static<typeof EnrichParams>;

export interface EnrichOperator extends PatternOperator {
  readonly table: Table;
}

/** The table behind an enrich operator, for the runtime's HTTP upserts; undefined for other operators. */
export function tableOf(op: PatternOperator): Table | undefined {
  return (op as Partial<EnrichOperator>).table;
}

function createEnrich(params: EnrichParams, opts: Parameters<OperatorSpec<EnrichParams>['create']>[1]): EnrichOperator {
  const table = createTable({ maxRows: params.maxRows ?? opts.limits.maxKeys }, opts.state as TableState | undefined);
  const keyOf = params.key ? opts.compile(params.key) : undefined;
  const field = params.as ?? params.table;
  const miss = params.miss ?? 'emit';

  function push(e: PatternEvent): Emitted[] {
    if (e.source === params.table) {
      if (e.body.$deleted === true || Object.keys(e.body).length === 0) table.delete(e.key);
      else table.upsert(e.key, e.body);
      return [];
    }
    const k = keyOf ? keyOf(scopeOf(e)) : e.key;
    const row = typeof k === 'string' || typeof k === 'number' ? table.get(String(k)) : undefined;
    if (row === undefined) {
      if (miss === 'drop') return [];
      if (miss === 'deadletter') return [{ id: e.id, key: e.key, ts: e.ts, body: { ...e }, deadletter: 'enrich-miss' }];
    }
    return [{ id: hashId('enrich', e.id), key: e.key, ts: e.ts, body: { ...e.body, [field]: row ?? null } }];
  }

  return {
    table,
    push,
    advance: () => [],
    snapshot: () => table.snapshot(),
    stats: () => ({ keys: table.stats().rows, buffered: table.stats().rows, evicted: table.stats().evicted }),
  };
}

export const enrichSpec: OperatorSpec<EnrichParams> = {
  name: 'enrich',
  summary: 'joins each event with the latest row of a keyed table (retained MQTT topic or HTTP upserts); a miss emits nulls, drops or dead-letters',
  params: EnrichParams,
  example: `tables:
  prices: { topic: "prices/+", key: "topic[1]" }   # retained: the latest price per symbol
patterns:
  - name: tweets-with-price
    operator: enrich
    inputs:
      tweets: { topic: "tweets/+", key: "$.symbol" }
      prices: { table: prices }
    params: { table: prices, as: price, miss: emit }
    emit: { topic: "enriched/tweets/{key}" }`,
  create: createEnrich,
};
