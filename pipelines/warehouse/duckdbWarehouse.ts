/**
 * The embedded default warehouse: a DuckDB file. A write either lands whole or not at all:
 * rows go to a staging table, then one transaction upserts them into the target (primary key
 * lead_id, model_id) and records the run in the `leadscore_runs` ledger.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, DuckDBTimestampValue, type DuckDBConnection } from '@duckdb/node-api';
import { LeadscoreError } from '../../core/errors.ts';
import { ident } from '../../core/sql.ts';
import { predictionColumns, runColumns, type PredictionBatch, type ScoringRun } from './predictions.ts';
import type { PredictionWarehouse } from './warehouse.ts';
import { appendPredictions } from './appendPredictions.ts';

const ledgerTable = 'leadscore_runs';

function timestampValue(date: Date): DuckDBTimestampValue {
  return new DuckDBTimestampValue(BigInt(date.getTime()) * 1000n);
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
    const columnsDdl = [...predictionColumns, ...runColumns].map(([name, type]) => `${ident(name)} ${type}`).join(', ');
    const started = new Date();
    const c = this.connection;
    await c.run(`create table if not exists ${target} (${columnsDdl}, primary key (lead_id, model_id))`);
    await c.run(
      `create table if not exists ${ident(ledgerTable)} (run_id varchar primary key, model_id varchar, target_table varchar,
         started_at timestamp, finished_at timestamp, rows bigint, status varchar)`,
    );
    await c.run('drop table if exists predictions_staging');
    await c.run(`create temp table predictions_staging (${columnsDdl})`);
    try {
      const appender = await c.createAppender('predictions_staging', 'main', 'temp');
      appendPredictions(appender, batch, run);
      appender.closeSync();
      await c.run('begin transaction');
      try {
        await c.run(`insert or replace into ${target} select * from predictions_staging`);
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
      await c.run('drop table if exists predictions_staging');
    }
    return batch.leadIds.length;
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
