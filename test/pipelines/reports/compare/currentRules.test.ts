import { describe, expect, it } from 'vitest';
import type { FeatureFrame } from '../../../../features/frame/featureFrame.ts';
import { EngagementPointsBuilder } from '../../../../models/rules/engagementPoints.ts';
import { parseRules } from '../../../../models/rules/parseRules.ts';
import { RuleScorer } from '../../../../models/rules/RuleScorer.ts';
import { currentRuleLines } from '../../../../pipelines/reports/compare/currentRules.ts';

const ruleSet = parseRules({
  name: 'test',
  fit: [
    {
      id: 'title',
      name: 'Job title',
      attribute: 'job_title',
      options: [
        { pattern: '^vp', points: 4 },
        { equals: 'Manager', points: 4 }, // the same points as the first option: told apart by the matcher
        { equals: 'Student', points: -2 },
      ],
    },
    { id: 'big', attribute: 'company_size', range: { min: 100 }, points: 3 },
  ],
  disqualifiers: [{ id: 'tiny', attribute: 'company_size', range: { max: 5 } }],
  engagement: [
    { id: 'forms', name: 'Form filled', event_type: 'form_submit', points: 20, cap: 40, window_days: 90 },
    { id: 'spam', event_type: 'unsubscribe', points: -10 },
  ],
});

const frame: FeatureFrame = {
  rows: 4,
  leadIds: ['a', 'b', 'c', 'd'],
  createdAt: new Float64Array(4).fill(NaN),
  snapshotAt: new Float64Array(4).fill(NaN),
  label: Int8Array.from([1, 0, 0, 1]),
  columns: [
    { kind: 'categorical', name: 'job_title', dictionary: ['VP Sales', 'Manager', 'Student'], codes: Int32Array.from([0, 1, 2, -1]) },
    { kind: 'numeric', name: 'company_size', values: Float64Array.from([500, 3, 50, 120]) },
  ],
};

describe('currentRuleLines', () => {
  it('says which leads each fit option, disqualifier and engagement rule fired for, with the points it gave', () => {
    const engagement = new EngagementPointsBuilder(ruleSet, frame.leadIds);
    engagement.add('a', 0, 3, 60, 60, 40, 40, 0); // three forms, capped at 40
    engagement.add('d', 0, 1, 20, 20, 20, 20, 0);
    engagement.add('d', 1, 1, -10, -10, -10, -10, 0);
    const scores = new RuleScorer(ruleSet).score(frame, engagement.build());
    const lines = currentRuleLines(ruleSet, (i) => scores.explain(i), frame.rows);
    const line = (key: string) => lines.find((l) => l.key === key)!;

    expect(lines.map((l) => l.key)).toEqual(['title#0', 'title#1', 'title#2', 'big', 'tiny', 'forms', 'spam']);
    expect(Array.from(line('title#0').fired)).toEqual([1, 0, 0, 0]);
    expect(Array.from(line('title#1').fired)).toEqual([0, 1, 0, 0]);
    expect(Array.from(line('title#2').given)).toEqual([0, 0, -2, 0]);
    expect(Array.from(line('big').fired)).toEqual([1, 0, 0, 1]);
    expect(Array.from(line('tiny').fired)).toEqual([0, 1, 0, 0]);
    expect(Array.from(line('forms').given)).toEqual([40, 0, 0, 20]);
    expect(Array.from(line('spam').fired)).toEqual([0, 0, 0, 1]);

    expect(line('title#0')).toMatchObject({ part: 'fit', rule: 'Job title', condition: 'job_title matches /^vp/i', points: '4', direction: 1, attribute: 'job_title' });
    expect(line('title#2').direction).toBe(-1);
    expect(line('tiny')).toMatchObject({ part: 'disqualifier', points: 'never an MQL', direction: -1 });
    expect(line('forms')).toMatchObject({ part: 'engagement', condition: 'form_submit in the last 90 days', points: '20 each, cap 40', direction: 1, eventTypes: ['form_submit'] });
    expect(line('spam').direction).toBe(-1);
  });
});
