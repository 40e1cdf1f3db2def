/**
 * Checks a rule set against the data it will score: every attribute a rule reads exists with a
 * kind its matchers fit, and every event type exists. Run at load or validate time, so a typo in
 * a rule file fails before any scoring.
 */
import type { FeatureKind } from '../../features/frame/featureFrame.ts';
import { RuleProblems } from './ruleProblems.ts';
import type { Disqualifier, FitRule, Matcher, RuleSet } from './ruleSet.ts';

export interface RuleData {
  attributes: ReadonlyArray<{ name: string; kind: FeatureKind }>;
  eventTypes: readonly string[];
}

export function checkRulesAgainstData(ruleSet: RuleSet, data: RuleData): void {
  const problems = new RuleProblems();
  const kinds = new Map(data.attributes.map((a) => [a.name, a.kind]));
  const attributeRules: Array<{ rule: FitRule | Disqualifier; matchers: Matcher[] }> = [
    ...ruleSet.fit.map((rule) => ({ rule, matchers: rule.options.map((o) => o.matcher) })),
    ...ruleSet.disqualifiers.map((rule) => ({ rule, matchers: [rule.matcher] })),
  ];
  for (const { rule, matchers } of attributeRules) {
    const kind = kinds.get(rule.attribute);
    if (kind === undefined) {
      problems.add(rule.label, `attribute ${JSON.stringify(rule.attribute)} is not in the data${suggestion(rule.attribute, [...kinds.keys()], 'attributes')}`);
      continue;
    }
    for (const matcher of matchers) {
      const problem = kindProblem(matcher, kind);
      if (problem) problems.add(rule.label, `attribute ${JSON.stringify(rule.attribute)} is ${kind}: ${problem}`);
    }
  }
  const eventTypes = new Set(data.eventTypes);
  for (const rule of ruleSet.engagement) {
    for (const type of rule.eventTypes) {
      if (!eventTypes.has(type)) {
        const hint = data.eventTypes.length ? suggestion(type, data.eventTypes, 'event types') : ' (the data has no events)';
        problems.add(rule.label, `event type ${JSON.stringify(type)} is not in the data${hint}`);
      }
    }
  }
  problems.throwIfAny(ruleSet.where, 'rule files name attributes and event types exactly as the data does');
}

function kindProblem(matcher: Matcher, kind: FeatureKind): string | null {
  if (kind === 'categorical') {
    if (matcher.kind === 'range') return 'a range needs a numeric attribute (use equals, in or pattern)';
    return null;
  }
  if (matcher.kind === 'pattern') return 'a pattern needs a categorical attribute (use range or equals)';
  const values = matcher.kind === 'equals' ? [matcher.value] : matcher.kind === 'in' ? matcher.values : [];
  const text = values.find((value) => typeof value !== 'number');
  return text === undefined ? null : `${JSON.stringify(text)} is not a number`;
}

/** ` (did you mean "job_title"? attributes: ...)`: the closest name when one is close. */
function suggestion(name: string, known: readonly string[], what: string): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  const close = best !== undefined && bestDistance <= Math.max(2, Math.floor(Math.max(name.length, best.length) / 3));
  return ` (${close ? `did you mean ${JSON.stringify(best)}? ` : ''}${what}: ${known.join(', ')})`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
