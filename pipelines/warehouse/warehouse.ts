/**
 * What the scorer needs from a warehouse, whichever it is: the embedded DuckDB file (default) or
 * PostgreSQL (pipelines/warehouse/postgres*). Every implementation writes a run all or nothing
 * and records it in the `leadscore_runs` ledger.
 */
import { postgresOptionsOf, type ResolvedConfig } from '../../data/config.ts';
import { DuckDbWarehouse } from './duckdbWarehouse.ts';
import { PostgresWarehouse } from './postgresWarehouse.ts';
import type { PredictionBatch, ScoringRun } from './predictions.ts';

export interface PredictionWarehouse {
  /** Where the predictions go, fit for logs and `--json` (never carries a password). */
  readonly description: string;
  /** Upserts one scoring run's predictions into `table`; all or nothing. Returns rows written. */
  writePredictions(table: string, batch: PredictionBatch, run: ScoringRun): Promise<number>;
  /** Row count of a table, for summaries and tests. */
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

/** Opens the warehouse the config's `output` names (`warehouse_type`, default the DuckDB file). */
export async function openWarehouse(config: Pick<ResolvedConfig, 'output' | 'postgres'>): Promise<PredictionWarehouse> {
  const { output } = config;
  if (output.warehouse_type === 'postgres') {
    return PostgresWarehouse.open({ connection: postgresOptionsOf(config), schema: output.schema, historyTable: output.history_table });
  }
  return DuckDbWarehouse.open(output.warehouse);
}
