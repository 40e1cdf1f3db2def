/**
 * Moves a prediction batch into DuckDB through the appender, one data chunk (2048 rows) at a
 * time rather than cell by cell: a double lands in the chunk's vector with no call into DuckDB,
 * a string costs one call. At 1M leads the cell-by-cell appender (15 calls per row) took ~6 s.
 *
 * Two shapes:
 *   appendPredictions  every column as the target table has it (the `--output` file writer);
 *   stagePredictions   the warehouse's staging table: a string column with few distinct values
 *                      (grade, matrix cell, temperature, status) travels as an ENUM of them, one
 *                      byte per row, and the run's columns (model_id, run_id, scored_at) are not
 *                      staged at all but given to the insert as parameters. Only lead_id and
 *                      top_reasons remain strings per row.
 */
import {
  DOUBLE,
  DuckDBDataChunk,
  DuckDBTimestampValue,
  TIMESTAMP,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { ident, literal } from '../../core/sql.ts';
import { predictionColumnArrays, type PredictionBatch, type PredictionColumnArray, type ScoringRun } from './predictions.ts';

/** DuckDB's vector size: the most rows one data chunk holds. */
const chunkRows = 2048;

/** A column on its way into a data chunk: per-row values, or one value for every row. */
type ChunkColumn = { type: DuckDBType; values: ArrayLike<DuckDBValue | undefined> } | { type: DuckDBType; constant: DuckDBValue };

function appendChunks(appender: DuckDBAppender, columns: readonly ChunkColumn[], rows: number): void {
  if (rows === 0 || columns.length === 0) return;
  // One chunk, reset and refilled: the appender copies each chunk before it returns.
  const chunk = DuckDBDataChunk.create(columns.map((column) => column.type));
  for (let start = 0; start < rows; start += chunkRows) {
    const count = Math.min(chunkRows, rows - start);
    chunk.reset();
    chunk.rowCount = count;
    for (let j = 0; j < columns.length; j++) {
      const column = columns[j];
      const vector = chunk.getColumnVector(j);
      if ('constant' in column) {
        for (let i = 0; i < count; i++) vector.setItem(i, column.constant);
      } else {
        const values = column.values;
        for (let i = 0; i < count; i++) vector.setItem(i, values[start + i] ?? null);
      }
      vector.flush();
    }
    appender.appendDataChunk(chunk);
  }
}

/** Appends a batch to a table whose columns are predictionColumns then runColumns. */
export function appendPredictions(appender: DuckDBAppender, batch: PredictionBatch, run: ScoringRun): void {
  const columns: ChunkColumn[] = predictionColumnArrays(batch).map((column) => {
    const type = column.kind === 'double' ? DOUBLE : VARCHAR;
    return column.values === null ? { type, constant: null } : { type, values: column.values };
  });
  columns.push(
    { type: VARCHAR, constant: run.modelId },
    { type: VARCHAR, constant: run.runId },
    { type: TIMESTAMP, constant: new DuckDBTimestampValue(BigInt(run.scoredAt.getTime()) * 1000n) },
  );
  appendChunks(appender, columns, batch.leadIds.length);
}

/**
 * Most distinct values a string column may have to be staged as an ENUM (one byte per row);
 * a column with more (lead_id, top_reasons) is staged as strings.
 */
const maxEnumValues = 255;

/**
 * The column's distinct non-null values, or null once there are more than maxEnumValues or one
 * holds a NUL character (which no SQL literal, hence no ENUM declaration, can carry).
 */
function fewDistinctValues(values: ReadonlyArray<string | null>): string[] | null {
  const seen = new Set<string>();
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined || seen.has(value)) continue;
    if (seen.size === maxEnumValues || value.includes('\0')) return null;
    seen.add(value);
  }
  return [...seen];
}

/** How one predictions column is staged: its staging column (none when null throughout) and the SQL that reads it back. */
interface StagedColumn {
  ddl: string | null;
  values: ArrayLike<DuckDBValue | undefined> | null;
  select: string;
}

function stagedColumn(column: PredictionColumnArray): StagedColumn {
  const name = ident(column.name);
  if (column.values === null) return { ddl: null, values: null, select: `null::${column.kind}` };
  if (column.kind === 'double') return { ddl: `${name} double`, values: column.values, select: name };
  const members = fewDistinctValues(column.values);
  if (members === null) return { ddl: `${name} varchar`, values: column.values, select: name };
  if (members.length === 0) return { ddl: null, values: null, select: 'null::varchar' };
  return { ddl: `${name} enum(${members.map(literal).join(', ')})`, values: column.values, select: `${name}::varchar` };
}

/**
 * Creates the temp table `staging` and fills it with the batch in the compact staging shape.
 * Returns, in predictionColumns order, the SQL expressions over `staging` that give each
 * predictions column back exactly as the batch holds it.
 */
export async function stagePredictions(connection: DuckDBConnection, staging: string, batch: PredictionBatch): Promise<string[]> {
  const columns = predictionColumnArrays(batch).map(stagedColumn);
  const stored = columns.filter((column) => column.ddl !== null);
  await connection.run(`create temp table ${ident(staging)} (${stored.map((column) => column.ddl).join(', ')})`);
  const appender = await connection.createAppender(staging, 'main', 'temp');
  try {
    // The chunk's types are the table's own, ENUM members included.
    const chunkColumns = stored.map((column, j) => ({ type: appender.columnType(j), values: column.values! }));
    appendChunks(appender, chunkColumns, batch.leadIds.length);
  } finally {
    appender.closeSync();
  }
  return columns.map((column) => column.select);
}
