/** The scorer's output, as handed to any warehouse writer (DuckDB here, PostgreSQL later). */

export type Temperature = 'hot' | 'warm' | 'cold';

/** The rule engine's side of each prediction; absent when the config declares no rules. */
export interface RuleColumns {
  ruleScore: Float64Array;
  fitScore: Float64Array;
  engagementScore: Float64Array;
  grade: string[];
  matrixCell: string[];
  status: string[];
}

/** Predictions for many leads, column by column. */
export interface PredictionBatch {
  leadIds: string[];
  /** Calibrated probability of conversion. */
  probability: Float64Array;
  /** 0–100: the probability blended with the rule score (the probability × 100 without rules). */
  blendedScore: Float64Array;
  temperature: Temperature[];
  /** Each lead's top reasons, as a JSON array of strings. */
  topReasons: string[];
  rules: RuleColumns | null;
  /**
   * Lifecycle status (new, MQL, sales_accepted, recycled), set by the scorer with or without
   * rules; when absent the column falls back to rules.status.
   */
  status?: string[];
}

export interface ScoringRun {
  runId: string;
  modelId: string;
  scoredAt: Date;
}

type Value = { kind: 'varchar'; value: string | null } | { kind: 'double'; value: number | null };

/** Columns of the predictions table, in order: name, DuckDB type, and the value for one row. */
export const predictionColumns: ReadonlyArray<readonly [string, string, (b: PredictionBatch, i: number) => Value]> = [
  ['lead_id', 'varchar not null', (b, i) => ({ kind: 'varchar', value: b.leadIds[i] })],
  ['probability', 'double not null', (b, i) => ({ kind: 'double', value: b.probability[i] })],
  ['rule_score', 'double', (b, i) => ({ kind: 'double', value: b.rules?.ruleScore[i] ?? null })],
  ['fit_score', 'double', (b, i) => ({ kind: 'double', value: b.rules?.fitScore[i] ?? null })],
  ['engagement_score', 'double', (b, i) => ({ kind: 'double', value: b.rules?.engagementScore[i] ?? null })],
  ['blended_score', 'double not null', (b, i) => ({ kind: 'double', value: b.blendedScore[i] })],
  ['grade', 'varchar', (b, i) => ({ kind: 'varchar', value: b.rules?.grade[i] ?? null })],
  ['matrix_cell', 'varchar', (b, i) => ({ kind: 'varchar', value: b.rules?.matrixCell[i] ?? null })],
  ['temperature', 'varchar not null', (b, i) => ({ kind: 'varchar', value: b.temperature[i] })],
  ['status', 'varchar', (b, i) => ({ kind: 'varchar', value: b.status?.[i] ?? b.rules?.status[i] ?? null })],
  ['top_reasons', 'varchar', (b, i) => ({ kind: 'varchar', value: b.topReasons[i] })],
];

/** Run columns, filled from the ScoringRun rather than the batch. */
export const runColumns = [
  ['model_id', 'varchar not null'],
  ['run_id', 'varchar not null'],
  ['scored_at', 'timestamp not null'],
] as const;
