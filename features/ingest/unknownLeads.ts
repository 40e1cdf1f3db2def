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

/** Marks the rows (of the quoted `table`) that passed every other check but have an unknown lead. */
export async function markUnknownLeads(connection: DuckDBConnection, table: string, checks: readonly RowCheck[], check: RowCheck): Promise<void> {
  await connection.run(`
    update ${table} as checked
    set ${problem.check} = ${checkNumber(checks, check)}, ${problem.value} = checked.lead_id
    where checked.${problem.check} is null
      and checked.lead_id not in (select lead_id from ${ident('leads')})`);
}
