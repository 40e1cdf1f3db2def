/**
 * The suggested points next to the current ones, condition by condition, on the same leads: how
 * many leads meet the condition, how many converted, the points the scorecard suggests, and the
 * mean points the current rules on the same attribute (fit) or the same event types
 * (engagement) gave those leads. A mean, because current rules cut the same leads differently
 * (their own ranges, windows, decay and caps).
 */
import { formatBand } from '../../../models/rules/describeRule.ts';
import type { CurrentRuleLine } from './currentRules.ts';
import { scorecardLineOf, type Scorecard, type ScorecardCondition, type ScorecardRule } from './scorecard.ts';
import type { FeatureFrame } from '../../../features/frame/featureFrame.ts';

export interface SuggestedPointsRow {
  ruleId: string;
  feature: string;
  part: 'fit' | 'engagement';
  /** `= web`, `40 to under 70`, `any other value`, `is missing`, `1–2 form_submit in 30 days`. */
  condition: string;
  suggested: number;
  /** The model's log-odds for it, relative to the rule's zero (unrounded). */
  logOdds: number;
  leads: number;
  converted: number;
  /** converted / leads; null without leads. */
  rate: number | null;
  /** Mean points the related current rules gave these leads; null when none is related or no lead meets it. */
  current: number | null;
  /** Keys of the related current rule lines. */
  currentRules: string[];
}

export function describeCondition(rule: ScorecardRule, condition: ScorecardCondition): string {
  switch (condition.kind) {
    case 'equals':
      return `= ${condition.values[0]}`;
    case 'other':
      return 'any other value';
    case 'missing':
      return 'is missing';
    case 'range':
      if (condition.min === null) return `under ${condition.max}`;
      if (condition.max === null) return `${condition.min} or more`;
      return `${condition.min} to under ${condition.max}`;
    case 'count': {
      const events = rule.eventTypes.length === 1 ? rule.eventTypes[0] : `event${condition.min === 1 && condition.max === 1 ? '' : 's'} of any type`;
      const window = rule.windowDays === null ? '' : ` in ${rule.windowDays} days`;
      return `${formatBand({ min: condition.min, max: condition.max, points: 0 })} ${events}${window}`;
    }
  }
}

function related(rule: ScorecardRule, line: CurrentRuleLine): boolean {
  if (rule.part === 'fit') return line.part === 'fit' && line.attribute === rule.feature;
  return line.part === 'engagement' && line.eventTypes.some((type) => rule.eventTypes.includes(type));
}

export function suggestedVsCurrent(
  scorecard: Scorecard,
  frame: FeatureFrame,
  y: ArrayLike<number>,
  current: readonly CurrentRuleLine[] | null,
): SuggestedPointsRow[] {
  const rows: SuggestedPointsRow[] = [];
  for (const rule of scorecard.rules) {
    const lineOf = scorecardLineOf(rule, frame);
    const relatedLines = current ? current.filter((line) => related(rule, line)) : [];
    const leads = new Float64Array(rule.lines.length);
    const converted = new Float64Array(rule.lines.length);
    const currentSum = new Float64Array(rule.lines.length);
    for (let i = 0; i < frame.rows; i++) {
      const k = lineOf[i];
      if (k < 0) continue;
      leads[k]++;
      converted[k] += y[i] === 1 ? 1 : 0;
      for (const line of relatedLines) currentSum[k] += line.given[i];
    }
    rule.lines.forEach((line, k) =>
      rows.push({
        ruleId: rule.id,
        feature: rule.feature,
        part: rule.part,
        condition: describeCondition(rule, line.condition),
        suggested: line.points,
        logOdds: line.logOdds,
        leads: leads[k],
        converted: converted[k],
        rate: leads[k] ? converted[k] / leads[k] : null,
        current: relatedLines.length && leads[k] ? currentSum[k] / leads[k] : null,
        currentRules: relatedLines.map((l) => l.key),
      }),
    );
  }
  return rows;
}
