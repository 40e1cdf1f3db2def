/**
 * Turns a checked table into its canonical form: rows that carry a problem go to the quarantine
 * and are deleted, then the problem columns are dropped. At 10M events this costs a fraction of
 * copying the good rows into a new table (a delete only marks rows; dropping a column rewrites
 * nothing).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Quarantine } from './quarantine.ts';
import { problem, type RowCheck } from './rowChecks.ts';
import type { RowNumbers } from './rowNumbers.ts';
import type { SourceFile } from './sourceFile.ts';

/** Returns the number of rows moved. `table` is the quoted table name. */
export async function moveRejectedRows(
  connection: DuckDBConnection,
  quarantine: Quarantine,
  source: SourceFile,
  table: string,
  checks: readonly RowCheck[],
  rows: RowNumbers,
): Promise<number> {
  const moved = await quarantine.addRejectedRows(source, table, checks, rows);
  if (moved > 0) await connection.run(`delete from ${table} where ${problem.check} is not null`);
  for (const column of Object.values(problem)) await connection.run(`alter table ${table} drop column ${column}`);
  return moved;
}
