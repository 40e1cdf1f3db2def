/**
 * channel_costs: spend per channel and month (channel, month = first day of the month, cost).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ResolvedConfig } from '../../data/config.ts';
import { ident, literal } from '../../core/sql.ts';
import type { TableIngest } from './ingestResult.ts';
import { mapColumns } from './mapColumns.ts';
import type { Quarantine } from './quarantine.ts';
import { moveRejectedRows } from './moveRejectedRows.ts';
import { checkedSelectSql, type RowCheck } from './rowChecks.ts';
import { RowNumbers } from './rowNumbers.ts';
import { openSource, readSource } from './sourceFile.ts';
import { tableCount } from './tableCount.ts';
import { describeMonthFormat, missingSql, monthSql, numberSql, presentSql, quotedSql, trimmedSql } from './valueSql.ts';

const table = ident('channel_costs');

export async function ingestChannelCosts(connection: DuckDBConnection, config: ResolvedConfig, quarantine: Quarantine): Promise<TableIngest> {
  const settings = config.sources.channel_costs;
  if (!settings) {
    await connection.run(`
      create or replace table ${table} (
        channel varchar,
        month date,
        cost double
      )`);
    return { warnings: [] };
  }

  const source = await openSource(connection, 'channel_costs', settings);
  const { columns, warnings } = mapColumns(source, settings, { required: ['channel', 'month', 'cost'], optional: [] });
  const file = (name: string) => columns.get(name)!;
  const missing = [...config.missing_values, ...settings.missing_values];
  const present = (trimmed: string) => presentSql(trimmed, missing);
  const months = { format: settings.date_format, native: source.temporalColumns.has(file('month')) };

  const checks: RowCheck[] = [
    { column: file('channel'), when: 'channel is null', value: 'channel_raw', reason: () => `'channel is missing'` },
    {
      column: file('month'),
      when: `month is null and ${missingSql('month_raw', missing)}`,
      value: 'month_raw',
      reason: () => `'month is missing'`,
    },
    {
      column: file('month'),
      when: 'month is null',
      value: 'month_raw',
      reason: (value) => `${quotedSql(value)} || ${literal(` is not a month in ${describeMonthFormat(months)}`)}`,
    },
    {
      column: file('cost'),
      when: `cost is null and ${missingSql('cost_raw', missing)}`,
      value: 'cost_raw',
      reason: () => `'cost is missing'`,
    },
    { column: file('cost'), when: 'cost is null', value: 'cost_raw', reason: (value) => `${quotedSql(value)} || ' is not a number'` },
  ];

  await readSource(
    connection,
    source,
    `create or replace table ${table} as
    with source as (
      select
        ${trimmedSql(ident(file('channel')))} as channel_raw,
        ${ident(file('month'))} as month_raw,
        ${ident(file('cost'))} as cost_raw
      from ${source.relation}
    ),
    present as (
      select
        *,
        ${present('channel_raw')} as channel
      from source
    ),
    parsed as (
      select
        *,
        ${monthSql('month_raw', months, missing)} as month,
        ${numberSql('cost_raw', missing)} as cost
      from present
    ),
    ${checkedSelectSql(checks, [
      'cast(channel as varchar) as channel',
      'cast(month as date) as month',
      'cast(cost as double) as cost',
    ])}`,
  );
  const rows = await RowNumbers.create(connection, source);
  const malformed = await quarantine.addMalformedLines(source);
  const rejected = malformed + (await moveRejectedRows(connection, quarantine, source, table, checks, rows));
  await rows.drop(connection);

  // Not rejected (either row could be the right one), but a join on (channel, month) would count both.
  const reader = await connection.runAndReadAll(`
    with repeated as (
      select channel, month
      from ${table}
      group by channel, month
      having count(*) > 1
    )
    select count(*)::bigint as pairs from repeated`);
  const repeated = Number(reader.getRowObjectsJS()[0].pairs);
  if (repeated > 0) warnings.push(`${source.path}: ${repeated} (channel, month) pair(s) appear more than once`);

  const accepted = await tableCount(connection, table);
  return { report: { file: source.path, read: accepted + rejected, accepted, rejected }, warnings };
}
