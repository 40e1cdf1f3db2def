/**
 * leads: one row per lead (unique, non-null lead_id). Columns: lead_id, created_at, channel,
 * campaign, label (0/1 for a wide source, else NULL), then one column per attribute named as in
 * the file (DOUBLE or VARCHAR).
 *
 * Read and checked in one pass like the other tables; attributes whose kind the config does not
 * force stay text until the accepted rows are in, then become DOUBLE if every value is a number.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ResolvedConfig } from '../../data/config.ts';
import { InputError } from '../../core/errors.ts';
import { ident, literal } from '../../core/sql.ts';
import { duplicateCheck, markDuplicates } from './duplicates.ts';
import { inferAttributeKinds, type AttributeColumn } from './inferAttributeKinds.ts';
import type { Attribute, TableReport } from './ingestResult.ts';
import { findColumn, mapColumns } from './mapColumns.ts';
import { moveRejectedRows } from './moveRejectedRows.ts';
import type { Quarantine } from './quarantine.ts';
import { checkedSelectSql, problem, type RowCheck } from './rowChecks.ts';
import { RowNumbers } from './rowNumbers.ts';
import { selectAttributes } from './selectAttributes.ts';
import { openSource, readSource, type SourceFile } from './sourceFile.ts';
import { canReadClean, readClean } from './cleanRead.ts';
import { tableCount } from './tableCount.ts';
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

export interface LeadsIngest {
  report: TableReport;
  attributes: Attribute[];
  warnings: string[];
  hasDates: boolean;
}

const table = ident('leads');
/** Lead ids whose every row was rejected, with the first such row: events and outcomes name it. */
export const rejectedLeadsTable = 'temp.ingest_rejected_leads';
const canonical = ['lead_id', 'created_at', 'channel', 'campaign'] as const;

/** `cleanRead: false` always takes the checked read (tests compare the two). */
export async function ingestLeads(
  connection: DuckDBConnection,
  config: ResolvedConfig,
  quarantine: Quarantine,
  { cleanRead = true }: { cleanRead?: boolean } = {},
): Promise<LeadsIngest> {
  const settings = config.sources.leads;
  const source = await openSource(connection, 'leads', settings);
  const { columns, warnings } = mapColumns(source, settings, {
    required: config.wide ? ['lead_id'] : ['lead_id', 'created_at', 'channel'],
    optional: config.wide ? ['created_at', 'channel', 'campaign'] : ['campaign'],
  });
  const labelColumn = settings.label_column === undefined ? undefined : findColumn(source.columns, settings.label_column);
  if (settings.label_column !== undefined && labelColumn === undefined) {
    throw new InputError(
      `${source.path}: label column "${settings.label_column}" (sources.leads.label_column) not found. ` +
        `Columns in the file: ${source.columns.join(', ')}`,
      { where: source.path, expected: settings.label_column },
    );
  }

  const used = new Map<string, string>([...columns].map(([name, file]) => [file, `mapped to leads.${name}`]));
  if (labelColumn !== undefined) used.set(labelColumn, 'the label column');
  const selection = selectAttributes(source, settings.attributes, used, [...canonical, 'label', ...Object.values(problem)]);
  const attributes = selection.names.map((name, i) => ({
    name,
    alias: `attr_${i + 1}`,
    forced: selection.numeric.has(name) ? ('numeric' as const) : selection.categorical.has(name) ? ('categorical' as const) : undefined,
  }));

  const missing = [...config.missing_values, ...settings.missing_values];
  const createdAt = columns.get('created_at');
  const dates: DateParsing = { format: settings.date_format, native: createdAt !== undefined && source.temporalColumns.has(createdAt) };

  const duplicate = duplicateCheck(columns.get('lead_id')!, table, 'lead_id');
  const checks: RowCheck[] = [
    { column: columns.get('lead_id')!, when: 'lead_id is null', value: 'lead_id_raw', reason: () => `'lead_id is missing'` },
  ];
  if (createdAt !== undefined) {
    if (!config.wide) {
      checks.push({
        column: createdAt,
        when: `created_at is null and ${missingSql('created_at_raw', missing)}`,
        value: 'created_at_raw',
        reason: () => `'created_at is missing'`,
      });
    }
    checks.push({
      column: createdAt,
      // Without a created_at check above, a missing value is allowed (NULL) and only a bad one rejects.
      when: config.wide ? `created_at is null and not ${missingSql('created_at_raw', missing)}` : 'created_at is null',
      value: 'created_at_raw',
      reason: (value) => `${quotedSql(value)} || ${literal(` is not a date in ${describeDateFormat(dates)}`)}`,
    });
  }
  if (labelColumn !== undefined) {
    const expected = `expected one of ${settings.positive_values.join(', ')} (converted) or ${settings.negative_values.join(', ')} (not converted)`;
    checks.push(
      { column: labelColumn, when: 'label_text is null', value: 'label_raw', reason: () => literal(`label is missing; ${expected}`) },
      {
        column: labelColumn,
        when: 'label is null',
        value: 'label_raw',
        reason: (value) => `${quotedSql(value)} || ${literal(` is not a label value; ${expected}`)}`,
      },
    );
  }
  for (const attribute of attributes.filter((a) => a.forced === 'numeric')) {
    checks.push({
      column: attribute.name,
      when: `${attribute.alias}_text is not null and ${attribute.alias} is null`,
      value: `${attribute.alias}_raw`,
      reason: (value) => `${quotedSql(value)} || ' is not a number (attributes.numeric lists this column)'`,
    });
  }
  checks.push(duplicate);

  const read = await readLeads(
    connection,
    { source, columns, labelColumn, attributes, missing, dates, checks, positive: settings.positive_values, negative: settings.negative_values, wide: config.wide },
    cleanRead,
  );
  const rows = await RowNumbers.create(connection, read);
  const malformed = await quarantine.addMalformedLines(read);

  await markDuplicates(connection, table, checks, duplicate);
  await recordRejectedLeads(connection, rows);
  const rejected = malformed + (await moveRejectedRows(connection, quarantine, read, table, checks, rows));
  await rows.drop(connection);

  const kinds = await inferAttributeKinds(connection, table, attributes);
  for (const name of kinds.empty) {
    warnings.push(`${source.path}: column "${name}" is missing in every accepted row; not used as an attribute`);
    await connection.run(`alter table ${table} drop column ${ident(name)}`);
  }
  for (const attribute of kinds.kept.filter((a) => a.kind === 'numeric' && a.forced === undefined)) {
    const column = ident(attribute.name);
    await connection.run(`alter table ${table} alter column ${column} set data type double using cast(${column} as double)`);
  }

  const accepted = await tableCount(connection, table);
  return {
    report: { file: source.path, read: accepted + rejected, accepted, rejected },
    attributes: kinds.kept.map((a) => ({ name: a.name, kind: a.kind })),
    warnings,
    hasDates: createdAt !== undefined,
  };
}

/**
 * Lead ids none of whose rows were accepted, each with its first rejected row, so that events
 * and outcomes of such a lead can say why it is unknown.
 */
async function recordRejectedLeads(connection: DuckDBConnection, rows: RowNumbers): Promise<void> {
  await connection.run(`
    create or replace temp table ${ident('ingest_rejected_leads')} as
    with rejected as (
      select lead_id, min(rowid) as first_rowid
      from ${table}
      where ${problem.check} is not null
        and lead_id is not null
      group by lead_id
    ),
    -- Only the accepted rows of those ids: with the rejected ids as the small side of a semi join,
    -- a file without rejected leads skips the scan of the accepted ones.
    accepted as (
      select lead_id
      from ${table}
      where ${problem.check} is null
        and lead_id in (select lead_id from rejected)
    )
    select rejected.lead_id, ${rows.sql('rejected.first_rowid')} as row_number
    from rejected
    anti join accepted using (lead_id)`);
}

/** What reading the leads file needs to know: the columns, the checks, the label values. */
interface LeadsRead {
  source: SourceFile;
  /** Canonical column → the file's column (absent: the file has none). */
  columns: ReadonlyMap<string, string>;
  labelColumn: string | undefined;
  attributes: readonly AttributeColumn[];
  missing: readonly string[];
  dates: DateParsing;
  checks: readonly RowCheck[];
  positive: readonly string[];
  negative: readonly string[];
  wide: boolean;
}

const labelValues = (values: readonly string[]) => values.map((v) => v.trim().toLowerCase());

/** 1 for a positive label, 0 for a negative one, NULL otherwise, from lower-case trimmed text. */
function labelSql(labelText: string, read: LeadsRead): string {
  return `case
          when ${oneOfSql(labelText, labelValues(read.positive))} then 1
          when ${oneOfSql(labelText, labelValues(read.negative))} then 0
        end`;
}

/** Reads the file into the leads table: the clean read when it can (cleanRead.ts), else the checked read. */
async function readLeads(connection: DuckDBConnection, read: LeadsRead, cleanRead: boolean): Promise<SourceFile> {
  const { source, columns, labelColumn, attributes, missing, dates } = read;
  if (cleanRead && canReadClean(source, missing)) {
    const file = (name: string) => columns.get(name);
    const column = (name: string | undefined) => (name === undefined ? 'null' : ident(name));
    // Columns of the new table (canonical names) whose text the checked read would trim.
    const textColumns = [
      'lead_id',
      ...(['channel', 'campaign'] as const).filter((name) => columns.has(name)),
      ...attributes.filter((a) => a.forced !== 'numeric').map((a) => a.name),
    ];
    const createdAt = file('created_at');
    const clean = await readClean(connection, source, table, {
      types: new Map(attributes.filter((a) => a.forced === 'numeric').map((a) => [a.name, 'DOUBLE'])),
      missingValues: missing,
      select: [
        `cast(${column(file('lead_id'))} as varchar) as lead_id`,
        `cast(${createdAt === undefined ? 'null' : timestampSql(ident(createdAt), dates, missing)} as timestamp) as created_at`,
        `cast(${column(file('channel'))} as varchar) as channel`,
        `cast(${column(file('campaign'))} as varchar) as campaign`,
        `cast(${labelColumn === undefined ? 'null' : labelSql(`lower(${ident(labelColumn)})`, read)} as integer) as label`,
        ...attributes.map((a) => `${ident(a.name)} as ${ident(a.name)}`),
      ].join(',\n        '),
      suspect: [
        'lead_id is null',
        // A wide source may leave created_at empty, which the clean read cannot tell from a bad date.
        ...(createdAt === undefined ? [] : ['created_at is null']),
        ...(labelColumn === undefined ? [] : ['label is null']),
        ...attributes.filter((a) => a.forced === 'numeric').map((a) => `not isfinite(${ident(a.name)})`),
        ...textColumns.map((name) => `${ident(name)} like ' %' or ${ident(name)} like '% '`),
      ].join(' or '),
    });
    if (clean) return clean;
  }
  await readCheckedLeads(connection, read);
  return source;
}

/**
 * The checked read: every value as text, trimmed, parsed and checked in one pass; the failed
 * check's number and text ride along. Attributes whose kind is forced are typed here; the others
 * stay text until their values are seen.
 */
async function readCheckedLeads(connection: DuckDBConnection, read: LeadsRead): Promise<void> {
  const { source, columns, labelColumn, attributes, missing, dates, checks } = read;
  const createdAt = columns.get('created_at');
  const present = (trimmed: string) => presentSql(trimmed, missing);
  // Text columns are trimmed up front; created_at is parsed from the raw text (see valueSql).
  const attributeValue = (a: AttributeColumn) => (a.forced === 'numeric' ? numberSql(`${a.alias}_text`, []) : `${a.alias}_text`);
  await readSource(
    connection,
    source,
    `create or replace table ${table} as
    with source as (
      select
        ${textColumnSql(columns.get('lead_id'))} as lead_id_raw,
        ${rawColumnSql(createdAt)} as created_at_raw,
        ${textColumnSql(columns.get('channel'))} as channel_raw,
        ${textColumnSql(columns.get('campaign'))} as campaign_raw,
        ${textColumnSql(labelColumn)} as label_raw${attributes.map((a) => `,\n        ${textColumnSql(a.name)} as ${a.alias}_raw`).join('')}
      from ${source.relation}
    ),
    present as (
      select
        *,
        ${present('lead_id_raw')} as lead_id,
        ${present('channel_raw')} as channel,
        ${present('campaign_raw')} as campaign,
        lower(${present('label_raw')}) as label_text${attributes.map((a) => `,\n        ${present(`${a.alias}_raw`)} as ${a.alias}_text`).join('')}
      from source
    ),
    parsed as (
      select
        *,
        ${timestampSql('created_at_raw', dates, missing)} as created_at,
        ${labelSql('label_text', read)} as label${attributes.map((a) => `,\n        ${attributeValue(a)} as ${a.alias}`).join('')}
      from present
    ),
    ${checkedSelectSql(checks, [
      'cast(lead_id as varchar) as lead_id',
      'cast(created_at as timestamp) as created_at',
      'cast(channel as varchar) as channel',
      'cast(campaign as varchar) as campaign',
      'cast(label as integer) as label',
      ...attributes.map((a) => `${a.alias} as ${ident(a.name)}`),
    ])}`,
  );
}
