/**
 * Feature stage 1, ingest and validate: reads the configured sources into the canonical tables
 * `leads`, `events`, `outcomes` and `channel_costs` (always all four; empty when a source is not
 * configured) in the connection's database.
 *
 * A problem with a whole file (missing, unreadable, a required column absent) throws InputError.
 * A problem with a row never stops the run: the row goes to the quarantine CSV with its row
 * number, column, value and reason, and is counted.
 *
 * Every check is set-based SQL over the whole table (one pass to read and check, a few small
 * passes for duplicates and unknown leads), never per-row JS. The SQL is built by small functions
 * next to each table rather than kept in .sql files, because the column lists (mapping,
 * attributes) and the checks depend on the config; the statements keep dbt's shape: named CTEs
 * `source → present → parsed → checked`, then one final select.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ResolvedConfig } from '../../data/config.ts';
import { ident } from '../../core/sql.ts';
import { silentProgress, type Progress } from '../../core/progress.ts';
import { ingestChannelCosts } from './ingestChannelCosts.ts';
import { ingestEvents } from './ingestEvents.ts';
import { ingestLeads } from './ingestLeads.ts';
import { ingestOutcomes } from './ingestOutcomes.ts';
import { stagePostgresSources } from './postgresSource.ts';
import type { IngestResult, TableReport } from './ingestResult.ts';
import { Quarantine } from './quarantine.ts';

export type { Attribute, AttributeKind, IngestResult, TableReport } from './ingestResult.ts';

export interface IngestOptions {
  /** Where rejected rows are written (CSV); not written when nothing is rejected. */
  quarantinePath: string;
  progress?: Progress;
  /** PostgreSQL sources are exported to a temporary CSV file under this folder; default `output.dir`. */
  stagingDir?: string;
  /**
   * Read big clean files the fast way (features/ingest/cleanRead.ts; default true). False
   * always takes the checked read: the results are the same, tests compare the two.
   */
  cleanRead?: boolean;
}

/** PostgreSQL sources are exported first (postgresSource.ts), then every source is read as a file. */
export async function ingest(connection: DuckDBConnection, config: ResolvedConfig, options: IngestOptions): Promise<IngestResult> {
  const progress = options.progress ?? silentProgress;
  const staged = await stagePostgresSources(config, { dir: options.stagingDir ?? config.output.dir, progress });
  try {
    return await ingestFiles(connection, staged.config, options);
  } finally {
    staged.release();
  }
}

async function ingestFiles(connection: DuckDBConnection, config: ResolvedConfig, options: IngestOptions): Promise<IngestResult> {
  const progress = options.progress ?? silentProgress;
  const restoreOrder = await preserveInsertionOrder(connection);
  try {
    const quarantine = await Quarantine.create(connection);
    const leads = await ingestLeads(connection, config, quarantine, { cleanRead: options.cleanRead });
    logTable(progress, 'leads', leads.report);
    // Events and outcomes need the accepted leads; channel costs need nothing.
    const events = await ingestEvents(connection, config, quarantine, { cleanRead: options.cleanRead });
    logTable(progress, 'events', events.report);
    const outcomes = await ingestOutcomes(connection, config, quarantine, { cleanRead: options.cleanRead });
    logTable(progress, 'outcomes', outcomes.report);
    const channelCosts = await ingestChannelCosts(connection, config, quarantine);
    logTable(progress, 'channel_costs', channelCosts.report);

    const quarantineRows = await quarantine.write(options.quarantinePath);
    // Warnings are returned, not logged: the caller reports them once, with the stage summary.
    const warnings = [...leads.warnings, ...events.warnings, ...outcomes.warnings, ...channelCosts.warnings];
    if (quarantineRows > 0) progress.info(`${quarantineRows} rejected row(s) written to ${options.quarantinePath}`);

    const tables: IngestResult['tables'] = { leads: leads.report };
    if (events.report) tables.events = events.report;
    if (outcomes.report) tables.outcomes = outcomes.report;
    if (channelCosts.report) tables.channel_costs = channelCosts.report;
    return {
      tables,
      attributes: leads.attributes,
      quarantine: quarantineRows > 0 ? { path: options.quarantinePath, rows: quarantineRows } : { rows: 0 },
      warnings,
      hasEvents: config.sources.events !== undefined,
      hasDates: leads.hasDates,
      maxTimestamp: await maxTimestamp(connection),
    };
  } finally {
    await dropWorkTables(connection);
    await restoreOrder();
  }
}

/**
 * Row numbers are rowids, which follow file order only while DuckDB preserves insertion order. A
 * caller may switch that off to save memory; it is switched on for this stage and restored after.
 */
async function preserveInsertionOrder(connection: DuckDBConnection): Promise<() => Promise<void>> {
  const reader = await connection.runAndReadAll(`select current_setting('preserve_insertion_order') as preserved`);
  if (reader.getRowObjectsJS()[0].preserved === true) return async () => {};
  await connection.run('set preserve_insertion_order = true');
  return async () => {
    await connection.run('set preserve_insertion_order = false');
  };
}

/** Drops the stage's temp tables (all named `ingest_…`), also when a step failed half-way. */
async function dropWorkTables(connection: DuckDBConnection): Promise<void> {
  const reader = await connection.runAndReadAll(
    `select table_name from duckdb_tables() where temporary and starts_with(table_name, 'ingest_')`,
  );
  for (const row of reader.getRowObjectsJS()) await connection.run(`drop table if exists temp.${ident(String(row.table_name))}`);
}

function logTable(progress: Progress, table: string, report: TableReport | undefined): void {
  if (!report) return;
  progress.info(`${table}: ${report.read} read, ${report.accepted} accepted, ${report.rejected} rejected (${report.file})`);
}

/** The latest moment in the data: the default "as of" for deciding whose label window has elapsed. */
async function maxTimestamp(connection: DuckDBConnection): Promise<Date | null> {
  const reader = await connection.runAndReadAll(`
    with moments as (
      select max(created_at) as latest from ${ident('leads')}
      union all
      select max(occurred_at) from ${ident('events')}
      union all
      select max(closed_at) from ${ident('outcomes')}
    )
    select epoch_ms(max(latest)) as latest_ms from moments`);
  const latest = reader.getRowObjectsJS()[0].latest_ms;
  return latest === null || latest === undefined ? null : new Date(Number(latest));
}
