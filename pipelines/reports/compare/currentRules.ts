/**
 * The current rule file, rule by rule, on the holdout leads: for every fit option (each answer
 * of a question has its own points, so each is judged on its own), every disqualifier and every
 * engagement rule, which leads it fired for and the points it gave them. Read from the rule
 * engine's own explanations (explainLead), so "fired" means exactly what scoring did, caps and
 * decay included.
 */
import { describeMatcher, formatBand, formatPoints } from '../../../models/rules/describeRule.ts';
import type { FiredRule } from '../../../models/rules/explainLead.ts';
import type { EngagementRule, RuleSet } from '../../../models/rules/ruleSet.ts';

export interface CurrentRuleLine {
  /** `title` for a rule, `title#2` for a fit rule's third option. */
  key: string;
  ruleId: string;
  part: 'fit' | 'disqualifier' | 'engagement';
  /** The rule's name. */
  rule: string;
  /** What it tests: `job_title matches /^vp/i`, `form_submit in the last 90 days`. */
  condition: string;
  /** Its points as written: `4`, `20 each, cap 40`, `1–2: 5, 3+: 10`, `never an MQL`. */
  points: string;
  /** +1 when it claims the leads it fires for convert more (points > 0), −1 for a penalty or disqualifier. */
  direction: 1 | -1;
  /** The attribute a fit rule or disqualifier reads; null for engagement rules. */
  attribute: string | null;
  /** The event types an engagement rule counts; empty otherwise. */
  eventTypes: string[];
  /** 1 where it fired for the lead. */
  fired: Uint8Array;
  /** The points it gave each lead (after its cap and decay; 0 for a disqualifier). */
  given: Float64Array;
}

function engagementPoints(rule: EngagementRule): string {
  const scoring =
    rule.scoring.kind === 'per_occurrence'
      ? `${formatPoints(rule.scoring.points)} each`
      : rule.scoring.bands.map((band) => `${formatBand(band)}: ${formatPoints(band.points)}`).join(', ');
  return [scoring, rule.cap === null ? null : `cap ${formatPoints(rule.cap)}`].filter(Boolean).join(', ');
}

function engagementDirection(rule: EngagementRule): 1 | -1 {
  const points = rule.scoring.kind === 'per_occurrence' ? [rule.scoring.points] : rule.scoring.bands.map((band) => band.points);
  const strongest = points.reduce((best, p) => (Math.abs(p) > Math.abs(best) ? p : best), 0);
  return strongest < 0 ? -1 : 1;
}

/** Every rule line of `ruleSet` on `rows` leads, `explain(i)` giving lead i's fired rules. */
export function currentRuleLines(ruleSet: RuleSet, explain: (row: number) => FiredRule[], rows: number): CurrentRuleLine[] {
  const lines: CurrentRuleLine[] = [];
  const byKey = new Map<string, CurrentRuleLine>();
  const add = (line: Omit<CurrentRuleLine, 'fired' | 'given'>) => {
    const full = { ...line, fired: new Uint8Array(rows), given: new Float64Array(rows) };
    lines.push(full);
    byKey.set(line.key, full);
  };
  for (const rule of ruleSet.fit) {
    rule.options.forEach((option, o) =>
      add({
        key: rule.options.length === 1 ? rule.id : `${rule.id}#${o}`,
        ruleId: rule.id,
        part: 'fit',
        rule: rule.name,
        condition: `${rule.attribute} ${describeMatcher(option.matcher)}`,
        points: formatPoints(option.points),
        direction: option.points < 0 ? -1 : 1,
        attribute: rule.attribute,
        eventTypes: [],
      }),
    );
  }
  for (const rule of ruleSet.disqualifiers) {
    add({
      key: rule.id,
      ruleId: rule.id,
      part: 'disqualifier',
      rule: rule.name,
      condition: `${rule.attribute} ${describeMatcher(rule.matcher)}`,
      points: 'never an MQL',
      direction: -1,
      attribute: rule.attribute,
      eventTypes: [],
    });
  }
  for (const rule of ruleSet.engagement) {
    add({
      key: rule.id,
      ruleId: rule.id,
      part: 'engagement',
      rule: rule.name,
      condition: `${rule.eventTypes.join(' or ')}${rule.windowDays === null ? '' : ` in the last ${rule.windowDays} days`}`,
      points: engagementPoints(rule),
      direction: engagementDirection(rule),
      attribute: null,
      eventTypes: rule.eventTypes,
    });
  }
  const fitRules = new Map(ruleSet.fit.map((rule) => [rule.id, rule]));
  for (let i = 0; i < rows; i++) {
    for (const fired of explain(i)) {
      let key: string | undefined;
      if (fired.kind === 'fit') {
        const rule = fitRules.get(fired.id)!;
        // The explanation names the option's matcher; with its points that identifies the option.
        const o = rule.options.findIndex((option) => option.points === fired.points && fired.detail.endsWith(`(${describeMatcher(option.matcher)})`));
        key = rule.options.length === 1 ? rule.id : `${rule.id}#${Math.max(0, o)}`;
      } else if (fired.kind === 'disqualifier' || fired.kind === 'engagement') {
        key = fired.id;
      }
      const line = key === undefined ? undefined : byKey.get(key);
      if (!line) continue;
      line.fired[i] = 1;
      line.given[i] += fired.points;
    }
  }
  return lines;
}
