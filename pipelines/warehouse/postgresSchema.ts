/**
 * The PostgreSQL warehouse's tables: the predictions target, the optional history table, the
 * `leadscore_runs` ledger and the per-session staging table. Their DDL is derived from the one
 * column list in predictions.ts; every name from the config goes through `ident`.
 */
import type pg from 'pg';
import { LeadscoreError } from '../../core/errors.ts';
import { ident, qualified } from '../../core/sql.ts';
import { predictionColumns, runColumns } from './predictions.ts';

export const ledgerTableName = 'leadscore_runs';
/** A temp table: private to the session, gone when the connection closes however it closes. */
export const stagingTable = qualified('pg_temp', 'leadscore_staging');

export interface PostgresTableNames {
  schema: string;
  target: string;
  history?: string;
}

/** predictions.ts speaks DuckDB types; these are their PostgreSQL spellings. */
function pgType(type: string): string {
  return type
    .replace(/^varchar\b/, 'text')
    .replace(/^double\b/, 'double precision')
    .replace(/^timestamp\b/, 'timestamptz');
}

const allColumns: ReadonlyArray<readonly [string, string]> = [...predictionColumns.map(([n, t]) => [n, t] as const), ...runColumns];
const columnsDdl = (columns: ReadonlyArray<readonly [string, string]>) => columns.map(([name, type]) => `${ident(name)} ${pgType(type)}`).join(',\n  ');

export function predictionsTableDdl(schema: string, table: string): string {
  return `create table ${qualified(schema, table)} (\n  ${columnsDdl(allColumns)},\n  primary key (lead_id, model_id)\n)`;
}

export function historyTableDdl(schema: string, table: string): string {
  return `create table ${qualified(schema, table)} (\n  ${columnsDdl(allColumns)},\n  primary key (run_id, lead_id, model_id)\n)`;
}

export function ledgerTableDdl(schema: string): string {
  return `create table ${qualified(schema, ledgerTableName)} (
  run_id text primary key,
  model_id text not null,
  target_table text not null,
  started_at timestamptz not null,
  finished_at timestamptz,
  rows bigint,
  status text not null check (status in ('running', 'succeeded', 'failed')),
  error text
)`;
}

export function stagingTableDdl(): string {
  return `create temp table ${ident('leadscore_staging')} (\n  ${columnsDdl(predictionColumns.map(([n, t]) => [n, t] as const))}\n)`;
}

const ledgerColumns = ['run_id', 'model_id', 'target_table', 'started_at', 'finished_at', 'rows', 'status', 'error'];

/**
 * Creates the schema and whichever tables are missing, and checks that existing ones have the
 * columns leadscore writes. Concurrent runs serialize on an advisory lock so two first runs do
 * not race to create the same table. Existence is looked up first because `create ... if not
 * exists` demands the CREATE privilege even when nothing needs creating.
 */
export async function ensureTables(client: pg.Client, names: PostgresTableNames): Promise<void> {
  const wanted: Array<{ table: string; ddl: string; columns: string[] }> = [
    { table: names.target, ddl: predictionsTableDdl(names.schema, names.target), columns: allColumns.map(([n]) => n) },
    { table: ledgerTableName, ddl: ledgerTableDdl(names.schema), columns: ledgerColumns },
  ];
  if (names.history) {
    wanted.push({ table: names.history, ddl: historyTableDdl(names.schema, names.history), columns: allColumns.map(([n]) => n) });
  }
  await client.query('begin');
  try {
    await client.query('select pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext($1))', ['leadscore warehouse ddl']);
    const schema = await client.query('select 1 from pg_catalog.pg_namespace where nspname = $1', [names.schema]);
    if (schema.rowCount === 0) await client.query(`create schema ${ident(names.schema)}`);
    const found = await client.query<{ table_name: string; column_name: string }>(
      'select table_name, column_name from information_schema.columns where table_schema = $1 and table_name = any($2::text[])',
      [names.schema, wanted.map((w) => w.table)],
    );
    for (const { table, ddl, columns } of wanted) {
      const present = new Set(found.rows.filter((r) => r.table_name === table).map((r) => r.column_name));
      if (present.size === 0) {
        await client.query(ddl);
        continue;
      }
      const missing = columns.filter((c) => !present.has(c));
      if (missing.length) {
        throw new LeadscoreError('warehouse', `the existing table ${qualified(names.schema, table)} lacks the columns ${missing.join(', ')} that leadscore writes`, {
          where: qualified(names.schema, table),
          hint: 'add the columns (README, "PostgreSQL warehouse" has the DDL) or point output.predictions_table / output.history_table elsewhere',
        });
      }
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}
