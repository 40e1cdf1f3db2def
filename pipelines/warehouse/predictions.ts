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

/** One predictions column as a whole: doubles or strings, or null when the column is null throughout. */
export type PredictionColumnArray =
  | { name: string; kind: 'double'; values: Float64Array | null }
  | { name: string; kind: 'varchar'; values: ReadonlyArray<string | null> | null };

/** The batch's columns in predictionColumns order, for writers that go column by column. */
export function predictionColumnArrays(b: PredictionBatch): PredictionColumnArray[] {
  const r = b.rules;
  const columns: PredictionColumnArray[] = [
    { name: 'lead_id', kind: 'varchar', values: b.leadIds },
    { name: 'probability', kind: 'double', values: b.probability },
    { name: 'rule_score', kind: 'double', values: r?.ruleScore ?? null },
    { name: 'fit_score', kind: 'double', values: r?.fitScore ?? null },
    { name: 'engagement_score', kind: 'double', values: r?.engagementScore ?? null },
    { name: 'blended_score', kind: 'double', values: b.blendedScore },
    { name: 'grade', kind: 'varchar', values: r?.grade ?? null },
    { name: 'matrix_cell', kind: 'varchar', values: r?.matrixCell ?? null },
    { name: 'temperature', kind: 'varchar', values: b.temperature },
    { name: 'status', kind: 'varchar', values: b.status ?? r?.status ?? null },
    { name: 'top_reasons', kind: 'varchar', values: b.topReasons },
  ];
  // Kept in step with predictionColumns by construction, checked here so a new column cannot be forgotten.
  if (columns.length !== predictionColumns.length || columns.some((c, j) => c.name !== predictionColumns[j][0])) {
    throw new Error('predictionColumnArrays is out of step with predictionColumns');
  }
  return columns;
}

/** Run columns, filled from the ScoringRun rather than the batch. */
export const runColumns = [
  ['model_id', 'varchar not null'],
  ['run_id', 'varchar not null'],
  ['scored_at', 'timestamp not null'],
] as const;
