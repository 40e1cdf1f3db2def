import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../core/errors.ts';
import { loadRuleFile } from '../../../models/rules/loadRuleFile.ts';
import { problemOf, rulesOf } from './rulesFixture.ts';

const companySize = `
name: t
fit:
  - id: company_size
    name: Company size
    attribute: company_size
    options:
      - { range: { min: 50, max: 200 }, points: 3 }
      - { range: { min: 100, max: 500 }, points: 4 }
`;

describe('parseRules: every rule kind', () => {
  it('normalises fit options, shorthand rules, disqualifiers and engagement rules', () => {
    const rules = rulesOf(`
name: all-kinds
groups: { web: { limit: 40 } }
fit:
  - id: title
    name: Job title
    attribute: job_title
    options:
      - { pattern: '^vp', points: 4 }
      - { in: [Director, Head of Growth], points: 3 }
      - { equals: Student, points: -2 }
      - { missing: true, points: -1 }
  - { id: size, attribute: company_size, range: { min: 100 }, points: 5 }
disqualifiers:
  - { id: competitor, attribute: email, pattern: '@(rival|acme)\\.com$' }
engagement:
  - { id: pricing, event_type: pricing_page_view, value: { min: 60 }, points: 5, cap: 20, window_days: 30, half_life_days: 14, group: web }
  - { id: visits, event_type: [page_view], frequency: [{ min: 1, max: 2, points: 5 }, { min: 3, points: 10 }], points_lost_per_week_inactive: 2 }
`);
    expect(rules.fit[0].options.map((o) => o.matcher.kind)).toEqual(['pattern', 'in', 'equals', 'missing']);
    expect(rules.fit[0].label).toBe('rules.fit[0] "Job title"');
    expect(rules.fit[1]).toMatchObject({ name: 'size', options: [{ matcher: { kind: 'range', min: 100, max: null }, points: 5 }] });
    expect(rules.disqualifiers[0].matcher).toEqual({ kind: 'pattern', pattern: '@(rival|acme)\\.com$' });
    expect(rules.engagement[0]).toMatchObject({
      eventTypes: ['pricing_page_view'],
      value: { min: 60, max: null },
      scoring: { kind: 'per_occurrence', points: 5 },
      cap: 20,
      windowDays: 30,
      decay: { kind: 'half_life', days: 14 },
      group: 'web',
    });
    expect(rules.engagement[1]).toMatchObject({
      scoring: { kind: 'frequency', bands: [{ min: 1, max: 2, points: 5 }, { min: 3, max: null, points: 10 }] },
      decay: { kind: 'weekly_loss', pointsPerWeek: 2 },
    });
    expect(rules.groups).toEqual([{ name: 'web', limit: 40, part: 'engagement' }]);
    // defaults: total 100, fit limit = the best fit a lead can reach (4 + 5), engagement = total
    expect(rules.limits).toEqual({ total: 100, fit: 9, engagement: 100 });
    expect(rules.grades.map((g) => g.letter)).toEqual(['A', 'B', 'C', 'D']);
    expect(rules.bands).toEqual([60, 30, 0]);
  });
});

describe('parseRules: a bad rule file names the rule and the problem', () => {
  it('rejects overlapping ranges within one rule', () => {
    expect(problemOf(companySize)).toBe('rules.fit[0] "Company size": ranges 50–200 and 100–500 overlap');
  });

  it('accepts ranges that only touch (max is exclusive)', () => {
    expect(() => rulesOf(companySize.replace('min: 100, max: 500', 'min: 200, max: 500'))).not.toThrow();
  });

  it('rejects a group limit below one of its rules’ points', () => {
    const message = problemOf(`
name: t
groups: { forms: { limit: 15 } }
engagement:
  - { id: form, name: Form fill, event_type: form_submit, points: 20, group: forms }
`);
    expect(message).toBe('rules.engagement[0] "Form fill": its 20 points exceed the limit 15 of its group "forms", so it could never count in full');
  });

  it('rejects an unknown group, naming the declared ones', () => {
    expect(
      problemOf(`
name: t
groups: { web: { limit: 40 } }
engagement:
  - { id: a, event_type: page_view, points: 5, group: web }
  - { id: b, name: Clicks, event_type: email_click, points: 5, group: emial }
`),
    ).toBe('rules.engagement[1] "Clicks": group "emial" is not declared under groups (groups: web)');
  });

  it('rejects frequency bands that overlap or are out of order', () => {
    const bands = (list: string) => problemOf(`
name: t
engagement:
  - { id: visits, name: Visits, event_type: page_view, frequency: ${list} }
`);
    expect(bands('[{ min: 1, max: 3, points: 5 }, { min: 3, points: 10 }]')).toBe('rules.engagement[0] "Visits": frequency bands 1–3 and 3+ overlap');
    expect(bands('[{ min: 3, points: 10 }, { min: 1, max: 2, points: 5 }]')).toContain('frequency bands are out of order: 3+ comes before 1–2');
  });

  it('rejects a cap below the points of one occurrence', () => {
    expect(problemOf(`
name: t
engagement:
  - { id: demo, event_type: demo_request, points: 20, cap: 10 }
`)).toBe(`rules.engagement[0] "demo": cap 10 is below the rule's 20 points, so it could never count in full`);
  });

  it('rejects half-life decay on frequency bands, and two decays at once', () => {
    expect(problemOf(`
name: t
engagement:
  - { id: v, event_type: page_view, frequency: [{ min: 1, points: 5 }], half_life_days: 7 }
`)).toContain('half_life_days decays each occurrence, but frequency bands score the count');
    expect(problemOf(`
name: t
engagement:
  - { id: v, event_type: page_view, points: 5, half_life_days: 7, points_lost_per_week_inactive: 1 }
`)).toContain('set only one of half_life_days and points_lost_per_week_inactive');
  });

  it('rejects an option with two matchers and a bad pattern, listing both', () => {
    const message = problemOf(`
name: t
fit:
  - id: title
    name: Job title
    attribute: job_title
    options:
      - { equals: VP, in: [CEO], points: 4 }
      - { pattern: '(unclosed', points: 3 }
`);
    expect(message).toContain('2 problems in rules:');
    expect(message).toContain('rules.fit[0] "Job title": options[0]: set only one of equals, in');
    expect(message).toContain('rules.fit[0] "Job title": options[1]: pattern "(unclosed" is not a regular expression');
  });

  it('rejects the same answer in two options (compared case-insensitively)', () => {
    expect(problemOf(`
name: t
fit:
  - id: title
    name: Job title
    attribute: job_title
    options:
      - { equals: Manager, points: 2 }
      - { in: [Director, manager], points: 3 }
`)).toBe('rules.fit[0] "Job title": value "manager" is listed in options[0] and options[1]');
  });

  it('reports structural problems with the rule named and the key inside it', () => {
    const message = problemOf(`
name: t
fit:
  - { id: size, name: Company size, attribute: company_size, range: { min: "ten" }, points: 2 }
`);
    expect(message).toMatch(/^rules\.fit\[0\] "Company size": range\.min: .*number/);
  });

  it('rejects duplicate ids, unknown MQL grades, unknown temperature cells and unsorted grades', () => {
    const message = problemOf(`
name: t
fit:
  - { id: a, attribute: industry, equals: software, points: 5 }
engagement:
  - { id: a, event_type: page_view, points: 5 }
grades: { A: 50, B: 60, C: 0 }
temperature: { hot: [A1, Z9], warm: [] }
mql: { min_score: 50, fit_grade_at_least: E }
`);
    expect(message).toContain('rules.engagement[0] "a": id "a" is already used by rules.fit[0] "a"');
    expect(message).toContain('rules.grades: must go from best to worst with falling minimums: A from 50 then B from 60');
    expect(message).toContain('rules.temperature.hot: "Z9" is not a matrix cell');
    expect(message).toContain('rules.mql.fit_grade_at_least: "E" is not a grade');
  });

  it('rejects a rule set with nothing to score', () => {
    expect(problemOf('name: empty')).toBe('rules: has no fit and no engagement rules: nothing would score');
  });

  it('throws a ConfigError (exit code 2 at the CLI)', () => {
    expect(() => rulesOf(companySize)).toThrow(ConfigError);
  });
});

describe('loadRuleFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leadscore-rules-'));

  it('reads YAML and names the file in problems', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, companySize);
    expect(() => loadRuleFile(file)).toThrow(`${file}: fit[0] "Company size": ranges 50–200 and 100–500 overlap`);
  });

  it('reads JSON', () => {
    const file = join(dir, 'rules.json');
    writeFileSync(file, JSON.stringify({ name: 'j', engagement: [{ id: 'v', event_type: 'page_view', points: 5 }] }));
    expect(loadRuleFile(file).engagement[0].id).toBe('v');
  });

  it('reports a missing file and unparsable YAML', () => {
    expect(() => loadRuleFile(join(dir, 'nope.yaml'))).toThrow('rule file not found');
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'name: [unclosed');
    expect(() => loadRuleFile(file)).toThrow(`${file}: not valid YAML`);
  });
});

describe('data/rules/README.md', () => {
  it('documents a rule file that parses', () => {
    const readme = readFileSync(new URL('../../../data/rules/README.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)![1];
    const rules = rulesOf(example);
    expect(rules.engagement.map((r) => r.decay.kind)).toEqual(['half_life', 'weekly_loss']);
    expect(rules.fit[0].options).toHaveLength(5);
  });
});
