/**
 * The checks that need several fields at once, on a normalised rule set: overlapping ranges and
 * repeated answers within a question, frequency bands, caps and limits a rule's points could
 * never fit under, groups, grades, bands, temperature and the MQL agreement. Each problem names
 * the rule (its label) or the key.
 */
import { formatBand, formatPoints, formatRange } from './describeRule.ts';
import type { RuleProblems } from './ruleProblems.ts';
import { matrixCells, singlePoints, type EngagementRule, type FitRule, type RuleSet } from './ruleSet.ts';

export function checkRuleSet(ruleSet: RuleSet, prefix: string, problems: RuleProblems): void {
  if (!ruleSet.fit.length && !ruleSet.engagement.length) {
    problems.add(prefix.replace(/[.:]\s*$/, ''), 'has no fit and no engagement rules: nothing would score');
  }
  checkUniqueIds(ruleSet, problems);
  for (const rule of ruleSet.fit) checkFitOptions(rule, problems);
  for (const rule of ruleSet.engagement) checkEngagementRule(rule, problems);
  checkGroups(ruleSet, prefix, problems);
  checkPartLimits(ruleSet, problems);
  checkGradesAndBands(ruleSet, prefix, problems);
}

function checkUniqueIds(ruleSet: RuleSet, problems: RuleProblems): void {
  const seen = new Map<string, string>();
  for (const rule of [...ruleSet.fit, ...ruleSet.disqualifiers, ...ruleSet.engagement]) {
    const first = seen.get(rule.id);
    if (first) problems.add(rule.label, `id ${JSON.stringify(rule.id)} is already used by ${first}`);
    else seen.set(rule.id, rule.label);
  }
}

function checkFitOptions(rule: FitRule, problems: RuleProblems): void {
  const ranges = rule.options.flatMap((option) => (option.matcher.kind === 'range' ? [option.matcher] : []));
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      const a = ranges[i];
      const b = ranges[j];
      if ((a.min ?? -Infinity) < (b.max ?? Infinity) && (b.min ?? -Infinity) < (a.max ?? Infinity)) {
        problems.add(rule.label, `ranges ${formatRange(a.min, a.max)} and ${formatRange(b.min, b.max)} overlap`);
      }
    }
  }
  // Values compare case-insensitively, so "VP" and "vp" in two options are the same answer twice.
  const valueOption = new Map<string, number>();
  let missingOption = -1;
  rule.options.forEach((option, i) => {
    const { matcher } = option;
    if (matcher.kind === 'missing') {
      if (missingOption >= 0) problems.add(rule.label, `options[${missingOption}] and options[${i}] both match a missing value`);
      missingOption = i;
    }
    const values = matcher.kind === 'equals' ? [matcher.value] : matcher.kind === 'in' ? matcher.values : [];
    for (const value of values) {
      const key = String(value).toLowerCase();
      const first = valueOption.get(key);
      if (first === undefined) valueOption.set(key, i);
      else problems.add(rule.label, `value ${JSON.stringify(value)} is listed in options[${first}]${first === i ? ' twice' : ` and options[${i}]`}`);
    }
  });
}

function checkEngagementRule(rule: EngagementRule, problems: RuleProblems): void {
  if (rule.scoring.kind === 'frequency') {
    const bands = rule.scoring.bands;
    bands.forEach((band, i) => {
      if (band.max !== null && band.max < band.min) problems.add(rule.label, `frequency band ${band.min}–${band.max}: max is below min`);
      if (band.max === null && i < bands.length - 1) {
        problems.add(rule.label, `frequency band ${formatBand(band)} has no max but is not the last band`);
      }
      if (i === 0) return;
      const previous = bands[i - 1];
      if (band.min < previous.min) {
        problems.add(rule.label, `frequency bands are out of order: ${formatBand(previous)} comes before ${formatBand(band)}`);
      } else if (previous.max === null || band.min <= previous.max) {
        problems.add(rule.label, `frequency bands ${formatBand(previous)} and ${formatBand(band)} overlap`);
      }
    });
  }
  const single = singlePoints(rule);
  if (rule.cap !== null && rule.cap < single) {
    problems.add(rule.label, `cap ${formatPoints(rule.cap)} is below the rule's ${formatPoints(single)} points, so it could never count in full`);
  }
}

function checkGroups(ruleSet: RuleSet, prefix: string, problems: RuleProblems): void {
  const groups = new Map(ruleSet.groups.map((group) => [group.name, group]));
  const rules: Array<FitRule | EngagementRule> = [...ruleSet.fit, ...ruleSet.engagement];
  for (const rule of rules) {
    if (rule.group === null) continue;
    const group = groups.get(rule.group);
    if (!group) {
      const known = [...groups.keys()];
      problems.add(rule.label, `group ${JSON.stringify(rule.group)} is not declared under groups (${known.length ? `groups: ${known.join(', ')}` : 'there are none'})`);
      continue;
    }
    const single = singlePoints(rule);
    if (group.limit < single) {
      problems.add(
        rule.label,
        `its ${formatPoints(single)} points exceed the limit ${formatPoints(group.limit)} of its group ${JSON.stringify(group.name)}, so it could never count in full`,
      );
    }
  }
  for (const group of ruleSet.groups) {
    const inFit = ruleSet.fit.some((rule) => rule.group === group.name);
    const inEngagement = ruleSet.engagement.some((rule) => rule.group === group.name);
    if (!inFit && !inEngagement) problems.add(`${prefix}groups.${group.name}`, 'no rule uses this group');
    if (inFit && inEngagement) {
      problems.add(`${prefix}groups.${group.name}`, 'mixes fit and engagement rules: a group limits one part of the score');
    }
  }
}

/** A rule whose single points exceed its part's limit or the total limit could never count in full. */
function checkPartLimits(ruleSet: RuleSet, problems: RuleProblems): void {
  const parts = [
    { rules: ruleSet.fit as Array<FitRule | EngagementRule>, limit: ruleSet.limits.fit, what: 'limits.fit' },
    { rules: ruleSet.engagement, limit: ruleSet.limits.engagement, what: 'limits.engagement' },
  ];
  for (const part of parts) {
    for (const rule of part.rules) {
      const single = singlePoints(rule);
      const [limit, what] = part.limit < ruleSet.limits.total ? [part.limit, part.what] : [ruleSet.limits.total, 'limits.total'];
      if (limit < single) problems.add(rule.label, `its ${formatPoints(single)} points exceed ${what} ${formatPoints(limit)}, so it could never count in full`);
    }
  }
}

function checkDescendingToZero(values: number[], describe: (i: number) => string, where: string, problems: RuleProblems): void {
  for (let i = 1; i < values.length; i++) {
    if (values[i] >= values[i - 1]) {
      problems.add(where, `must go from best to worst with falling minimums: ${describe(i - 1)} then ${describe(i)}`);
      return;
    }
  }
  if (values[values.length - 1] !== 0) problems.add(where, `the last one (${describe(values.length - 1)}) must start at 0, so every lead gets one`);
}

function checkGradesAndBands(ruleSet: RuleSet, prefix: string, problems: RuleProblems): void {
  const { grades, bands, temperature, mql } = ruleSet;
  if (!grades.length) problems.add(`${prefix}grades`, 'needs at least one grade');
  else checkDescendingToZero(grades.map((g) => g.min), (i) => `${grades[i].letter} from ${grades[i].min}`, `${prefix}grades`, problems);
  checkDescendingToZero(bands, (i) => `band ${i + 1} from ${bands[i]}`, `${prefix}bands`, problems);
  // Scores keep grades, bands and cells as one-byte codes.
  if (grades.length * bands.length > 255) {
    problems.add(`${prefix}grades`, `${grades.length} grades × ${bands.length} bands make more than 255 matrix cells`);
  }

  if (temperature.by === 'score') {
    if (temperature.warm > temperature.hot) problems.add(`${prefix}temperature`, `warm (${temperature.warm}) must not exceed hot (${temperature.hot})`);
  } else {
    const cells = new Set(matrixCells(ruleSet));
    for (const [key, list] of [['hot', temperature.hot], ['warm', temperature.warm]] as const) {
      for (const cell of list) {
        if (!cells.has(cell)) problems.add(`${prefix}temperature.${key}`, `${JSON.stringify(cell)} is not a matrix cell (cells: ${[...cells].join(', ')})`);
      }
    }
    for (const cell of temperature.warm) {
      if (temperature.hot.includes(cell)) problems.add(`${prefix}temperature`, `cell ${cell} is listed as both hot and warm`);
    }
  }

  if (mql.fitGradeAtLeast !== null && !grades.some((g) => g.letter === mql.fitGradeAtLeast)) {
    problems.add(`${prefix}mql.fit_grade_at_least`, `${JSON.stringify(mql.fitGradeAtLeast)} is not a grade (grades: ${grades.map((g) => g.letter).join(', ')})`);
  }
  if (mql.engagementBandAtLeast !== null && mql.engagementBandAtLeast > bands.length) {
    problems.add(`${prefix}mql.engagement_band_at_least`, `band ${mql.engagementBandAtLeast} does not exist (bands 1–${bands.length})`);
  }
}
