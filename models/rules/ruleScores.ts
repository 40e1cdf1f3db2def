/**
 * The rule scores of every lead of a frame, by column (frame row order). Categorical results are
 * codes into small dictionaries, like the frame's categoricals, so a million leads cost typed
 * arrays rather than millions of array slots; `labels(row)` and `labelColumns()` give the text.
 *
 * Scale: points pass the rules' caps, then group limits, then limits.fit / limits.engagement,
 * then limits.total; score = max(0, points) / limits.total × 100 (negative totals show as 0,
 * the raw points stay in `points`). The fit and engagement scores scale their part the same way
 * by its own limit.
 */
import type { FiredRule } from './explainLead.ts';
import type { LeadStatus, Temperature } from './ruleSet.ts';

export interface RuleScores {
  rows: number;
  leadIds: string[];
  /** Fit points after group limits and limits.fit (may be negative). */
  fitPoints: Float64Array;
  /** Engagement points after caps, decay, group limits and limits.engagement. */
  engagementPoints: Float64Array;
  /** Fit plus engagement points after limits.total (may be negative). */
  points: Float64Array;
  /** 0–100. */
  score: Float64Array;
  /** 0–100. */
  fitScore: Float64Array;
  /** 0–100. */
  engagementScore: Float64Array;
  /** Index into gradeLetters; 0 is the best grade. */
  grade: Uint8Array;
  gradeLetters: string[];
  /** Engagement band, 1 = most engaged. */
  band: Uint8Array;
  /** Index into cells (A1, A2, ..., grade-major). */
  matrixCell: Uint8Array;
  cells: string[];
  /** Index into TEMPERATURES (hot, warm, cold). */
  temperature: Uint8Array;
  /** Index into LEAD_STATUSES (new, MQL, sales_accepted, recycled). */
  status: Uint8Array;
  /** 1 when a disqualifier matched: never an MQL, always cold. */
  disqualified: Uint8Array;
  /** 1 when the lead meets the MQL agreement's qualifiers (not disqualified, grade and band), whatever its score. */
  qualified: Uint8Array;
  /** The first matching disqualifier (index into ruleSet.disqualifiers), -1 = none. */
  disqualifiedBy: Int16Array;
  /** Present when the rule set declares quadrants (pain × fit). */
  quadrants: QuadrantScores | null;
  /** The rules behind row's points, line by line. */
  explain(row: number): FiredRule[];
  /** Row's categorical results as text. */
  labels(row: number): RuleScoreLabels;
  /** Every categorical result as text columns (for writing to a warehouse); each column is built when first read. */
  labelColumns(): { [K in keyof RuleScoreLabels]: Array<RuleScoreLabels[K]> };
}

export interface QuadrantScores {
  /** Fit rating 1–10. */
  fitRating: Uint8Array;
  /** Pain (engagement) rating 1–10. */
  painRating: Uint8Array;
  /** Index into names (QUADRANTS order). */
  quadrant: Uint8Array;
  names: string[];
}

export interface RuleScoreLabels {
  grade: string;
  matrixCell: string;
  temperature: Temperature;
  status: LeadStatus;
  disqualifiedBy: string | null;
  quadrant: string | null;
}
