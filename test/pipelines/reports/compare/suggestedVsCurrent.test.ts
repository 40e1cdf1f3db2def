import { describe, expect, it } from 'vitest';
import type { FeatureFrame } from '../../../../features/frame/featureFrame.ts';
import type { CurrentRuleLine } from '../../../../pipelines/reports/compare/currentRules.ts';
import type { Scorecard } from '../../../../pipelines/reports/compare/scorecard.ts';
import { suggestedVsCurrent } from '../../../../pipelines/reports/compare/suggestedVsCurrent.ts';

const frame: FeatureFrame = {
  rows: 5,
  leadIds: ['a', 'b', 'c', 'd', 'e'],
  createdAt: new Float64Array(5).fill(NaN),
  snapshotAt: new Float64Array(5).fill(NaN),
  label: Int8Array.from([1, 0, 1, 0, 0]),
  columns: [
    { kind: 'categorical', name: 'job_title', dictionary: ['VP', 'vp', 'Manager', 'Intern'], codes: Int32Array.from([0, 1, 2, 3, -1]) },
    { kind: 'numeric', name: 'form_submit_count_30d', values: Float64Array.from([0, 1, 4, 2, 0]) },
  ],
};

const card: Scorecard = {
  pdo: 20,
  factor: 20 / Math.LN2,
  base: -2,
  maxPoints: 40,
  leftOut: [],
  rules: [
    {
      id: 'job_title',
      feature: 'job_title',
      part: 'fit',
      eventTypes: [],
      windowDays: null,
      spread: 20,
      lines: [
        { condition: { kind: 'equals', values: ['VP'] }, logOdds: 0.7, points: 20, support: 0 },
        { condition: { kind: 'other' }, logOdds: 0.1, points: 3, support: 0 },
        { condition: { kind: 'missing' }, logOdds: 0, points: 0, support: 0 },
      ],
    },
    {
      id: 'forms',
      feature: 'form_submit_count_30d',
      part: 'engagement',
      eventTypes: ['form_submit'],
      windowDays: 30,
      spread: 20,
      lines: [
        { condition: { kind: 'count', min: 1, max: 2 }, logOdds: 0.3, points: 9, support: 0 },
        { condition: { kind: 'count', min: 3, max: null }, logOdds: 0.7, points: 20, support: 0 },
      ],
    },
  ],
};

function line(partial: Partial<CurrentRuleLine> & Pick<CurrentRuleLine, 'key' | 'part' | 'given'>): CurrentRuleLine {
  return {
    ruleId: partial.key,
    rule: partial.key,
    condition: '',
    points: '',
    direction: 1,
    attribute: null,
    eventTypes: [],
    fired: Uint8Array.from(partial.given, (g) => (g ? 1 : 0)),
    ...partial,
  };
}

describe('suggestedVsCurrent', () => {
  const current = [
    line({ key: 'title#0', part: 'fit', attribute: 'job_title', given: Float64Array.from([4, 4, 0, 0, 0]) }),
    line({ key: 'title#1', part: 'fit', attribute: 'job_title', given: Float64Array.from([0, 0, 2, 0, 0]) }),
    line({ key: 'size', part: 'fit', attribute: 'company_size', given: Float64Array.from([3, 3, 3, 3, 3]) }),
    line({ key: 'forms', part: 'engagement', eventTypes: ['form_submit', 'demo_request'], given: Float64Array.from([0, 20, 40, 20, 0]) }),
  ];
  const rows = suggestedVsCurrent(card, frame, [1, 0, 1, 0, 0], current);

  it('counts the leads meeting each condition the way the rules match (hand-computed)', () => {
    // VP and vp are one answer; Manager and Intern fall to "any other value"; lead e is missing.
    expect(rows.map((r) => [r.condition, r.leads, r.converted])).toEqual([
      ['= VP', 2, 1],
      ['any other value', 2, 1],
      ['is missing', 1, 0],
      ['1–2 form_submit in 30 days', 2, 0],
      ['3+ form_submit in 30 days', 1, 1],
    ]);
    expect(rows.map((r) => r.rate)).toEqual([0.5, 0.5, 0, 0, 1]);
  });

  it('puts the mean points of the current rules on the same attribute or events beside the suggestion', () => {
    // VP leads got 4 each; Manager 2 and Intern 0 → mean 1; the size rule is about another attribute.
    expect(rows.map((r) => r.current)).toEqual([4, 1, 0, 20, 40]);
    expect(rows[0].currentRules).toEqual(['title#0', 'title#1']);
    expect(rows[3].currentRules).toEqual(['forms']);
    expect(rows.map((r) => r.suggested)).toEqual([20, 3, 0, 9, 20]);
  });

  it('leaves the current points empty without a rule file', () => {
    const alone = suggestedVsCurrent(card, frame, [1, 0, 1, 0, 0], null);
    expect(alone.every((r) => r.current === null && r.currentRules.length === 0)).toBe(true);
  });
});
