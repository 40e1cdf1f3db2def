/**
 * PostgreSQL sources (`sources.<table>.postgres` in the config). Each table or query is streamed
 * out of the server with `COPY (…) TO STDOUT (FORMAT csv, HEADER)` into a CSV file under the
 * output dir; the ingest stage then reads that file exactly as it reads a user's export, so column
 * mapping, missing tokens, validation and quarantine are the same code. COPY streams with
 * backpressure into the file, so memory stays flat however large the table; going through a file
 * rather than DuckDB's appender keeps one validated read path and lets DuckDB parse it in parallel.
 *
 * All sources are read in one REPEATABLE READ, READ ONLY snapshot: the tables are consistent
 * with each other (no event of a lead inserted after the leads were read), and a query source
 * cannot write. Formatting rows is the server's slow side, so two connections share that
 * snapshot (`pg_export_snapshot`) and export at once: large tables in block ranges whose files
 * are joined in block order, the order a plain scan returns.
 *
 * Values leave the server as text in a fixed form whatever the session's settings: ISO dates,
 * timestamptz converted to UTC, floats with every digit, booleans as true/false. Native
 * date/timestamp columns are flagged (`temporalColumns`) so `date_format` does not apply to them,
 * as with Parquet.
 */
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { postgresOptionsOf, sourceName, type CanonicalTable, type ResolvedConfig, type TableSourceConfig } from '../../data/config.ts';
import { InputError, LeadscoreError, redactSecrets } from '../../core/errors.ts';
import { connectPostgres, describePostgres, explainPostgresError, type PostgresOptions } from '../../core/postgres.ts';
import type { Progress } from '../../core/progress.ts';
import { ident, literal, qualified } from '../../core/sql.ts';
import type { StagedSource } from './sourceFile.ts';

const tableOrder: readonly CanonicalTable[] = ['leads', 'events', 'outcomes', 'channel_costs'];

/** pg_type OIDs of the column types that need care on the way out. */
const typeOid = { bool: 16, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;
const temporalTypes = new Set<number>([typeOid.date, typeOid.timestamp, typeOid.timestamptz]);

/** Relation kinds one can select from: table, partitioned table, view, materialized view, foreign table. */
const selectableKinds = new Set(['r', 'p', 'v', 'm', 'f']);

export interface StagedSources {
  /** The config with every PostgreSQL source replaced by its exported CSV file. */
  config: ResolvedConfig;
  /** Deletes the exported files. */
  release(): void;
}

export interface StageOptions {
  /** A folder for the exported files (a fresh subfolder is made in it and removed by `release`). */
  dir: string;
  progress: Progress;
  /** Connections exporting at once; the server formats the rows, one backend per connection. Default 2. */
  connections?: number;
  /** Tables larger than this are split into block ranges (tests set it low). */
  chunkBytes?: number;
}

/**
 * A table larger than this is exported in as many block ranges as there are connections, each
 * range by its own connection (PostgreSQL formatting the rows is the slow side); the ranges'
 * files are joined in block order, which is the order a plain scan returns.
 */
const chunkedTableBytes = 32 * 1024 * 1024;

/** Exports every PostgreSQL source of the config; a config without one comes back as it is. */
export async function stagePostgresSources(config: ResolvedConfig, options: StageOptions): Promise<StagedSources> {
  const wanted = tableOrder.filter((table) => config.sources[table]?.postgres !== undefined);
  if (wanted.length === 0) return { config, release: () => {} };

  mkdirSync(options.dir, { recursive: true });
  const dir = mkdtempSync(join(options.dir, 'postgres-export-'));
  const release = () => rmSync(dir, { recursive: true, force: true });
  const clients: pg.Client[] = [];
  try {
    const connection = postgresOptionsOf(config);
    options.progress.info(`reading ${wanted.join(', ')} from ${describePostgres(connection)}`);
    const started = performance.now();
    const main = await connectPostgres(connection);
    clients.push(main);
    await beginSnapshot(main);
    const plans: ExportPlan[] = [];
    const chunking = { connections: options.connections ?? 2, chunkBytes: options.chunkBytes ?? chunkedTableBytes };
    for (const table of wanted) plans.push(await planExport(main, table, config.sources[table]!, dir, connection, chunking));

    // Further connections read the same snapshot, so every chunk sees the same data.
    const tasks = plans.flatMap((plan) => plan.chunks);
    const extra = Math.min(tasks.length, chunking.connections) - 1;
    const snapshot = extra > 0 ? await exportSnapshot(main) : null;
    if (snapshot !== null) {
      for (let i = 0; i < extra; i++) {
        const client = await connectPostgres(connection);
        clients.push(client);
        await beginSnapshot(client, snapshot);
      }
    }
    await runChunks(clients, tasks, connection);
    const sources: Record<string, TableSourceConfig | undefined> = { ...config.sources };
    for (const plan of plans) {
      await joinChunks(plan);
      const rows = plan.chunks.reduce((sum, chunk) => sum + chunk.rows, 0);
      options.progress.info(`${plan.table}: ${rows} rows exported from ${plan.name}`);
      const staged: TableSourceConfig & { staged: StagedSource } = {
        ...plan.source,
        path: plan.file,
        format: 'csv',
        delimiter: ',',
        postgres: undefined,
        staged: { name: plan.name, temporalColumns: plan.temporalColumns },
      };
      sources[plan.table] = staged;
    }
    await main.query('commit');
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    options.progress.info(`exported from PostgreSQL over ${clients.length} connection(s) in ${seconds}s`);
    return { config: { ...config, sources: sources as ResolvedConfig['sources'] }, release };
  } catch (error) {
    release();
    throw error;
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
  }
}

/**
 * The transaction's snapshot for other connections to share; null where the server cannot export
 * one (some servers speaking PostgreSQL's protocol), and one connection then reads everything.
 */
async function exportSnapshot(client: pg.Client): Promise<string | null> {
  await client.query('savepoint leadscore_snapshot');
  try {
    const { rows } = await client.query('select pg_catalog.pg_export_snapshot() as id');
    await client.query('release savepoint leadscore_snapshot');
    return String(rows[0].id);
  } catch {
    await client.query('rollback to savepoint leadscore_snapshot');
    return null;
  }
}

/**
 * A read-only, repeatable-read transaction (optionally on another connection's exported
 * snapshot) with output settings that make the text form independent of the session: ISO dates
 * (the input half of DateStyle, which the user's query may rely on, is kept) and every float digit.
 */
async function beginSnapshot(client: pg.Client, snapshot?: string): Promise<void> {
  await client.query('begin isolation level repeatable read, read only');
  if (snapshot !== undefined) await client.query(`set transaction snapshot ${literal(snapshot)}`);
  await client.query(`set local datestyle = 'ISO'; set local extra_float_digits = 3`);
}

interface Field {
  name: string;
  dataTypeID: number;
}

interface Chunk {
  plan: ExportPlan;
  /** The COPY statement of this chunk. */
  sql: string;
  file: string;
  rows: number;
}

interface ExportPlan {
  table: CanonicalTable;
  source: TableSourceConfig;
  name: string;
  key: string;
  file: string;
  temporalColumns: string[];
  /** In file order; the first carries the header. */
  chunks: Chunk[];
}

async function planExport(
  client: pg.Client,
  table: CanonicalTable,
  source: TableSourceConfig,
  dir: string,
  connection: PostgresOptions,
  chunking: { connections: number; chunkBytes: number },
): Promise<ExportPlan> {
  const name = sourceName(table, source);
  const key = `sources.${table}.postgres.${source.postgres!.table !== undefined ? 'table' : 'query'}`;
  try {
    const resolved = source.postgres!.table !== undefined ? await resolveTable(client, source.postgres!.table, name, key) : null;
    const from = resolved?.from ?? queryRelation(source.postgres!.query!);
    const fields = await describeRelation(client, from, name, key);
    const select = exportSelect(fields, from);
    const ranges =
      resolved && resolved.relkind === 'r' && resolved.bytes > chunking.chunkBytes ? blockRanges(resolved.blocks, chunking.connections) : [''];
    const plan: ExportPlan = {
      table,
      source,
      name,
      key,
      file: join(dir, `${table}.csv`),
      temporalColumns: fields.filter((f) => temporalTypes.has(f.dataTypeID)).map((f) => f.name),
      chunks: [],
    };
    plan.chunks = ranges.map((where, i) => ({
      plan,
      sql: `copy (${select}${where}) to stdout with (format csv, header ${i === 0 ? 'true' : 'false'}, encoding 'UTF8')`,
      file: join(dir, `${table}.${i}.csv`),
      rows: 0,
    }));
    return plan;
  } catch (error) {
    throw asLeadscoreError(error, name, key, connection);
  }
}

/**
 * `where ctid …` conditions splitting a table's blocks into `parts` ranges. The first and last are
 * open-ended, so rows in blocks counted after the size was read are not missed.
 */
export function blockRanges(blocks: number, parts: number): string[] {
  if (parts <= 1 || blocks < parts) return [''];
  const bounds = Array.from({ length: parts - 1 }, (_, i) => Math.round((blocks * (i + 1)) / parts));
  return Array.from({ length: parts }, (_, i) => {
    const conditions = [
      ...(i > 0 ? [`ctid >= '(${bounds[i - 1]},0)'::tid`] : []),
      ...(i < parts - 1 ? [`ctid < '(${bounds[i]},0)'::tid`] : []),
    ];
    return ` where ${conditions.join(' and ')}`;
  });
}

/** Each connection takes the next chunk until none is left; the first failure stops them all. */
async function runChunks(clients: pg.Client[], chunks: Chunk[], connection: PostgresOptions): Promise<void> {
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const worker = async (client: pg.Client) => {
    while (!failed && next < chunks.length) {
      const chunk = chunks[next++];
      try {
        const copy = client.query(copyTo(chunk.sql));
        await pipeline(copy, createWriteStream(chunk.file));
        chunk.rows = copy.rowCount;
      } catch (error) {
        throw asLeadscoreError(error, chunk.plan.name, chunk.plan.key, connection);
      }
    }
  };
  const runs = clients.map((client) =>
    worker(client).catch(async (error) => {
      if (failed) return; // a consequence of the first failure, which is the one reported
      failed = true;
      firstError = error;
      // Ends the other connections' COPY too, so nothing writes into the folder once it is removed.
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
    }),
  );
  await Promise.all(runs);
  if (failed) throw firstError;
}

/** The chunks' files, in order, as the table's one CSV file. */
async function joinChunks(plan: ExportPlan): Promise<void> {
  renameSync(plan.chunks[0].file, plan.file);
  for (const chunk of plan.chunks.slice(1)) {
    await pipeline(createReadStream(chunk.file), createWriteStream(plan.file, { flags: 'a' }));
    rmSync(chunk.file);
  }
}

interface ResolvedTable {
  /** The catalog's schema and name, quoted. */
  from: string;
  relkind: string;
  bytes: number;
  blocks: number;
}

/**
 * The table a configured name refers to. PostgreSQL parses the name itself (`to_regclass`:
 * quoting, case folding, search_path), so the config's name means what it would mean in psql,
 * and what reaches the COPY statement is the catalog's own names, quoted.
 */
async function resolveTable(client: pg.Client, configured: string, name: string, key: string): Promise<ResolvedTable> {
  let rows: Array<{ schema_name: string; table_name: string; relkind: string; bytes: string; block_size: string }>;
  try {
    ({ rows } = await client.query(
      `select n.nspname as schema_name, c.relname as table_name, c.relkind::text as relkind,
              pg_catalog.pg_relation_size(c.oid)::text as bytes, pg_catalog.current_setting('block_size') as block_size
       from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
       where c.oid = pg_catalog.to_regclass($1)`,
      [configured],
    ));
  } catch (error) {
    // An unparsable name (unbalanced quotes, too many dots) is the config's fault.
    if (sqlState(error)?.startsWith('22') || sqlState(error)?.startsWith('42')) rows = [];
    else throw error;
  }
  const hint =
    'write the name as in SQL: schema.table; unquoted names are lowercased, so quote mixed case ("CRM"."Leads"); without a schema, the search_path decides';
  if (rows.length === 0) throw new InputError(`${name}: no such table or view (${key})`, { where: name, hint });
  const row = rows[0];
  if (!selectableKinds.has(row.relkind)) throw new InputError(`${name}: not a table or view (${key})`, { where: name, hint });
  const bytes = Number(row.bytes);
  return { from: qualified(row.schema_name, row.table_name), relkind: row.relkind, bytes, blocks: Math.ceil(bytes / Number(row.block_size)) };
}

/**
 * A query as a FROM item. A final `;` (and a `-- comment` after it) is dropped, as psql users
 * write them; the newlines keep any other trailing comment from swallowing the parenthesis.
 */
export function queryRelation(query: string): string {
  let text = query.trimEnd();
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(/;+$/, '').replace(/--[^\n'"]*$/, '').trimEnd();
  }
  return `(\n${text}\n) as leadscore_source`;
}

/** Column names and types of the relation, without reading a row. */
async function describeRelation(client: pg.Client, from: string, name: string, key: string): Promise<Field[]> {
  const result = await client.query(`select * from ${from} limit 0`);
  const fields = result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
  if (fields.length === 0) throw new InputError(`${name}: returns no columns (${key})`, { where: name });
  const seen = new Set<string>();
  for (const field of fields) {
    if (seen.has(field.name)) {
      throw new InputError(`${name}: more than one column is named "${field.name}" (${key})`, {
        where: name,
        hint: 'give every column of the query its own name (… as name)',
      });
    }
    seen.add(field.name);
  }
  return fields;
}

/** The SELECT whose CSV the ingest stage reads: every column, in a settings-independent text form. */
export function exportSelect(fields: readonly Field[], from: string): string {
  const columns = fields.map((field) => {
    const column = ident(field.name);
    // timestamptz prints in the session's time zone; as UTC wall time it means the same everywhere.
    if (field.dataTypeID === typeOid.timestamptz) return `(${column} at time zone 'UTC') as ${column}`;
    // Booleans print as t/f; as text they are true/false, which label values already understand.
    if (field.dataTypeID === typeOid.bool) return `${column}::text as ${column}`;
    return column;
  });
  return `select ${columns.join(', ')} from ${from}`;
}

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * What the config names is at fault — a syntax error, an unknown table or column, no permission
 * (SQLSTATE class 42), something unsupported (0A), a data error in the query (22), an attempt to
 * write (25006) — exits 2 like a bad input file; anything else (server gone, connection lost,
 * timeout) is a warehouse failure, exit 1. Neither carries the password.
 */
function asLeadscoreError(error: unknown, name: string, key: string, connection: PostgresOptions): unknown {
  if (error instanceof LeadscoreError) return error;
  const state = sqlState(error);
  if (state && (['42', '0A', '22'].includes(state.slice(0, 2)) || state === '25006')) {
    const message = redactSecrets((error as Error).message);
    return new InputError(`${name}: PostgreSQL rejected it: ${message} (${key})`, { where: name, hint: `check ${key} in the config` });
  }
  return new LeadscoreError('warehouse', `reading ${name} failed: ${explainPostgresError(error, connection)}`, { where: name }, { cause: error });
}
