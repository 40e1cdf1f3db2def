/**
 * Maps a row of a table read from a source file back to its row number in that file (1-based data
 * rows, header excluded), for quarantine reports.
 *
 * The read preserves file order (DuckDB's `preserve_insertion_order`, on by default), so the k-th
 * row stored (`rowid` k, 0-based) is data row k + 1, unless the CSV reader skipped malformed
 * lines before it. Those are few and their data rows r₁ < r₂ < … are known from the rejects table:
 * rᵢ − i good rows precede the i-th skipped one, so a stored row k comes after exactly
 * max{ i : rᵢ − i ≤ k } skipped rows. The (rᵢ − i, i) pairs are kept in a small table and looked up
 * only for the rows that are reported.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident } from '../../core/sql.ts';
import type { SourceFile } from './sourceFile.ts';

export class RowNumbers {
  private constructor(private readonly skipsTable: string | null) {}

  /** Call after the source has been read (the rejects table is then complete). */
  static async create(connection: DuckDBConnection, source: SourceFile): Promise<RowNumbers> {
    if (!source.rejectsTable) return new RowNumbers(null);
    const skips = `ingest_skipped_rows_${source.table}`;
    await connection.run(`
      create or replace temp table ${ident(skips)} as
      with skipped as (
        select distinct line - 1 as data_row
        from temp.${ident(source.rejectsTable)}
      ),
      ranked as (
        select data_row, row_number() over (order by data_row) as skipped_count
        from skipped
      )
      select data_row - skipped_count as rows_before, skipped_count
      from ranked`);
    const reader = await connection.runAndReadAll(`select count(*)::integer as n from temp.${ident(skips)}`);
    if (Number(reader.getRowObjectsJS()[0].n) === 0) {
      await connection.run(`drop table temp.${ident(skips)}`);
      return new RowNumbers(null);
    }
    return new RowNumbers(skips);
  }

  /** SQL for the file's data row number of the stored row whose rowid is `rowid` (an SQL expression). */
  sql(rowid: string): string {
    if (!this.skipsTable) return `(${rowid} + 1)`;
    return (
      `(${rowid} + 1 + coalesce((select max(s.skipped_count) from temp.${ident(this.skipsTable)} as s ` +
      `where s.rows_before <= ${rowid}), 0))`
    );
  }

  async drop(connection: DuckDBConnection): Promise<void> {
    if (this.skipsTable) await connection.run(`drop table if exists temp.${ident(this.skipsTable)}`);
  }
}
