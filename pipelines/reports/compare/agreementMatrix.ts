/**
 * Rule temperature × model band on the same leads, with what actually happened in every cell:
 * how many leads, how many converted, the conversion rate. The diagonal is where rules and model
 * agree; the off-diagonal cells with a high (or low) rate say which side was right.
 */
import { InputError } from '../../../core/errors.ts';

export interface AgreementCell {
  row: string;
  column: string;
  count: number;
  converted: number;
  /** converted / count; null for an empty cell. */
  rate: number | null;
}

export interface AgreementMatrix {
  rows: readonly string[];
  columns: readonly string[];
  /** Row-major: every row level × every column level, empty cells included. */
  cells: AgreementCell[];
  /** Share of leads on the diagonal (same level on both sides); null when the levels differ. */
  agreement: number | null;
}

/**
 * `rowOf[i]` and `columnOf[i]` are lead i's level on each side (e.g. `hot`); a level outside
 * the declared ones is an error, not a silently dropped lead.
 */
export function agreementMatrix(
  rows: readonly string[],
  rowOf: ArrayLike<string>,
  columns: readonly string[],
  columnOf: ArrayLike<string>,
  y: ArrayLike<number>,
): AgreementMatrix {
  if (rowOf.length !== y.length || columnOf.length !== y.length) {
    throw new InputError(`agreementMatrix: ${y.length} labels, ${rowOf.length} row levels and ${columnOf.length} column levels`);
  }
  const rowIndex = new Map(rows.map((level, r) => [level, r]));
  const columnIndex = new Map(columns.map((level, c) => [level, c]));
  const count = new Float64Array(rows.length * columns.length);
  const converted = new Float64Array(rows.length * columns.length);
  let diagonal = 0;
  for (let i = 0; i < y.length; i++) {
    const r = rowIndex.get(rowOf[i]);
    const c = columnIndex.get(columnOf[i]);
    if (r === undefined) throw new InputError(`agreementMatrix: row ${i} has level ${JSON.stringify(rowOf[i])}, not one of ${rows.join(', ')}`);
    if (c === undefined) throw new InputError(`agreementMatrix: row ${i} has level ${JSON.stringify(columnOf[i])}, not one of ${columns.join(', ')}`);
    count[r * columns.length + c]++;
    converted[r * columns.length + c] += y[i] === 1 ? 1 : 0;
    if (rowOf[i] === columnOf[i]) diagonal++;
  }
  const sameLevels = rows.length === columns.length && rows.every((level, k) => columns[k] === level);
  return {
    rows,
    columns,
    cells: rows.flatMap((row, r) =>
      columns.map((column, c) => {
        const k = r * columns.length + c;
        return { row, column, count: count[k], converted: converted[k], rate: count[k] ? converted[k] / count[k] : null };
      }),
    ),
    agreement: sameLevels && y.length ? diagonal / y.length : null,
  };
}
