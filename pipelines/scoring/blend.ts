/**
 * How the model's probability and the rule score become one blended score (0–100).
 *
 * - `weighted` (the config's `blend.weight`): 100 × (w · probability + (1 − w) · rule_score / 100).
 *   Easy to explain, but the two inputs live on different scales, so w is a judgement call.
 * - `stacked` (`score --learn-blend`): a logistic regression of the outcome on the model's
 *   log-odds and the rule score, fitted on the model's holdout (learnBlend.ts):
 *   100 × σ(intercept + model · logit(probability) + rules · rule_score / 100). Its output is a
 *   probability of conversion again, so the temperature cut-offs keep their meaning.
 * Without rules the blended score is the probability × 100 whatever the blend.
 */
import { logit, sigmoid } from '../../models/calibration/logit.ts';

export type Blend =
  | { kind: 'weighted'; weight: number }
  | { kind: 'stacked'; intercept: number; model: number; rules: number };

export type StackedBlend = Extract<Blend, { kind: 'stacked' }>;

/** One lead's blended score, 0–100; `ruleScore` is 0–100 or null without rules. */
export function blendOne(blend: Blend, probability: number, ruleScore: number | null): number {
  if (ruleScore === null) return 100 * probability;
  if (blend.kind === 'weighted') return 100 * (blend.weight * probability + (1 - blend.weight) * (ruleScore / 100));
  return 100 * sigmoid(blend.intercept + blend.model * logit(probability) + blend.rules * (ruleScore / 100));
}

/** Blended scores of many leads. */
export function blendScores(blend: Blend, probability: Float64Array, ruleScore: Float64Array | null): Float64Array {
  const out = new Float64Array(probability.length);
  for (let i = 0; i < out.length; i++) out[i] = blendOne(blend, probability[i], ruleScore ? ruleScore[i] : null);
  return out;
}

/** The blend in one line, for logs and summaries. */
export function describeBlend(blend: Blend): string {
  if (blend.kind === 'weighted') return `100 × (${fmt(blend.weight)} × probability + ${fmt(1 - blend.weight)} × rule_score / 100)`;
  const sign = (v: number) => (v < 0 ? `− ${fmt(-v)}` : `+ ${fmt(v)}`);
  return `100 × σ(${fmt(blend.intercept)} ${sign(blend.model)} × logit(probability) ${sign(blend.rules)} × rule_score / 100)`;
}

function fmt(value: number): string {
  return Number(value.toPrecision(4)).toString();
}
