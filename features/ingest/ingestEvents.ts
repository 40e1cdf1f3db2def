/**
 * events: one row per event of an accepted lead (lead_id, occurred_at, event_type, value). The
 * biggest table, so it is read straight from the file into its typed form in one pass, no raw
 * text copy stored: optimistically as a clean file (cleanRead.ts), else checked value by value.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ResolvedConfig } from '../../data/config.ts';
import { ident, literal } from '../../core/sql.ts';
import type { TableIngest } from './ingestResult.ts';
import { canReadClean, readClean } from './cleanRead.ts';
import { mapColumns } from './mapColumns.ts';
import { moveRejectedRows } from './moveRejectedRows.ts';
import type { Quarantine } from './quarantine.ts';
import { checkedSelectSql, type RowCheck } from './rowChecks.ts';
import { RowNumbers } from './rowNumbers.ts';
import { openSource, readSource, type SourceFile } from './sourceFile.ts';
import { tableCount } from './tableCount.ts';
import { markUnknownLeads, unknownLeadCheck } from './unknownLeads.ts';
import {
  describeDateFormat,
  missingSql,
  numberSql,
  presentSql,
  quotedSql,
  rawColumnSql,
  textColumnSql,
  timestampSql,
  type DateParsing,
} from './valueSql.ts';

const table = ident('events');

/** `cleanRead: false` always takes the checked read (tests compare the two). */
export async function ingestEvents(
  connection: DuckDBConnection,
  config: ResolvedConfig,
  quarantine: Quarantine,
  { cleanRead = true }: { cleanRead?: boolean } = {},
): Promise<TableIngest> {
  const settings = config.sources.events;
  if (!settings) {
    await connection.run(`
      create or replace table ${table} (
        lead_id varchar,
        occurred_at timestamp,
        event_type varchar,
        value double
      )`);
    return { warnings: [] };
  }

  const source = await openSource(connection, 'events', settings);
  const { columns, warnings } = mapColumns(source, settings, {
    required: ['lead_id', 'occurred_at', 'event_type'],
    optional: ['value'],
  });
  const file = (name: string) => columns.get(name)!;
  const missing = [...config.missing_values, ...settings.missing_values];
  const dates: DateParsing = { format: settings.date_format, native: source.temporalColumns.has(file('occurred_at')) };

  const unknownLead = unknownLeadCheck(file('lead_id'));
  const checks: RowCheck[] = [
    { column: file('lead_id'), when: 'lead_id is null', value: 'lead_id_raw', reason: () => `'lead_id is missing'` },
    {
      column: file('occurred_at'),
      when: `occurred_at is null and ${missingSql('occurred_at_raw', missing)}`,
      value: 'occurred_at_raw',
      reason: () => `'occurred_at is missing'`,
    },
    {
      column: file('occurred_at'),
      when: 'occurred_at is null',
      value: 'occurred_at_raw',
      reason: (value) => `${quotedSql(value)} || ${literal(` is not a date in ${describeDateFormat(dates)}`)}`,
    },
    { column: file('event_type'), when: 'event_type is null', value: 'event_type_raw', reason: () => `'event_type is missing'` },
    ...(columns.has('value')
      ? [
          {
            column: file('value'),
            when: `value is null and not ${missingSql('value_raw', missing)}`,
            value: 'value_raw',
            reason: (value: string) => `${quotedSql(value)} || ' is not a number'`,
          },
        ]
      : []),
    unknownLead,
  ];

  const read = await readEvents(connection, { source, columns, missing, dates, checks }, cleanRead);
  const rows = await RowNumbers.create(connection, read);
  const malformed = await quarantine.addMalformedLines(read);
  await markUnknownLeads(connection, table, checks, unknownLead);
  const rejected = malformed + (await moveRejectedRows(connection, quarantine, read, table, checks, rows));
  await rows.drop(connection);

  const accepted = await tableCount(connection, table);
  return { report: { file: source.path, read: accepted + rejected, accepted, rejected }, warnings };
}

interface EventsRead {
  source: SourceFile;
  /** Canonical column → the file's column. */
  columns: ReadonlyMap<string, string>;
  missing: readonly string[];
  dates: DateParsing;
  checks: readonly RowCheck[];
}

/** Reads the file into the events table: the clean read when it can (cleanRead.ts), else the checked read. */
async function readEvents(connection: DuckDBConnection, read: EventsRead, cleanRead: boolean): Promise<SourceFile> {
  const { source, columns, missing, dates } = read;
  const file = (name: string) => columns.get(name)!;
  if (cleanRead && canReadClean(source, missing)) {
    const clean = await readClean(connection, source, table, {
      types: new Map(columns.has('value') ? [[file('value'), 'DOUBLE']] : []),
      missingValues: missing,
      select: [
        `cast(${ident(file('lead_id'))} as varchar) as lead_id`,
        `cast(${timestampSql(ident(file('occurred_at')), dates, missing)} as timestamp) as occurred_at`,
        `cast(${ident(file('event_type'))} as varchar) as event_type`,
        `cast(${columns.has('value') ? ident(file('value')) : 'null'} as double) as value`,
      ].join(',\n        '),
      suspect: [
        'lead_id is null',
        'occurred_at is null',
        'event_type is null',
        'not isfinite(value)',
        ...['lead_id', 'event_type'].map((column) => `${column} like ' %' or ${column} like '% '`),
      ].join(' or '),
    });
    if (clean) return clean;
  }
  await readCheckedEvents(connection, read);
  return source;
}

/**
 * The checked read: every value as text, trimmed, parsed and checked in one pass (file order
 * kept, so rowid gives the row number); the failed check's number and text ride along.
 */
async function readCheckedEvents(connection: DuckDBConnection, { source, columns, missing, dates, checks }: EventsRead): Promise<void> {
  // Text columns are trimmed up front; parsed ones are parsed from the raw text (see valueSql).
  const text = (name: string) => textColumnSql(columns.get(name));
  const raw = (name: string) => rawColumnSql(columns.get(name));
  const present = (trimmed: string) => presentSql(trimmed, missing);
  await readSource(
    connection,
    source,
    `create or replace table ${table} as
    with source as (
      select
        ${text('lead_id')} as lead_id_raw,
        ${raw('occurred_at')} as occurred_at_raw,
        ${text('event_type')} as event_type_raw,
        ${raw('value')} as value_raw
      from ${source.relation}
    ),
    present as (
      select
        *,
        ${present('lead_id_raw')} as lead_id,
        ${present('event_type_raw')} as event_type
      from source
    ),
    parsed as (
      select
        *,
        ${timestampSql('occurred_at_raw', dates, missing)} as occurred_at,
        ${numberSql('value_raw', missing)} as value
      from present
    ),
    ${checkedSelectSql(checks, [
      'cast(lead_id as varchar) as lead_id',
      'cast(occurred_at as timestamp) as occurred_at',
      'cast(event_type as varchar) as event_type',
      'cast(value as double) as value',
    ])}`,
  );
}
