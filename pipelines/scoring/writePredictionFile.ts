/**
 * `score --output <file>`: the run's predictions, the very rows the warehouse gets (same columns,
 * same order), also written to a file whose extension picks the format:
 *   .csv            DuckDB COPY (header, comma-separated)
 *   .parquet        DuckDB COPY (zstd)
 *   .arrow / .feather / .ipc   Arrow IPC file, through apache-arrow (DuckDB's own Arrow writer
 *                   is an extension it would have to download)
 * Written to a temporary name beside the target and renamed over it at the end, so a reader
 * (or a failed run) never sees half a file and a previous file survives a failure.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { DuckDBInstance, DuckDBTimestampValue } from '@duckdb/node-api';
import { Field, Float64, RecordBatch, Schema, Struct, Table, TimestampMillisecond, Utf8, makeData, tableToIPC, vectorFromArray } from 'apache-arrow';
import { LeadscoreError } from '../../core/errors.ts';
import { ident, literal } from '../../core/sql.ts';
import { predictionColumns, runColumns, type PredictionBatch, type ScoringRun } from '../warehouse/predictions.ts';
import { appendPredictions } from '../warehouse/appendPredictions.ts';

export type PredictionFileFormat = 'csv' | 'parquet' | 'arrow';

const formats: Record<string, PredictionFileFormat> = {
  '.csv': 'csv',
  '.parquet': 'parquet',
  '.arrow': 'arrow',
  '.feather': 'arrow',
  '.ipc': 'arrow',
};

/** The format a path's extension asks for; a usage error for any other extension. */
export function predictionFileFormat(path: string): PredictionFileFormat {
  const format = formats[extname(path).toLowerCase()];
  if (!format) {
    throw new LeadscoreError('usage', `--output ${path}: unknown file type "${extname(path) || '(none)'}"`, {
      received: path,
      expected: `a file ending in ${Object.keys(formats).join(', ')}`,
    });
  }
  return format;
}

export interface WrittenFile {
  path: string;
  format: PredictionFileFormat;
  rows: number;
}

export async function writePredictionFile(path: string, batch: PredictionBatch, run: ScoringRun): Promise<WrittenFile> {
  const format = predictionFileFormat(path);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomUUID().slice(0, 8)}.partial`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    if (format === 'arrow') writeFileSync(temporary, tableToIPC(arrowTable(batch, run), 'file'));
    else await copyWithDuckDb(temporary, format, batch, run);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    if (error instanceof LeadscoreError) throw error;
    throw new LeadscoreError('warehouse', `writing predictions to ${path} failed; the file was left as it was: ${(error as Error).message}`, {
      where: path,
    });
  }
  return { path, format, rows: batch.leadIds.length };
}

async function copyWithDuckDb(target: string, format: 'csv' | 'parquet', batch: PredictionBatch, run: ScoringRun): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const columns = [...predictionColumns, ...runColumns].map(([name, type]) => `${ident(name)} ${type}`).join(', ');
    await connection.run(`create table predictions (${columns})`);
    const appender = await connection.createAppender('predictions');
    appendPredictions(appender, batch, run);
    appender.closeSync();
    const options = format === 'csv' ? 'format csv, header true' : 'format parquet, compression zstd';
    await connection.run(`copy predictions to ${literal(target)} (${options})`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const arrowChunkRows = 65_536;

function arrowTable(batch: PredictionBatch, run: ScoringRun): Table {
  const fields: Field[] = [
    ...predictionColumns.map(([name, type]) => new Field(name, type.startsWith('double') ? new Float64() : new Utf8(), !type.includes('not null'))),
    new Field('model_id', new Utf8(), false),
    new Field('run_id', new Utf8(), false),
    new Field('scored_at', new TimestampMillisecond(), false),
  ];
  const schema = new Schema(fields);
  const scoredAt = BigInt(run.scoredAt.getTime());
  const batches: RecordBatch[] = [];
  // An empty run still gets one (empty) batch, so the file carries its schema.
  for (let start = 0; start === 0 || start < batch.leadIds.length; start += arrowChunkRows) {
    const end = Math.min(batch.leadIds.length, start + arrowChunkRows);
    const n = end - start;
    const rows = Array.from({ length: n }, (_, k) => start + k);
    const children = [
      ...predictionColumns.map(([, type, valueOf]) =>
        vectorFromArray(rows.map((i) => valueOf(batch, i).value), type.startsWith('double') ? new Float64() : new Utf8()).data[0],
      ),
      vectorFromArray(new Array<string>(n).fill(run.modelId), new Utf8()).data[0],
      vectorFromArray(new Array<string>(n).fill(run.runId), new Utf8()).data[0],
      makeData({ type: new TimestampMillisecond(), length: n, data: new BigInt64Array(n).fill(scoredAt), nullCount: 0 }),
    ];
    batches.push(new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, nullCount: 0, children })));
  }
  return new Table(schema, batches);
}
