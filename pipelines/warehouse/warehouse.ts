/**
 * What the scorer needs from a warehouse, whichever it is: the embedded DuckDB file (default) or
 * PostgreSQL (pipelines/warehouse/postgres*). Every implementation writes a run all or nothing
 * and records it in the `leadscore_runs` ledger.
 */
import type { ResolvedConfig } from '../../data/config.ts';
import { DuckDbWarehouse } from './duckdbWarehouse.ts';
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

/** Opens the warehouse the config's `output` names. */
export async function openWarehouse(output: ResolvedConfig['output']): Promise<PredictionWarehouse> {
  return DuckDbWarehouse.open(output.warehouse);
}
