/**
 * Rows of events / outcomes whose lead is not in the accepted `leads` table. The reason says
 * whether the lead was never there or was itself rejected (and in which row of the leads file).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident } from '../../core/sql.ts';
import { rejectedLeadsTable } from './ingestLeads.ts';
import { checkNumber, problem, type RowCheck } from './rowChecks.ts';

export function unknownLeadCheck(leadColumn: string): RowCheck {
  return {
    column: leadColumn,
    reason: (value) =>
      `coalesce(
        (select 'lead "' || ${value} || '" was rejected in the leads file (row ' || rejected.row_number || ')'
         from ${rejectedLeadsTable} as rejected
         where rejected.lead_id = ${value}),
        'lead "' || ${value} || '" is not in the leads file'
      )`,
  };
}

/**
 * Marks the rows (of the quoted `table`) that passed every other check but have an unknown lead.
 * Written as an anti join feeding the update: an update filtered by `not in (select …)` costs
 * several times more at 10M rows.
 */
export async function markUnknownLeads(connection: DuckDBConnection, table: string, checks: readonly RowCheck[], check: RowCheck): Promise<void> {
  await connection.run(`
    update ${table} as checked
    set ${problem.check} = ${checkNumber(checks, check)}, ${problem.value} = checked.lead_id
    from (
      select candidates.rowid as candidate_rowid
      from ${table} as candidates
      anti join ${ident('leads')} as leads using (lead_id)
      where candidates.${problem.check} is null
    ) as unknown
    where checked.rowid = unknown.candidate_rowid`);
}
