/** The scorer's output, as handed to any warehouse writer (DuckDB here, PostgreSQL later). */

export type Temperature = 'hot' | 'warm' | 'cold';

/** Predictions for many leads, column by column. */
export interface PredictionBatch {
  leadIds: string[];
  /** Probability of conversion. */
  probability: Float64Array;
  temperature: Temperature[];
  /** Each lead's top reasons, as a JSON array of strings. */
  topReasons: string[];
}

export interface ScoringRun {
  runId: string;
  modelId: string;
  scoredAt: Date;
}

/** Columns of the predictions table, in order, with their DuckDB types. */
export const predictionColumns = [
  ['lead_id', 'varchar not null'],
  ['probability', 'double not null'],
  ['temperature', 'varchar not null'],
  ['top_reasons', 'varchar'],
  ['model_id', 'varchar not null'],
  ['run_id', 'varchar not null'],
  ['scored_at', 'timestamp not null'],
] as const;
