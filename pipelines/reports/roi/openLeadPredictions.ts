/**
 * The open leads' probabilities for the ROI report, read from the predictions `leadscore score`
 * wrote to the warehouse (the DuckDB file, or PostgreSQL with `output.warehouse_type: postgres`)
 * for the chosen model, into table roi_predictions (lead_id, probability, scored_at). The report
 * does not score on the fly: the numbers it shows are the ones the warehouse (and every
 * dashboard reading it) already holds.
 *
 * The predictions table keeps one row per lead and model, the latest scoring of each lead; rows
 * of leads that are no longer open (closed since, or lost leads scored as recycled) are ignored
 * because only open leads are looked up. Open leads without a prediction (they arrived after the
 * last scoring run) are counted and reported.
 */
import { existsSync } from 'node:fs';
import { DuckDBTimestampValue, type DuckDBConnection } from '@duckdb/node-api';
import { LeadscoreError } from '../../../core/errors.ts';
import { connectPostgres, describePostgres, explainPostgresError } from '../../../core/postgres.ts';
import { ident, literal, qualified } from '../../../core/sql.ts';
import { postgresOptionsOf, type ResolvedConfig } from '../../../data/config.ts';

export interface OpenLeadPredictions {
  openLeads: number;
  /** Open leads with a prediction by the model. */
  scored: number;
  /** When the latest of those predictions was written (ISO), null when none was needed. */
  scoredAt: string | null;
  /** Where they were read from (never carries a password). */
  warehouse: string | null;
}

/** Thrown when predictions are needed and absent, saying which and what to run. */
type Missing = (why: string) => LeadscoreError;

export async function loadOpenLeadPredictions(
  connection: DuckDBConnection,
  config: ResolvedConfig,
  modelId: string | null,
): Promise<OpenLeadPredictions> {
  await connection.run('create or replace table roi_predictions (lead_id varchar, probability double, scored_at timestamp)');
  const openLeads = await count(connection, 'select count(*)::integer as n from lead_labels where is_open');
  if (openLeads === 0) return { openLeads, scored: 0, scoredAt: null, warehouse: null };

  const postgres = config.output.warehouse_type === 'postgres';
  const warehouse = postgres ? describePostgres(postgresOptionsOf(config)) : config.output.warehouse;
  const table = config.output.predictions_table;
  const missing: Missing = (why) =>
    new LeadscoreError('model', `the ROI report needs the open leads' predictions, and ${why}: run leadscore score first`, {
      where: warehouse,
      hint: `leadscore score --config ${config.file}${modelId ? ` --model ${modelId}` : ''}`,
    });
  if (!modelId) throw missing(`there are ${openLeads} open leads and no trained model`);

  if (postgres) await copyFromPostgres(connection, config, table, modelId, missing);
  else await copyFromDuckDb(connection, config.output.warehouse, table, modelId, missing);

  const reader = await connection.runAndReadAll(
    `select count(*)::integer as scored, strftime(max(scored_at), '%Y-%m-%dT%H:%M:%SZ') as scored_at from roi_predictions`,
  );
  const row = reader.getRowObjectsJS()[0] as { scored: number; scored_at: string | null };
  if (row.scored === 0) throw missing(`table ${table} has no prediction by model ${modelId} for any of the ${openLeads} open leads`);
  return { openLeads, scored: row.scored, scoredAt: row.scored_at, warehouse };
}

const onlyOpenLeads = 'lead_id in (select lead_id from lead_labels where is_open)';

async function copyFromDuckDb(connection: DuckDBConnection, path: string, table: string, modelId: string, missing: Missing): Promise<void> {
  if (!existsSync(path)) throw missing(`the warehouse ${path} does not exist`);
  const attached = 'roi_warehouse';
  try {
    await connection.run(`attach ${literal(path)} as ${ident(attached)} (read_only)`);
  } catch (error) {
    throw new LeadscoreError('warehouse', `cannot open the DuckDB warehouse ${path}: ${(error as Error).message}`, { where: path });
  }
  try {
    const reader = await connection.runAndReadAll(
      `select count(*)::integer as n from duckdb_tables() where database_name = ${literal(attached)} and table_name = ${literal(table)}`,
    );
    if (Number(reader.getRowObjectsJS()[0].n) === 0) throw missing(`the warehouse has no table ${table}`);
    await connection.run(`
      insert into roi_predictions
      select lead_id, probability, scored_at
      from ${ident(attached)}.${ident(table)}
      where model_id = ${literal(modelId)} and ${onlyOpenLeads}`);
  } finally {
    await connection.run(`detach ${ident(attached)}`);
  }
}

async function copyFromPostgres(connection: DuckDBConnection, config: ResolvedConfig, table: string, modelId: string, missing: Missing): Promise<void> {
  const options = postgresOptionsOf(config);
  const target = qualified(config.output.schema ?? 'public', table);
  const client = await connectPostgres(options);
  let rows: Array<{ lead_id: string; probability: number; scored_at: Date }>;
  try {
    const found = await client.query('select to_regclass($1) as relation', [target]);
    if (found.rows[0].relation === null) throw missing(`PostgreSQL has no table ${target}`);
    rows = (await client.query(`select lead_id, probability, scored_at from ${target} where model_id = $1`, [modelId])).rows;
  } catch (error) {
    if (error instanceof LeadscoreError) throw error;
    throw new LeadscoreError('warehouse', explainPostgresError(error, options), { where: describePostgres(options) }, { cause: error });
  } finally {
    await client.end().catch(() => {});
  }
  await connection.run('create or replace temp table roi_model_predictions (lead_id varchar, probability double, scored_at timestamp)');
  const appender = await connection.createAppender('roi_model_predictions', 'main', 'temp');
  for (const row of rows) {
    appender.appendVarchar(row.lead_id);
    appender.appendDouble(Number(row.probability));
    appender.appendTimestamp(new DuckDBTimestampValue(BigInt(row.scored_at.getTime()) * 1000n));
    appender.endRow();
  }
  appender.closeSync();
  await connection.run(`insert into roi_predictions select * from roi_model_predictions where ${onlyOpenLeads}`);
  await connection.run('drop table roi_model_predictions');
}

async function count(connection: DuckDBConnection, sql: string): Promise<number> {
  const reader = await connection.runAndReadAll(sql);
  return Number(reader.getRowObjectsJS()[0].n);
}
