/** Runs the ingest stage on tiny inline files in a temp folder, for test/features/ingest*.test.ts. */
import { mkdtempSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { resolveConfig, type ResolvedConfig } from '../../data/config.ts';
import { ingest, type IngestOptions, type IngestResult } from '../../features/ingest/ingest.ts';
import { literal } from '../../core/sql.ts';

export interface QuarantineRow {
  table: string;
  file: string;
  row: number;
  column: string;
  value: string;
  reason: string;
}

export interface IngestRun {
  result: IngestResult;
  connection: DuckDBConnection;
  dir: string;
  quarantinePath: string;
  /** The quarantine CSV parsed back; [] when no file was written. */
  quarantine: QuarantineRow[];
  /** Rows of a query, as plain JS values. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** `[column name, type]` of a table, in order. */
  columns(table: string): Promise<Array<[string, string]>>;
  close(): void;
}

/** A fresh temp folder holding `files` (name → contents). */
export function writeFiles(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'leadscore-ingest-'));
  for (const [name, contents] of Object.entries(files)) writeFileSync(join(dir, name), contents);
  return dir;
}

/** A config whose relative paths resolve in `dir`. */
export function configIn(dir: string, raw: Record<string, unknown>): ResolvedConfig {
  return resolveConfig(raw, '<inline>', dir);
}

export async function openConnection(): Promise<{ connection: DuckDBConnection; close(): void }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

export async function rowsOf(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

export async function readQuarantine(connection: DuckDBConnection, path: string): Promise<QuarantineRow[]> {
  if (!existsSync(path)) return [];
  const rows = await rowsOf(connection, `select * from read_csv(${literal(path)}, all_varchar = true, header = true)`);
  return rows.map((r) => ({
    table: String(r.table),
    file: String(r.file),
    row: Number(r.row),
    column: String(r.column ?? ''),
    value: String(r.value ?? ''),
    reason: String(r.reason),
  }));
}

/** Writes the files, ingests them with `sources` (plus any other top-level config keys) and reads everything back. */
export async function runIngest(
  files: Record<string, string | Buffer>,
  raw: Record<string, unknown>,
  options: Omit<IngestOptions, 'quarantinePath'> = {},
): Promise<IngestRun> {
  const dir = writeFiles(files);
  const config = configIn(dir, raw);
  const { connection, close } = await openConnection();
  const quarantinePath = join(dir, 'out', 'quarantine.csv');
  try {
    const result = await ingest(connection, config, { ...options, quarantinePath });
    return {
      result,
      connection,
      dir,
      quarantinePath,
      quarantine: await readQuarantine(connection, quarantinePath),
      rows: (sql) => rowsOf(connection, sql),
      async columns(table) {
        const rows = await rowsOf(connection, `select column_name, data_type from information_schema.columns where table_name = ${literal(table)} order by ordinal_position`);
        return rows.map((r) => [String(r.column_name), String(r.data_type)]);
      },
      close() {
        close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The quarantine CSV as text (for checks on quoting). */
export function quarantineText(run: IngestRun): string {
  return readFileSync(run.quarantinePath, 'utf8');
}
