/**
 * From a lead's scores to its grade, band, matrix cell, temperature, lifecycle status and
 * quadrant, with the rule set's cut-offs turned into small arrays once.
 *
 * Conventions (as in the lead-scoring matrix of marketing-automation tools): grade A and band 1
 * are best; "at least B" means A or B, "at least band 2" means band 1 or 2.
 * Status: an outcome of `lost` makes the lead `recycled` (it stays scored and nurtured); the
 * sales-accepted flag or an outcome of `won` makes it `sales_accepted`; otherwise it is an `MQL`
 * when it is not disqualified and meets the MQL agreement (score, grade and band), else `new`.
 * A disqualified lead is also always cold.
 * Quadrants: fit and pain ratings are the 0–100 fit and engagement scores in tenths, rounded up,
 * at least 1 (so 1–10); a rating of at least `high_from` is high.
 */
import { LEAD_STATUSES, TEMPERATURES, matrixCells, type RuleSet } from './ruleSet.ts';

export type OutcomeStatus = 'won' | 'lost' | 'open';

const HOT = TEMPERATURES.indexOf('hot');
const WARM = TEMPERATURES.indexOf('warm');
const COLD = TEMPERATURES.indexOf('cold');
export const STATUS = {
  new: LEAD_STATUSES.indexOf('new'),
  mql: LEAD_STATUSES.indexOf('MQL'),
  salesAccepted: LEAD_STATUSES.indexOf('sales_accepted'),
  recycled: LEAD_STATUSES.indexOf('recycled'),
};

export class Grading {
  readonly cells: string[];
  readonly bandCount: number;
  private readonly gradeMin: Float64Array;
  private readonly bandMin: Float64Array;
  /** Temperature of each matrix cell, when temperature comes from the matrix. */
  private readonly cellTemperature: Uint8Array | null;
  private readonly hot: number;
  private readonly warm: number;
  private readonly mqlScore: number;
  private readonly mqlGrade: number;
  private readonly mqlBand: number;
  private readonly highFrom: number;

  constructor(readonly ruleSet: RuleSet) {
    this.cells = matrixCells(ruleSet);
    this.bandCount = ruleSet.bands.length;
    this.gradeMin = Float64Array.from(ruleSet.grades, (g) => g.min);
    this.bandMin = Float64Array.from(ruleSet.bands);
    const t = ruleSet.temperature;
    this.cellTemperature =
      t.by === 'matrix' ? Uint8Array.from(this.cells, (cell) => (t.hot.includes(cell) ? HOT : t.warm.includes(cell) ? WARM : COLD)) : null;
    this.hot = t.by === 'score' ? t.hot : Infinity;
    this.warm = t.by === 'score' ? t.warm : Infinity;
    const { mql } = ruleSet;
    this.mqlScore = mql.minScore;
    this.mqlGrade = mql.fitGradeAtLeast === null ? Infinity : ruleSet.grades.findIndex((g) => g.letter === mql.fitGradeAtLeast);
    this.mqlBand = mql.engagementBandAtLeast === null ? Infinity : mql.engagementBandAtLeast - 1;
    this.highFrom = ruleSet.quadrants?.highFrom ?? Infinity;
  }

  /** 0 = the best grade. The last grade starts at 0, so every score ≥ 0 has one. */
  gradeIndex(fitScore: number): number {
    let g = 0;
    while (fitScore < this.gradeMin[g]) g++;
    return g;
  }

  /** 0 = band 1, the most engaged. */
  bandIndex(engagementScore: number): number {
    let b = 0;
    while (engagementScore < this.bandMin[b]) b++;
    return b;
  }

  temperature(cell: number, score: number, disqualified: boolean): number {
    if (disqualified) return COLD;
    if (this.cellTemperature) return this.cellTemperature[cell];
    return score >= this.hot ? HOT : score >= this.warm ? WARM : COLD;
  }

  status(grade: number, band: number, score: number, disqualified: boolean, outcome: OutcomeStatus | null | undefined, salesAccepted: boolean): number {
    if (outcome === 'lost') return STATUS.recycled;
    if (salesAccepted || outcome === 'won') return STATUS.salesAccepted;
    if (this.qualifies(grade, band, disqualified) && score >= this.mqlScore) return STATUS.mql;
    return STATUS.new;
  }

  /**
   * The MQL agreement's demographic and behavioural qualifiers, whatever the score: not
   * disqualified, grade and band good enough. The scorer's capacity threshold replaces only the
   * score part of the agreement, so it needs this on its own.
   */
  qualifies(grade: number, band: number, disqualified: boolean): boolean {
    return !disqualified && grade <= this.mqlGrade && band <= this.mqlBand;
  }

  /** A 0–100 score as a 1–10 rating. */
  rating(score: number): number {
    const tenths = Math.ceil(score / 10);
    return tenths < 1 ? 1 : tenths;
  }

  /** Index into QUADRANTS (ruleSet.ts). */
  quadrant(fitRating: number, painRating: number): number {
    return (painRating >= this.highFrom ? 0 : 2) + (fitRating >= this.highFrom ? 0 : 1);
  }
}
