/**
 * outcomes: at most one row per accepted lead (lead_id, status won|lost|open, closed_at, amount).
 * Leads without a row are left out: the labels stage applies `missing_status` to them.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ResolvedConfig } from '../../data/config.ts';
import { InputError } from '../../core/errors.ts';
import { ident, literal } from '../../core/sql.ts';
import { duplicateCheck, markDuplicates } from './duplicates.ts';
import type { TableIngest } from './ingestResult.ts';
import { mapColumns } from './mapColumns.ts';
import { moveRejectedRows } from './moveRejectedRows.ts';
import type { Quarantine } from './quarantine.ts';
import { checkedSelectSql, type RowCheck } from './rowChecks.ts';
import { RowNumbers } from './rowNumbers.ts';
import { canReadClean, readClean } from './cleanRead.ts';
import { openSource, readSource, type SourceFile } from './sourceFile.ts';
import { tableCount } from './tableCount.ts';
import { markUnknownLeads, unknownLeadCheck } from './unknownLeads.ts';
import {
  describeDateFormat,
  missingSql,
  numberSql,
  oneOfSql,
  presentSql,
  quotedSql,
  rawColumnSql,
  textColumnSql,
  timestampSql,
  type DateParsing,
} from './valueSql.ts';

const table = ident('outcomes');
const statuses = ['won', 'lost', 'open'] as const;
type Status = (typeof statuses)[number];

/** `cleanRead: false` always takes the checked read (tests compare the two). */
export async function ingestOutcomes(
  connection: DuckDBConnection,
  config: ResolvedConfig,
  quarantine: Quarantine,
  { cleanRead = true }: { cleanRead?: boolean } = {},
): Promise<TableIngest> {
  const settings = config.sources.outcomes;
  if (!settings) {
    await connection.run(`
      create or replace table ${table} (
        lead_id varchar,
        status varchar,
        closed_at timestamp,
        amount double
      )`);
    return { warnings: [] };
  }

  const source = await openSource(connection, 'outcomes', settings);
  const constantStatus = settings.status;
  const { columns, warnings } = mapColumns(source, settings, {
    required: constantStatus ? ['lead_id', 'closed_at'] : ['lead_id', 'status', 'closed_at'],
    optional: ['amount'],
  });
  const file = (name: string) => columns.get(name)!;
  const missing = [...config.missing_values, ...settings.missing_values];
  const dates: DateParsing = { format: settings.date_format, native: source.temporalColumns.has(file('closed_at')) };
  const words = statusWords(settings.status_values, source.path);
  const known = statuses.map((s) => `${s}: ${words[s].join(', ')}`).join('; ');

  const unknownLead = unknownLeadCheck(file('lead_id'));
  const duplicate = duplicateCheck(file('lead_id'), table, 'outcome for lead');
  const checks: RowCheck[] = [
    { column: file('lead_id'), when: 'lead_id is null', value: 'lead_id_raw', reason: () => `'lead_id is missing'` },
    ...(constantStatus
      ? []
      : [
          { column: file('status'), when: 'status_text is null', value: 'status_raw', reason: () => `'status is missing'` },
          {
            column: file('status'),
            when: 'status is null',
            value: 'status_raw',
            reason: (value: string) =>
              `${quotedSql(value)} || ${literal(` is not a known status (${known}; see sources.outcomes.status_values)`)}`,
          },
        ]),
    {
      column: file('closed_at'),
      when: `closed_at is null and not ${missingSql('closed_at_raw', missing)}`,
      value: 'closed_at_raw',
      reason: (value) => `${quotedSql(value)} || ${literal(` is not a date in ${describeDateFormat(dates)}`)}`,
    },
    {
      column: file('closed_at'),
      when: `status = 'won' and closed_at is null`,
      value: 'closed_at_raw',
      reason: () => `'status is won but closed_at is missing'`,
    },
    ...(columns.has('amount')
      ? [
          {
            column: file('amount'),
            when: `amount is null and not ${missingSql('amount_raw', missing)}`,
            value: 'amount_raw',
            reason: (value: string) => `${quotedSql(value)} || ' is not a number'`,
          },
        ]
      : []),
    unknownLead,
    duplicate,
  ];

  const read = await readOutcomes(connection, { source, columns, missing, dates, checks, status: constantStatus ?? words }, cleanRead);
  const rows = await RowNumbers.create(connection, read);
  const malformed = await quarantine.addMalformedLines(read);
  await markUnknownLeads(connection, table, checks, unknownLead);
  // After the unknown leads, so that the outcome kept for a lead is its first valid one.
  await markDuplicates(connection, table, checks, duplicate);
  const rejected = malformed + (await moveRejectedRows(connection, quarantine, read, table, checks, rows));
  await rows.drop(connection);

  const accepted = await tableCount(connection, table);
  return { report: { file: source.path, read: accepted + rejected, accepted, rejected }, warnings };
}

/** Lowercase source words per status: the canonical word plus `status_values`; a word may mean one status only. */
function statusWords(values: Record<Status, string[]>, path: string): Record<Status, string[]> {
  const owner = new Map<string, Status>();
  const words = {} as Record<Status, string[]>;
  for (const status of statuses) {
    words[status] = [...new Set([status, ...values[status]].map((w) => w.trim().toLowerCase()))];
    for (const word of words[status]) {
      const other = owner.get(word);
      if (other !== undefined && other !== status) {
        throw new InputError(`sources.outcomes.status_values: "${word}" is listed for both ${other} and ${status}`, {
          where: path,
          hint: 'give each source value one status',
        });
      }
      owner.set(word, status);
    }
  }
  return words;
}

interface OutcomesRead {
  source: SourceFile;
  /** Canonical column → the file's column. */
  columns: ReadonlyMap<string, string>;
  missing: readonly string[];
  dates: DateParsing;
  checks: readonly RowCheck[];
  /** The source words of each status, or the one status every row has (`sources.outcomes.status`). */
  status: Record<Status, string[]> | string;
}

/** The canonical status of the lowercased source word `text` (NULL when it is none of them). */
function statusSql(text: string, status: OutcomesRead['status']): string {
  if (typeof status === 'string') return literal(status);
  return `case ${statuses.map((s) => `when ${oneOfSql(text, status[s])} then ${literal(s)}`).join(' ')} end`;
}

/** Reads the file into the outcomes table: the clean read when it can (cleanRead.ts), else the checked read. */
async function readOutcomes(connection: DuckDBConnection, read: OutcomesRead, cleanRead: boolean): Promise<SourceFile> {
  const { source, columns, missing, dates, status } = read;
  const file = (name: string) => columns.get(name)!;
  if (cleanRead && canReadClean(source, missing)) {
    const clean = await readClean(connection, source, table, {
      types: new Map(columns.has('amount') ? [[file('amount'), 'DOUBLE']] : []),
      missingValues: missing,
      select: [
        `cast(${ident(file('lead_id'))} as varchar) as lead_id`,
        `cast(${statusSql(typeof status === 'string' ? 'null' : `lower(${ident(file('status'))})`, status)} as varchar) as status`,
        `cast(${timestampSql(ident(file('closed_at')), dates, missing)} as timestamp) as closed_at`,
        `cast(${columns.has('amount') ? ident(file('amount')) : 'null'} as double) as amount`,
        // closed_at is empty while a deal is open: only a value that is there and does not parse is suspect.
        `${ident(file('closed_at'))} as closed_at_text`,
      ].join(',\n        '),
      keep: ['lead_id', 'status', 'closed_at', 'amount'],
      suspect: [
        'lead_id is null',
        // Missing, or not one of the status words (also when it only differs by surrounding spaces).
        'status is null',
        'closed_at is null and closed_at_text is not null',
        `status = 'won' and closed_at is null`,
        'not isfinite(amount)',
        `lead_id like ' %' or lead_id like '% '`,
      ].join(' or '),
    });
    if (clean) return clean;
  }
  await readCheckedOutcomes(connection, read);
  return source;
}

/**
 * The checked read: every value as text, trimmed, parsed and checked in one pass (file order
 * kept, so rowid gives the row number); the failed check's number and text ride along.
 */
async function readCheckedOutcomes(connection: DuckDBConnection, { source, columns, missing, dates, checks, status }: OutcomesRead): Promise<void> {
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
        ${text('status')} as status_raw,
        ${raw('closed_at')} as closed_at_raw,
        ${raw('amount')} as amount_raw
      from ${source.relation}
    ),
    present as (
      select
        *,
        ${present('lead_id_raw')} as lead_id,
        lower(${present('status_raw')}) as status_text
      from source
    ),
    parsed as (
      select
        *,
        ${statusSql('status_text', status)} as status,
        ${timestampSql('closed_at_raw', dates, missing)} as closed_at,
        ${numberSql('amount_raw', missing)} as amount
      from present
    ),
    ${checkedSelectSql(checks, [
      'cast(lead_id as varchar) as lead_id',
      'cast(status as varchar) as status',
      'cast(closed_at as timestamp) as closed_at',
      'cast(amount as double) as amount',
    ])}`,
  );
}
