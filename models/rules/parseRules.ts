/**
 * Validates a parsed rule file (YAML or JSON object) into a RuleSet: structure with zod, then
 * the normalisation below, then the cross-field checks of checkRuleSet. Every problem names the
 * rule by its position and name: `rules.fit[3] "Company size": ranges 50–200 and 100–500 overlap`.
 */
import type { z } from 'zod';
import { checkRuleSet } from './checkRuleSet.ts';
import { RuleProblems } from './ruleProblems.ts';
import {
  MATCHER_KEYS,
  ruleFileSchema,
  type RuleFile,
  type RuleFileEngagementRule,
  type RuleFileFitRule,
  type RuleFileMatcherFields,
} from './ruleFileSchema.ts';
import {
  QUADRANTS,
  type Decay,
  type Disqualifier,
  type EngagementRule,
  type EngagementScoring,
  type FitOption,
  type FitRule,
  type Matcher,
  type RuleGroup,
  type RuleSet,
  type TemperatureRule,
} from './ruleSet.ts';

const ruleSections = ['fit', 'disqualifiers', 'engagement'] as const;

/**
 * Validates `raw` into a RuleSet or throws a ConfigError listing every problem. `where` names
 * the source in messages; `prefix` starts each located key (`rules.` for a config key, so keys
 * read `rules.fit[3]`; loadRuleFile passes `file.yaml: `).
 */
export function parseRules(raw: unknown, where = 'rules', prefix = `${where}.`): RuleSet {
  const parsed = ruleFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = new RuleProblems();
    for (const issue of parsed.error.issues) problems.add(locateIssue(raw, issue, prefix), issue.message);
    problems.throwIfAny(where);
  }
  const problems = new RuleProblems();
  const ruleSet = normalise(parsed.data!, where, prefix, problems);
  problems.throwIfAny(where);
  checkRuleSet(ruleSet, prefix, problems);
  problems.throwIfAny(where);
  return ruleSet;
}

/** `rules.fit[3] "Company size"` for a rule, given the raw file it came from. */
export function ruleLabel(prefix: string, section: string, index: number, rule: { id?: unknown; name?: unknown } | undefined): string {
  const name = typeof rule?.name === 'string' ? rule.name : typeof rule?.id === 'string' ? rule.id : undefined;
  return `${prefix}${section}[${index}]${name === undefined ? '' : ` ${JSON.stringify(name)}`}`;
}

function keyPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('');
}

function locateIssue(raw: unknown, issue: z.core.$ZodIssue, prefix: string): string {
  const [section, index, ...rest] = issue.path;
  if (typeof section === 'string' && (ruleSections as readonly string[]).includes(section) && typeof index === 'number') {
    const rules = (raw as Record<string, unknown>)[section] as Array<Record<string, unknown>>;
    const label = ruleLabel(prefix, section, index, rules[index]);
    return rest.length ? `${label}: ${keyPath(rest)}` : label;
  }
  return issue.path.length ? `${prefix}${keyPath(issue.path)}` : prefix.replace(/[.:]\s*$/, '');
}

function normalise(file: RuleFile, where: string, prefix: string, problems: RuleProblems): RuleSet {
  const fit = file.fit.map((rule, i) => fitRule(rule, ruleLabel(prefix, 'fit', i, rule), problems));
  const disqualifiers = file.disqualifiers.map((rule, i): Disqualifier => {
    const label = ruleLabel(prefix, 'disqualifiers', i, rule);
    return { id: rule.id, name: rule.name ?? rule.id, label, attribute: rule.attribute, matcher: matcher(rule, label, '', problems) };
  });
  const engagement = file.engagement.map((rule, i) => engagementRule(rule, ruleLabel(prefix, 'engagement', i, rule), problems));
  const grades = Object.entries(file.grades).map(([letter, min]) => ({ letter, min }));
  const { hot, warm } = file.temperature;
  let temperature: TemperatureRule;
  if (typeof hot === 'number' && typeof warm === 'number') temperature = { by: 'score', hot, warm };
  else if (Array.isArray(hot) && Array.isArray(warm)) temperature = { by: 'matrix', hot, warm };
  else {
    problems.add(`${prefix}temperature`, 'hot and warm must both be scores (0–100) or both lists of matrix cells (A1, B2, ...)');
    temperature = { by: 'score', hot: 70, warm: 40 };
  }
  const quadrants = file.quadrants
    ? { highFrom: file.quadrants.high_from, names: QUADRANTS.map((q) => file.quadrants!.names[q]) as [string, string, string, string] }
    : null;
  // A group belongs to the part of its rules; checkRuleSet rejects a group mixing both or used by none.
  const groups = Object.entries(file.groups).map(([name, group]): RuleGroup => {
    const part = engagement.some((r) => r.group === name) && !fit.some((r) => r.group === name) ? 'engagement' : 'fit';
    return { name, limit: group.limit, part };
  });
  return {
    name: file.name,
    description: file.description,
    where,
    limits: {
      total: file.limits.total,
      fit: file.limits.fit ?? bestFitPoints(fit, groups),
      engagement: file.limits.engagement ?? file.limits.total,
    },
    groups,
    fit,
    disqualifiers,
    engagement,
    grades,
    bands: file.bands,
    temperature,
    mql: {
      minScore: file.mql.min_score,
      fitGradeAtLeast: file.mql.fit_grade_at_least ?? null,
      engagementBandAtLeast: file.mql.engagement_band_at_least ?? null,
    },
    quadrants,
  };
}

/** The most fit points a lead can reach: the default fit limit, so the best lead has fit score 100. */
function bestFitPoints(fit: FitRule[], groups: RuleGroup[]): number {
  const best = (rule: FitRule) => Math.max(0, ...rule.options.map((option) => option.points));
  let total = 0;
  for (const rule of fit) if (rule.group === null || !groups.some((g) => g.name === rule.group)) total += best(rule);
  for (const group of groups) {
    const inGroup = fit.filter((rule) => rule.group === group.name).reduce((sum, rule) => sum + best(rule), 0);
    total += Math.min(group.limit, inGroup);
  }
  return total;
}

function fitRule(rule: RuleFileFitRule, label: string, problems: RuleProblems): FitRule {
  const shorthand = MATCHER_KEYS.some((key) => rule[key] !== undefined) || rule.points !== undefined;
  let options: FitOption[] = [];
  if (rule.options && shorthand) {
    problems.add(label, 'give either options or one matcher with points on the rule itself, not both');
  } else if (rule.options) {
    options = rule.options.map((option, i) => ({ matcher: matcher(option, label, `options[${i}]: `, problems), points: option.points }));
  } else if (rule.points === undefined) {
    problems.add(label, 'needs options, or one matcher (equals, in, range, pattern, missing) with points');
  } else {
    options = [{ matcher: matcher(rule, label, '', problems), points: rule.points }];
  }
  return { id: rule.id, name: rule.name ?? rule.id, label, attribute: rule.attribute, group: rule.group ?? null, options };
}

function matcher(fields: RuleFileMatcherFields, label: string, at: string, problems: RuleProblems): Matcher {
  const set = MATCHER_KEYS.filter((key) => fields[key] !== undefined);
  const fallback: Matcher = { kind: 'missing' };
  if (set.length !== 1) {
    problems.add(
      label,
      `${at}${set.length ? `set only one of ${set.join(', ')}` : `needs one of ${MATCHER_KEYS.join(', ')}`}`,
    );
    return fallback;
  }
  switch (set[0]) {
    case 'equals':
      return { kind: 'equals', value: fields.equals! };
    case 'in':
      return { kind: 'in', values: fields.in! };
    case 'range': {
      const min = fields.range!.min ?? null;
      const max = fields.range!.max ?? null;
      if (min === null && max === null) problems.add(label, `${at}range needs min, max or both`);
      else if (min !== null && max !== null && min >= max) problems.add(label, `${at}range min ${min} must be below max ${max} (max is exclusive)`);
      return { kind: 'range', min, max };
    }
    case 'pattern':
      try {
        new RegExp(fields.pattern!, 'i');
      } catch (error) {
        problems.add(label, `${at}pattern ${JSON.stringify(fields.pattern)} is not a regular expression: ${(error as Error).message}`);
      }
      return { kind: 'pattern', pattern: fields.pattern! };
    case 'missing':
      return { kind: 'missing' };
  }
}

function engagementRule(rule: RuleFileEngagementRule, label: string, problems: RuleProblems): EngagementRule {
  const eventTypes = typeof rule.event_type === 'string' ? [rule.event_type] : rule.event_type;
  const repeated = eventTypes.filter((type, i) => eventTypes.indexOf(type) !== i);
  if (repeated.length) problems.add(label, `event type ${JSON.stringify(repeated[0])} is listed twice`);

  let scoring: EngagementScoring = { kind: 'per_occurrence', points: 0 };
  if ((rule.points === undefined) === (rule.frequency === undefined)) {
    problems.add(label, 'needs either points (per occurrence) or frequency (bands of occurrence counts), not both or neither');
  } else if (rule.frequency) {
    scoring = { kind: 'frequency', bands: rule.frequency.map((band) => ({ min: band.min, max: band.max ?? null, points: band.points })) };
  } else {
    scoring = { kind: 'per_occurrence', points: rule.points! };
  }

  let decay: Decay = { kind: 'none' };
  if (rule.half_life_days !== undefined && rule.points_lost_per_week_inactive !== undefined) {
    problems.add(label, 'set only one of half_life_days and points_lost_per_week_inactive');
  } else if (rule.half_life_days !== undefined) {
    if (rule.frequency) {
      problems.add(label, 'half_life_days decays each occurrence, but frequency bands score the count: use points_lost_per_week_inactive');
    }
    decay = { kind: 'half_life', days: rule.half_life_days };
  } else if (rule.points_lost_per_week_inactive !== undefined) {
    decay = { kind: 'weekly_loss', pointsPerWeek: rule.points_lost_per_week_inactive };
  }

  let value: EngagementRule['value'] = null;
  if (rule.value) {
    value = { min: rule.value.min ?? null, max: rule.value.max ?? null };
    if (value.min === null && value.max === null) problems.add(label, 'value needs min, max or both');
    else if (value.min !== null && value.max !== null && value.min >= value.max) {
      problems.add(label, `value min ${value.min} must be below max ${value.max} (max is exclusive)`);
    }
  }

  return {
    id: rule.id,
    name: rule.name ?? rule.id,
    label,
    eventTypes,
    value,
    scoring,
    cap: rule.cap ?? null,
    windowDays: rule.window_days ?? null,
    decay,
    group: rule.group ?? null,
  };
}
