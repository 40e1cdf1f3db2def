/**
 * Rows whose lead_id repeats one seen before (leads: the same lead twice; outcomes: a second
 * outcome for a lead). Among the rows that passed every other check the first is kept, and the
 * reason names its row.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal } from '../../core/sql.ts';
import { checkNumber, problem, type RowCheck } from './rowChecks.ts';

/** `what` introduces the value in the reason: `duplicate ${what} "L1" (first in row 3)`. */
export function duplicateCheck(leadColumn: string, table: string, what: string): RowCheck {
  return {
    column: leadColumn,
    reason: (value, rows) => {
      const firstRowid = `(select min(kept.rowid) from ${table} as kept where kept.lead_id = checked.lead_id and kept.${problem.check} is null)`;
      return `${literal(`duplicate ${what} "`)} || ${value} || '" (first in row ' || ${rows.sql(firstRowid)} || ')'`;
    },
  };
}

/** Marks every row (of the quoted `table`) but the first of each lead_id among rows not rejected yet. */
export async function markDuplicates(connection: DuckDBConnection, table: string, checks: readonly RowCheck[], check: RowCheck): Promise<void> {
  await connection.run(`
    update ${table} as checked
    set ${problem.check} = ${checkNumber(checks, check)}, ${problem.value} = checked.lead_id
    from (
      select lead_id, min(rowid) as first_rowid
      from ${table}
      where ${problem.check} is null
      group by lead_id
      having count(*) > 1
    ) as firsts
    where checked.lead_id = firsts.lead_id
      and checked.rowid > firsts.first_rowid
      and checked.${problem.check} is null`);
}
