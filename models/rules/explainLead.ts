/**
 * One lead's rule score, line by line: every fit rule and engagement rule that fired with the
 * points it gave (after its own cap and decay), every disqualifier that matched, and a line for
 * each limit that trimmed points (a group, the fit or engagement part, the total). The lines'
 * points add up to the lead's `points`.
 */
import type { CompiledRules } from './compileRules.ts';
import { describeMatcher, formatBand, formatPoints, formatRange } from './describeRule.ts';
import type { EngagementPoints } from './engagementPoints.ts';
import type { EngagementRule, RulePart } from './ruleSet.ts';

export interface FiredRule {
  kind: 'fit' | 'disqualifier' | 'engagement' | 'group_limit' | 'fit_limit' | 'engagement_limit' | 'total_limit';
  /** Rule id; the group name for a group limit; `fit`, `engagement` or `total` for the others. */
  id: string;
  name: string;
  /** Points added to the lead's total; a limit's line is negative (what it took away), a disqualifier's 0. */
  points: number;
  /** `job_title = VP, Sales (matches /^vp/i)`, `3 × pricing_page_view in the last 30 days: 3 × 5 = 15, capped at 10`. */
  detail: string;
}

export function explainLead(compiled: CompiledRules, engagement: EngagementPoints, row: number): FiredRule[] {
  const { ruleSet } = compiled;
  const lines: FiredRule[] = [];
  const free: Record<RulePart, number> = { fit: 0, engagement: 0 };
  const groupSums = new Map<string, number>();
  const add = (part: RulePart, group: string | null, points: number) => {
    if (group === null) free[part] += points;
    else groupSums.set(group, (groupSums.get(group) ?? 0) + points);
  };

  ruleSet.fit.forEach((rule, j) => {
    const test = compiled.fit[j];
    const option = test.optionAt(row);
    if (option < 0) return;
    const points = rule.options[option].points;
    add('fit', rule.group, points);
    const detail = `${rule.attribute} = ${test.valueText(row)} (${describeMatcher(rule.options[option].matcher)})`;
    lines.push({ kind: 'fit', id: rule.id, name: rule.name, points, detail });
  });

  ruleSet.disqualifiers.forEach((rule, d) => {
    const test = compiled.disqualifiers[d];
    if (test.optionAt(row) < 0) return;
    const detail = `${rule.attribute} = ${test.valueText(row)} (${describeMatcher(rule.matcher)}): never an MQL`;
    lines.push({ kind: 'disqualifier', id: rule.id, name: rule.name, points: 0, detail });
  });

  for (let x = engagement.start[row]; x < engagement.start[row + 1]; x++) {
    const rule = ruleSet.engagement[engagement.rule[x]];
    add('engagement', rule.group, engagement.points[x]);
    lines.push({ kind: 'engagement', id: rule.id, name: rule.name, points: engagement.points[x], detail: engagementDetail(rule, engagement, x) });
  }

  const part: Record<RulePart, number> = { ...free };
  for (const group of ruleSet.groups) {
    const sum = groupSums.get(group.name) ?? 0;
    part[group.part] += Math.min(sum, group.limit);
    if (sum > group.limit) {
      lines.push({
        kind: 'group_limit',
        id: group.name,
        name: `group ${group.name}`,
        points: group.limit - sum,
        detail: `group "${group.name}" gives at most ${formatPoints(group.limit)} points; its rules gave ${formatPoints(sum)}`,
      });
    }
  }
  const trim = (kind: FiredRule['kind'], id: string, sum: number, limit: number, what: string) => {
    if (sum <= limit) return sum;
    lines.push({ kind, id, name: `${id} limit`, points: limit - sum, detail: `${what} is limited to ${formatPoints(limit)} points; the rules gave ${formatPoints(sum)}` });
    return limit;
  };
  const fit = trim('fit_limit', 'fit', part.fit, ruleSet.limits.fit, 'fit');
  const engaged = trim('engagement_limit', 'engagement', part.engagement, ruleSet.limits.engagement, 'engagement');
  trim('total_limit', 'total', fit + engaged, ruleSet.limits.total, 'the total');
  return lines;
}

function engagementDetail(rule: EngagementRule, engagement: EngagementPoints, x: number): string {
  const occurrences = engagement.occurrences[x];
  const raw = engagement.rawPoints[x];
  const decayed = engagement.decayedPoints[x];
  const capped = engagement.cappedPoints[x];
  const points = engagement.points[x];
  let text = `${occurrences} × ${rule.eventTypes.join(' or ')}`;
  if (rule.value) text += ` with value ${formatRange(rule.value.min, rule.value.max)}`;
  if (rule.windowDays !== null) text += ` in the last ${rule.windowDays} days`;
  if (rule.scoring.kind === 'per_occurrence') {
    text += `: ${occurrences} × ${formatPoints(rule.scoring.points)} = ${formatPoints(raw)}`;
  } else {
    const band = rule.scoring.bands.find((b) => occurrences >= b.min && (b.max === null || occurrences <= b.max));
    text += band ? `: band ${formatBand(band)} gives ${formatPoints(raw)}` : ': no frequency band for this count, 0';
  }
  if (rule.decay.kind === 'half_life') text += `, decayed (half-life ${rule.decay.days} days) to ${formatPoints(decayed)}`;
  if (capped !== decayed) text += `, capped at ${formatPoints(capped)}`;
  if (rule.decay.kind === 'weekly_loss' && engagement.inactiveWeeks[x] > 0) {
    const weeks = engagement.inactiveWeeks[x];
    text += `, minus ${formatPoints(rule.decay.pointsPerWeek)} per week for ${weeks} full week${weeks === 1 ? '' : 's'} without activity: ${formatPoints(points)}`;
  }
  return text;
}
