/**
 * Rejected rows: collected in a temp table while the tables are checked, then written as one CSV
 * (table, file, row, column, value, reason), sorted by table and row. No file when nothing was
 * rejected. The temp table goes with the stage's other work tables (see `ingest`).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { CanonicalTable } from '../../data/config.ts';
import { ident, literal } from '../../core/sql.ts';
import { problem, problemColumnSql, problemReasonSql, type RowCheck } from './rowChecks.ts';
import type { RowNumbers } from './rowNumbers.ts';
import type { SourceFile } from './sourceFile.ts';

const quarantineTable = 'temp.ingest_quarantine';
const tableOrder: Record<CanonicalTable, number> = { leads: 1, events: 2, outcomes: 3, channel_costs: 4 };

export class Quarantine {
  private constructor(private readonly connection: DuckDBConnection) {}

  static async create(connection: DuckDBConnection): Promise<Quarantine> {
    await connection.run(`
      create or replace temp table ingest_quarantine (
        table_order integer,
        table_name varchar,
        file varchar,
        row_number bigint,
        column_name varchar,
        value varchar,
        reason varchar
      )`);
    return new Quarantine(connection);
  }

  /** Lines the CSV reader could not parse (skipped by the read); the reason is DuckDB's. */
  async addMalformedLines(source: SourceFile): Promise<number> {
    if (!source.rejectsTable) return 0;
    return this.insert(`
      insert into ${quarantineTable}
      with errors as (
        select line, byte_position, column_name, csv_line, error_type, error_message
        from temp.${ident(source.rejectsTable)}
      )
      select
        ${tableOrder[source.table]},
        ${literal(source.table)},
        ${literal(source.path)},
        line - 1,
        arg_min(column_name, byte_position),
        arg_min(csv_line, byte_position),
        'malformed CSV line (' || lower(arg_min(error_type, byte_position)) || '): ' || arg_min(error_message, byte_position)
      from errors
      group by line`);
  }

  /** Rows of a checked table (quoted name) that failed one of `checks`. */
  async addRejectedRows(source: SourceFile, table: string, checks: readonly RowCheck[], rows: RowNumbers): Promise<number> {
    return this.insert(`
      insert into ${quarantineTable}
      select
        ${tableOrder[source.table]},
        ${literal(source.table)},
        ${literal(source.path)},
        ${rows.sql('checked.rowid')},
        ${problemColumnSql(checks)},
        coalesce(trim(checked.${problem.value}), ''),
        ${problemReasonSql(checks, rows)}
      from ${table} as checked
      where checked.${problem.check} is not null`);
  }

  async count(): Promise<number> {
    const reader = await this.connection.runAndReadAll(`select count(*)::bigint as n from ${quarantineTable}`);
    return Number(reader.getRowObjectsJS()[0].n);
  }

  /**
   * Writes the CSV and returns its row count. With nothing rejected no file is written, and a
   * stale one from an earlier run is removed so it cannot be mistaken for this run's.
   */
  async write(path: string): Promise<number> {
    const rows = await this.count();
    if (rows === 0) {
      rmSync(path, { force: true });
      return 0;
    }
    mkdirSync(dirname(path), { recursive: true });
    await this.connection.run(`
      copy (
        select table_name as "table", file, row_number as "row", column_name as "column", value, reason
        from ${quarantineTable}
        order by table_order, row_number, column_name
      ) to ${literal(path)} (format csv, header true)`);
    return rows;
  }

  private async insert(sql: string): Promise<number> {
    const result = await this.connection.run(sql);
    return Number(result.rowsChanged);
  }
}
