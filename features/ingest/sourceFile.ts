/**
 * Opens one source file: checks it exists and can be read, learns its column names, and gives the
 * SQL relation that yields every column as VARCHAR in file order. Reading everything as text
 * keeps validation uniform (CSV and Parquet alike) and lets a bad value reject its row instead of
 * failing the whole read.
 */
import { existsSync, statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sourceFormat, type CanonicalTable, type TableSourceConfig } from '../../data/config.ts';
import { InputError } from '../../core/errors.ts';
import { ident, literal } from '../../core/sql.ts';

export interface SourceFile {
  table: CanonicalTable;
  /** The file; for a PostgreSQL source its name (`postgres:crm.leads`): what messages and the quarantine call it. */
  path: string;
  format: 'csv' | 'parquet';
  /** Column names as the file has them (DuckDB names an unnamed one `columnN`). */
  columns: string[];
  /** Columns stored as native DATE/TIMESTAMP (Parquet): parsed as ISO whatever `date_format` says. */
  temporalColumns: Set<string>;
  /** A table expression with every column as VARCHAR, rows in file order. */
  relation: string;
  /**
   * CSV only: the table DuckDB fills with lines it could not parse (`store_rejects`), once the
   * relation has been read. Those lines are skipped by the read; the quarantine reports them.
   */
  rejectsTable: string | null;
  /** CSV only: the file and the delimiter it is read with (undefined = sniffed), for a typed read (cleanRead.ts). */
  csv: { file: string; delimiter: string | undefined } | null;
}

// A header that sniffs as one column but holds one of these was probably split wrongly (the
// sniffer gives up on a dialect when a sample line is broken): retry with that delimiter.
const fallbackDelimiters = [',', ';', '\t', '|'];

/** A source exported to a local CSV file before ingest (features/ingest/postgresSource.ts). */
export interface StagedSource {
  /** What messages and the quarantine call the source, e.g. `postgres:crm.leads`. */
  name: string;
  /** Columns that were native DATE/TIMESTAMP at the source: ISO text whatever `date_format` says. */
  temporalColumns: readonly string[];
}

export async function openSource(
  connection: DuckDBConnection,
  table: CanonicalTable,
  source: TableSourceConfig & { staged?: StagedSource },
): Promise<SourceFile> {
  const path = source.path;
  if (path === undefined) throw new Error(`sources.${table}: a PostgreSQL source must be staged before it is opened (stagePostgresSources)`);
  const name = source.staged?.name ?? path;
  if (!existsSync(path)) {
    throw new InputError(`${table} file not found: ${path}`, { where: path, hint: `check sources.${table}.path in the config` });
  }
  const stat = statSync(path);
  if (!stat.isFile()) throw new InputError(`${path}: not a file`, { where: path, hint: `sources.${table}.path must name a CSV or Parquet file` });
  if (stat.size === 0) throw new InputError(`${path}: the file is empty (expected a header row)`, { where: path });

  const format = sourceFormat(source);
  if (format === 'parquet') return openParquet(connection, table, path);

  const rejectsTable = `ingest_rejects_${table}`;
  const options = (delimiter: string | undefined) =>
    [
      'all_varchar = true',
      'header = true',
      // RFC 4180 quoting, pinned: the sniffer only sees the first rows, and a file whose first
      // quoted field comes later would otherwise be read with quoting off.
      `quote = '"'`,
      `escape = '"'`,
      // Malformed lines are skipped and recorded instead of failing the read; costs nothing measurable.
      'store_rejects = true',
      `rejects_table = ${literal(rejectsTable)}`,
      `rejects_scan = ${literal(`ingest_reject_scans_${table}`)}`,
      ...(delimiter ? [`delim = ${literal(delimiter)}`] : []),
    ].join(', ');
  const relationFor = (delimiter: string | undefined) => `read_csv(${literal(path)}, ${options(delimiter)})`;

  let delimiter = source.delimiter;
  let columns = (await describe(connection, relationFor(delimiter), name)).map((c) => c.name);
  if (!delimiter && columns.length === 1) {
    const guess = fallbackDelimiters.find((d) => columns[0].includes(d));
    if (guess) {
      delimiter = guess;
      columns = (await describe(connection, relationFor(delimiter), name)).map((c) => c.name);
    }
  }
  const temporalColumns = new Set(source.staged?.temporalColumns);
  return { table, path: name, format, columns, temporalColumns, relation: relationFor(delimiter), rejectsTable, csv: { file: path, delimiter } };
}

async function openParquet(connection: DuckDBConnection, table: CanonicalTable, path: string): Promise<SourceFile> {
  const native = `read_parquet(${literal(path)})`;
  const described = await describe(connection, native, path);
  const temporal = described.filter((c) => /^(DATE|TIMESTAMP)/.test(c.type)).map((c) => c.name);
  const casts = described.map((c) => `cast(${ident(c.name)} as varchar) as ${ident(c.name)}`).join(', ');
  return {
    table,
    path,
    format: 'parquet',
    columns: described.map((c) => c.name),
    temporalColumns: new Set(temporal),
    relation: `(select ${casts} from ${native})`,
    rejectsTable: null,
    csv: null,
  };
}

async function describe(connection: DuckDBConnection, relation: string, path: string): Promise<Array<{ name: string; type: string }>> {
  try {
    const reader = await connection.runAndReadAll(`describe select * from ${relation}`);
    return reader.getRowObjectsJS().map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  } catch (error) {
    throw asInputError(error, path);
  }
}

/**
 * DuckDB's complaints about the file itself (I/O, not CSV / not Parquet, bad encoding) become an
 * InputError; anything else is a bug here and stays as it is.
 */
function asInputError(error: unknown, path: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (!/^(IO|Invalid Input|Invalid Configuration|Conversion) Error/.test(message)) return error;
  return new InputError(`${path}: cannot read the file: ${message.split('\n')[0]}`, { where: path });
}

/** Drops what an earlier read (or `describe`) left in the rejects tables, so they hold this read's lines only. */
export async function resetRejects(connection: DuckDBConnection, source: SourceFile): Promise<void> {
  if (!source.rejectsTable) return;
  await connection.run(`drop table if exists temp.${ident(source.rejectsTable)}`);
  await connection.run(`drop table if exists temp.${ident(`ingest_reject_scans_${source.table}`)}`);
}

/**
 * Runs the statement that reads the source (a `create table … as select … from relation`). The
 * read is where a file can still turn out unreadable (e.g. a broken Parquet footer).
 */
export async function readSource(connection: DuckDBConnection, source: SourceFile, statement: string): Promise<void> {
  await resetRejects(connection, source);
  try {
    await connection.run(statement);
  } catch (error) {
    throw asInputError(error, source.path);
  }
}

/**
 * A CSV source read with given column types (every file column named, in file order; unnamed
 * ones VARCHAR) and `nullTokens` read as NULL, strictly: the read fails at the first malformed
 * line or value that does not convert. Same dialect as `relation`.
 */
export function typedCsvRelation(source: SourceFile, types: ReadonlyMap<string, string>, nullTokens: readonly string[]): string {
  if (!source.csv) throw new Error(`${source.path}: a typed read needs a CSV source`);
  const columns = source.columns.map((name) => `${literal(name)}: ${literal(types.get(name) ?? 'VARCHAR')}`).join(', ');
  const options = [
    'header = true',
    `quote = '"'`,
    `escape = '"'`,
    `nullstr = [${[...new Set(['', ...nullTokens])].map(literal).join(', ')}]`,
    `columns = {${columns}}`,
    ...(source.csv.delimiter ? [`delim = ${literal(source.csv.delimiter)}`] : []),
  ];
  return `read_csv(${literal(source.csv.file)}, ${options.join(', ')})`;
}
