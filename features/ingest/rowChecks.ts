/**
 * Row checks as SQL. Each table lists its checks in order; a row is rejected for the first one it
 * fails. The read pass stores only the failed check's number and the offending text next to the
 * typed columns (both NULL for good rows): the column name and the reason are worked out later,
 * for the rejected rows alone, which keeps the read pass close to a plain read.
 */
import { literal } from '../../core/sql.ts';
import type { RowNumbers } from './rowNumbers.ts';

export interface RowCheck {
  /** The file's column the problem is in, as the user knows it. */
  column: string;
  /**
   * SQL condition over the read pass; true rejects the row. Absent for checks that need the whole
   * table (duplicates, unknown leads): those mark their rows with `markSql` afterwards.
   */
  when?: string;
  /**
   * SQL for the offending text in the read pass (defaults to NULL); best a plain column, as it is
   * trimmed when reported (an expression here would be hoisted and run on every row).
   */
  value?: string;
  /**
   * SQL string expression saying what is wrong, given SQL for the stored offending text. It is
   * evaluated over the table aliased `checked`, so it may also use that row's columns.
   */
  reason: (value: string, rows: RowNumbers) => string;
}

/** Names of the two columns a checked table carries until its rejected rows are moved out. */
export const problem = {
  check: 'ingest_check',
  value: 'ingest_value',
} as const;

/** `case when … then 1 when … then 2 … end`: the number of the first failed read-pass check. */
export function failedCheckSql(checks: readonly RowCheck[]): string {
  const branches = checks.flatMap((check, i) => (check.when === undefined ? [] : [`when ${check.when} then ${i + 1}`]));
  return branches.length ? `case ${branches.join(' ')} end` : 'cast(null as integer)';
}

/** The offending text of the failed check (`failed` is the SQL of its number). */
export function failedValueSql(checks: readonly RowCheck[], failed: string): string {
  const branches = checks.flatMap((check, i) => (check.when === undefined ? [] : [`when ${i + 1} then ${check.value ?? 'null'}`]));
  return branches.length ? `case ${failed} ${branches.join(' ')} end` : 'cast(null as varchar)';
}

/**
 * The end of every checked read: CTE `checked` numbers each row's first failed check over CTE
 * `parsed`, and the final select gives the canonical `columns` (`expression as name`) followed by
 * the problem columns.
 */
export function checkedSelectSql(checks: readonly RowCheck[], columns: readonly string[]): string {
  const select = [...columns, `failed_check as ${problem.check}`, `${failedValueSql(checks, 'failed_check')} as ${problem.value}`];
  return `checked as (
      select *, ${failedCheckSql(checks)} as failed_check
      from parsed
    )
    select
      ${select.join(',\n      ')}
    from checked`;
}

/** The number a check is stored as. */
export function checkNumber(checks: readonly RowCheck[], check: RowCheck): number {
  const index = checks.indexOf(check);
  if (index < 0) throw new Error('unknown row check');
  return index + 1;
}

/** The file column of the failed check, over the table aliased `checked`. */
export function problemColumnSql(checks: readonly RowCheck[]): string {
  return `case checked.${problem.check} ${checks.map((check, i) => `when ${i + 1} then ${literal(check.column)}`).join(' ')} end`;
}

/** The reason of the failed check, over the table aliased `checked`. */
export function problemReasonSql(checks: readonly RowCheck[], rows: RowNumbers): string {
  const value = `coalesce(trim(checked.${problem.value}), '')`;
  return `case checked.${problem.check} ${checks.map((check, i) => `when ${i + 1} then ${check.reason(value, rows)}`).join(' ')} end`;
}
