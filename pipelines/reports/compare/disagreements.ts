/**
 * The leads where the rule score and the model disagree most. The two scores live on different
 * scales (points out of 100, a probability), so they are compared as percentiles within the
 * holdout: a lead at the model's 95th percentile and the rules' 10th disagrees by 85 points.
 * Percentiles use average ranks, so the thousands of leads tied on a rule score share one.
 */
import { InputError } from '../../../core/errors.ts';
import { averageRanks } from '../../../models/evaluation/rankCorrelation.ts';

export interface Disagreement {
  /** Row in the inputs. */
  index: number;
  /** 0–100: the share of leads the model ranks at or below this one (average rank / n). */
  modelPercentile: number;
  rulePercentile: number;
  /** modelPercentile − rulePercentile: positive when the model rates the lead higher. */
  gap: number;
}

export interface Disagreements {
  /** The model rates these far higher than the rules do, biggest gap first. */
  modelHigher: Disagreement[];
  /** The rules rate these far higher than the model does, biggest gap first. */
  rulesHigher: Disagreement[];
}

/** The `top` leads with the largest gap each way (ties in the gap by row, so the result is stable). */
export function mostDisagreeing(modelScore: ArrayLike<number>, ruleScore: ArrayLike<number>, top: number): Disagreements {
  const n = modelScore.length;
  if (ruleScore.length !== n) throw new InputError(`mostDisagreeing: ${n} model scores but ${ruleScore.length} rule scores`);
  if (!Number.isInteger(top) || top < 0) throw new InputError(`mostDisagreeing: top must be a whole number ≥ 0, got ${top}`);
  if (n === 0) return { modelHigher: [], rulesHigher: [] };
  const modelRanks = averageRanks(modelScore);
  const ruleRanks = averageRanks(ruleScore);
  const all: Disagreement[] = Array.from({ length: n }, (_, index) => {
    const modelPercentile = (100 * modelRanks[index]) / n;
    const rulePercentile = (100 * ruleRanks[index]) / n;
    return { index, modelPercentile, rulePercentile, gap: modelPercentile - rulePercentile };
  });
  const modelHigher = all.filter((d) => d.gap > 0).sort((a, b) => b.gap - a.gap || a.index - b.index);
  const rulesHigher = all.filter((d) => d.gap < 0).sort((a, b) => a.gap - b.gap || a.index - b.index);
  return { modelHigher: modelHigher.slice(0, top), rulesHigher: rulesHigher.slice(0, top) };
}
