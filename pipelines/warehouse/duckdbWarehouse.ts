/**
 * The embedded default warehouse: a DuckDB file. A write either lands whole or not at all: the
 * batch goes to a temp staging table (appendPredictions.ts stagePredictions), then one
 * transaction creates the tables if needed, upserts the rows into the target by
 * (lead_id, model_id) (duckdb_upsert_predictions.sql) and records the run in the
 * `leadscore_runs` ledger.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, DuckDBTimestampValue, type DuckDBConnection } from '@duckdb/node-api';
import { LeadscoreError } from '../../core/errors.ts';
import { ident, renderSql, sqlStatements } from '../../core/sql.ts';
import { predictionColumns, runColumns, type PredictionBatch, type ScoringRun } from './predictions.ts';
import type { PredictionWarehouse } from './warehouse.ts';
import { stagePredictions } from './appendPredictions.ts';

const ledgerTable = 'leadscore_runs';
const stagingTable = 'predictions_staging';

const [deleteTemplate, insertTemplate, insertOrReplaceTemplate] = sqlStatements(new URL('./duckdb_upsert_predictions.sql', import.meta.url));

function timestampValue(date: Date): DuckDBTimestampValue {
  return new DuckDBTimestampValue(BigInt(date.getTime()) * 1000n);
}

/** The first lead id that appears twice in the batch, or null. */
async function duplicateLead(c: DuckDBConnection, leadIds: readonly string[]): Promise<string | null> {
  // The scorer hands leads over in id order: strictly increasing ids cannot repeat, checked in
  // milliseconds; any other order is checked by DuckDB (~0.3 s CPU for 1M leads).
  let increasing = true;
  for (let i = 1; i < leadIds.length && increasing; i++) increasing = leadIds[i - 1] < leadIds[i];
  if (increasing) return null;
  const reader = await c.runAndReadAll(
    `select lead_id from ${ident(stagingTable)} group by lead_id having count(*) > 1 order by lead_id limit 1`,
  );
  const rows = reader.getRowObjectsJS();
  return rows.length === 0 ? null : String(rows[0].lead_id);
}

export class DuckDbWarehouse implements PredictionWarehouse {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  get description(): string {
    return this.path;
  }

  static async open(path: string): Promise<DuckDbWarehouse> {
    try {
      mkdirSync(dirname(path), { recursive: true });
      const instance = await DuckDBInstance.create(path);
      const connection = await instance.connect();
      return new DuckDbWarehouse(path, instance, connection);
    } catch (error) {
      throw new LeadscoreError('warehouse', `cannot open the DuckDB warehouse ${path}: ${(error as Error).message}`, {
        where: path,
      });
    }
  }

  /** Upserts one scoring run's predictions into `table`; all or nothing. Returns rows written. */
  async writePredictions(table: string, batch: PredictionBatch, run: ScoringRun): Promise<number> {
    const target = ident(table);
    const allColumns = [...predictionColumns, ...runColumns];
    const started = new Date();
    const c = this.connection;
    try {
      await c.run(`drop table if exists ${ident(stagingTable)}`);
      const values = await stagePredictions(c, stagingTable, batch);
      const duplicate = await duplicateLead(c, batch.leadIds);
      if (duplicate !== null) throw new Error(`the run holds lead ${JSON.stringify(duplicate)} more than once`);
      const fragments = {
        target,
        staging: ident(stagingTable),
        columns: allColumns.map(([name]) => ident(name)).join(', '),
        values: values.join(', '),
      };
      await c.run('begin transaction');
      try {
        // Created inside the transaction, so a failed first write leaves no empty table behind.
        await c.run(`create table if not exists ${target} (${allColumns.map(([name, type]) => `${ident(name)} ${type}`).join(', ')})`);
        await c.run(
          `create table if not exists ${ident(ledgerTable)} (run_id varchar primary key, model_id varchar, target_table varchar,
             started_at timestamp, finished_at timestamp, rows bigint, status varchar)`,
        );
        if (batch.leadIds.length > 0) await this.upsertStaged(table, fragments, run);
        await c.run(`insert or replace into ${ident(ledgerTable)} values ($1, $2, $3, $4, $5, $6, 'succeeded')`, [
          run.runId,
          run.modelId,
          table,
          timestampValue(started),
          timestampValue(new Date()),
          BigInt(batch.leadIds.length),
        ]);
        await c.run('commit');
      } catch (error) {
        await c.run('rollback');
        throw error;
      }
    } catch (error) {
      throw new LeadscoreError('warehouse', `writing predictions to ${this.path} table ${table} failed; nothing was written: ${(error as Error).message}`, {
        where: this.path,
      });
    } finally {
      await c.run(`drop table if exists ${ident(stagingTable)}`);
    }
    return batch.leadIds.length;
  }

  /**
   * Moves the staged rows into the target with the cheapest statement that keeps one row per
   * (lead_id, model_id) (duckdb_upsert_predictions.sql says which, and why).
   */
  private async upsertStaged(table: string, fragments: Record<string, string>, run: ScoringRun): Promise<void> {
    const c = this.connection;
    const params = { model_id: run.modelId, run_id: run.runId, scored_at: timestampValue(run.scoredAt) };
    if (!(await this.modelHasRows(fragments.target, run.modelId))) {
      await c.run(renderSql(insertTemplate, fragments), params);
    } else if (await this.keyedOnLeadAndModel(table)) {
      await c.run(renderSql(insertOrReplaceTemplate, fragments), params);
    } else {
      await c.run(renderSql(deleteTemplate, fragments), { model_id: run.modelId });
      await c.run(renderSql(insertTemplate, fragments), params);
    }
  }

  /**
   * Whether `table` has a primary key or unique constraint on exactly (lead_id, model_id), as the
   * tables this writer created before the key was dropped do; those are upserted with
   * `insert or replace`.
   */
  private async keyedOnLeadAndModel(table: string): Promise<boolean> {
    const reader = await this.connection.runAndReadAll(
      `select count(*)::integer as n from duckdb_constraints()
       where database_name = current_database() and schema_name = current_schema() and table_name = $table
         and constraint_type in ('PRIMARY KEY', 'UNIQUE')
         and list_sort(constraint_column_names) = ['lead_id', 'model_id']`,
      { table },
    );
    return Number(reader.getRowObjectsJS()[0].n) > 0;
  }

  private async modelHasRows(target: string, modelId: string): Promise<boolean> {
    const reader = await this.connection.runAndReadAll(`select exists (select 1 from ${target} where model_id = $model_id) as found`, {
      model_id: modelId,
    });
    return reader.getRowObjectsJS()[0].found === true;
  }

  /** Row count of a table, for summaries and tests. */
  async count(table: string): Promise<number> {
    const reader = await this.connection.runAndReadAll(`select count(*)::integer as n from ${ident(table)}`);
    return Number(reader.getRowObjectsJS()[0].n);
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
