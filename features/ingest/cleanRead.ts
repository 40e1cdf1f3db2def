/**
 * The optimistic read of a big CSV file (leads, events, outcomes). Most files are clean, and for a clean file the checked
 * read (every value as text, trimmed, parsed and checked, malformed lines recorded) costs about
 * twice what DuckDB needs to read it. So the file is first read straight into its canonical
 * table with typed columns, strictly: DuckDB stops at the first malformed line or value that does
 * not convert. The same pass marks any row the checked read would reject or change (a missing
 * required value, a value with surrounding spaces, a number that is not finite). If the read
 * failed or marked a row, the table is dropped and the caller runs the checked read, so rejected
 * rows reach the quarantine exactly as before — a dirty file costs one partial extra read, a
 * clean one about half.
 *
 * The canonical table has the same columns, types and values either way (tested): the select
 * list uses the checked read's own parsing expressions, and the problem columns are NULL.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident } from '../../core/sql.ts';
import { problem } from './rowChecks.ts';
import { typedCsvRelation, type SourceFile } from './sourceFile.ts';
import { parseableTokens } from './valueSql.ts';

export interface CleanReadPlan {
  /** DuckDB types of file columns read typed; every other column is read as VARCHAR. */
  types: ReadonlyMap<string, string>;
  /** The missing-value tokens: read as NULL. */
  missingValues: readonly string[];
  /**
   * The canonical columns (`expression as name`, comma-separated) over the typed read, in the
   * checked read's order, without the problem columns.
   */
  select: string;
  /**
   * The canonical columns' names, when `select` also computes helper columns for `suspect` (the
   * raw text of a column that may legitimately be empty, say); by default all of `select` is kept.
   */
  keep?: readonly string[];
  /** SQL over the columns of `select`, true for a row the checked read would reject or change. */
  suspect: string;
}

/**
 * Whether the optimistic read can stand in for the checked one: a CSV file (Parquet is typed
 * already), and no missing-value token that could parse as a number or a date: the checked read
 * compares those with the trimmed text before parsing, which a typed read cannot do.
 */
export function canReadClean(source: SourceFile, missingValues: readonly string[]): boolean {
  return source.csv !== null && parseableTokens(missingValues).length === 0;
}

/**
 * Creates `table` (quoted) from a clean file and returns the source as read (no skipped lines);
 * null when the file needs the checked read (nothing is left behind then).
 */
export async function readClean(
  connection: DuckDBConnection,
  source: SourceFile,
  table: string,
  plan: CleanReadPlan,
): Promise<SourceFile | null> {
  try {
    // The suspect test runs in the same pass (on the canonical columns, hence the subquery) and
    // marks its rows with check number 0, which no real check has: finding them afterwards
    // reads one integer column instead of the strings again.
    await connection.run(`
      create or replace table ${table} as
      select
        ${plan.keep ? plan.keep.map(ident).join(', ') : '*'},
        case when ${plan.suspect} then 0 end as ${problem.check},
        cast(null as varchar) as ${problem.value}
      from (
        select
          ${plan.select}
        from ${typedCsvRelation(source, plan.types, plan.missingValues)}
      )`);
  } catch {
    // Whatever stopped the typed read (a bad line, a value that does not convert, even an I/O
    // error) is for the checked read to find and report.
    await connection.run(`drop table if exists ${table}`);
    return null;
  }
  const reader = await connection.runAndReadAll(`select count(${problem.check})::bigint as suspect from ${table}`);
  if (Number(reader.getRowObjectsJS()[0].suspect) > 0) {
    await connection.run(`drop table ${table}`);
    return null;
  }
  return { ...source, rejectsTable: null };
}
