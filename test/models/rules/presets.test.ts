import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../data/generator/catalog.ts';
import { checkRulesAgainstData } from '../../../models/rules/checkRulesAgainstData.ts';
import { loadRuleFile } from '../../../models/rules/loadRuleFile.ts';
import { RuleScorer } from '../../../models/rules/RuleScorer.ts';
import { frameOf } from '../../features/frameFixture.ts';
import { engagementOf, explainedPoints, sampleAttributes } from './rulesFixture.ts';

const preset = (name: string) => loadRuleFile(new URL(`../../../data/rules/${name}.yaml`, import.meta.url).pathname);
const scoredAt = '2024-03-01 00:00:00';

describe('preset rule files', () => {
  it.each(['classic-points', 'b2b-matrix', 'pain-fit'])('%s loads and fits the sample CRM’s attributes and event types', (name) => {
    const rules = preset(name);
    expect(rules.name).toBe(name);
    expect(() => checkRulesAgainstData(rules, { attributes: sampleAttributes, eventTypes: [...EVENT_TYPES] })).not.toThrow();
  });
});

describe('classic-points.yaml', () => {
  it('adds form 20, newsletter 15 (decaying), social 5–10 and visits 5 under the group limits', async () => {
    const rules = preset('classic-points');
    const ids = ['busy', 'quiet', 'none'];
    const { points } = await engagementOf(rules, ids, `
      ('busy', '2024-02-29', 'form_submit', null),
      ('busy', '2024-03-01', 'newsletter_signup', null),
      ('busy', '2024-01-31', 'email_click', null),
      ${Array(3).fill(`('busy', '2024-02-20', 'social_engagement', null)`).join(', ')},
      ${Array(10).fill(`('busy', '2024-03-01', 'page_view', 35)`).join(', ')},
      ('quiet', '2024-02-15', 'form_submit', null),
      ('quiet', '2024-02-15', 'social_engagement', null)`, scoredAt);
    const scores = new RuleScorer(rules).score(frameOf({ leadIds: ids }), points);
    // busy: form 20 + newsletter 15 + click 15 × 0.5^(30/30) + social 3+ → 10 + visits 50 → web limit 40
    // quiet: form 20 − 5 × 2 full weeks inactive + social 1–2 → 5
    expect(Array.from(scores.points)).toEqual([92.5, 15, 0]);
    expect(Array.from(scores.score)).toEqual([92.5, 15, 0]);
    expect(scores.labelColumns().temperature).toEqual(['hot', 'cold', 'cold']);
    expect(scores.labelColumns().status).toEqual(['MQL', 'new', 'new']);
    const busy = scores.explain(0);
    expect(busy.find((line) => line.kind === 'group_limit')).toMatchObject({ id: 'web', points: -10 });
    expect(busy.find((line) => line.id === 'newsletter_engagement')?.detail).toBe(
      '2 × newsletter_signup or email_click in the last 90 days: 2 × 15 = 30, decayed (half-life 30 days) to 22.5',
    );
    expect(scores.explain(1).find((line) => line.id === 'form_filled')?.detail).toBe(
      '1 × form_submit in the last 90 days: 1 × 20 = 20, minus 5 per week for 2 full weeks without activity: 10',
    );
    expect(explainedPoints(scores.explain, 0)).toBe(92.5);
  });
});

describe('b2b-matrix.yaml', () => {
  it('scores four questions 4 / 3 / 2 / negative out of 16', () => {
    const rules = preset('b2b-matrix');
    const frame = frameOf({
      leadIds: ['vp', 'director', 'manager', 'student', 'engineer'],
      categorical: {
        job_title: ['VP, Sales', 'Director of Marketing', 'Marketing Manager', 'Student', 'Software Engineer'],
        department: ['sales', 'marketing', 'marketing', 'other', 'it'],
        industry: ['software', 'healthcare', 'retail', 'education', 'nonprofit'],
      },
      numeric: { company_size: [250, 120, 30, 2, 40] },
    });
    const scores = new RuleScorer(rules).score(frame);
    expect(Array.from(scores.points)).toEqual([16, 13, 10, -8, 2]);
    expect(Array.from(scores.score)).toEqual([100, 81.25, 62.5, 0, 12.5]);
    const labels = scores.labelColumns();
    expect(labels.grade).toEqual(['A', 'A', 'B', 'D', 'D']);
    expect(labels.temperature).toEqual(['hot', 'hot', 'warm', 'cold', 'cold']);
    expect(labels.status).toEqual(['MQL', 'MQL', 'MQL', 'new', 'new']);
    expect(labels.disqualifiedBy).toEqual([null, null, null, 'micro_company', null]);
    expect(scores.explain(3).map((line) => [line.id, line.points])).toEqual([
      ['job_title', -2],
      ['department', -2],
      ['company_type', -2],
      ['company_size', -2],
      ['micro_company', 0],
    ]);
  });
});

describe('pain-fit.yaml', () => {
  it('rates fit and pain 1–10 and places leads in quadrants', async () => {
    const rules = preset('pain-fit');
    const ids = ['ideal', 'curious_student', 'quiet_fit', 'nobody'];
    const frame = frameOf({
      leadIds: ids,
      categorical: {
        job_title: ['VP, Marketing', 'Student', 'Director of Sales', 'Data Analyst'],
        industry: ['software', 'education', 'financial_services', 'nonprofit'],
      },
      numeric: { company_size: [250, 20, 60, 5] },
    });
    const { points } = await engagementOf(rules, ids, `
      ('ideal', '2024-02-28', 'demo_request', null),
      ('ideal', '2024-03-01', 'pricing_page_view', 120),
      ('ideal', '2024-02-16', 'pricing_page_view', 90),
      ('ideal', '2024-02-20', 'webinar_attended', 45),
      ('ideal', '2024-02-25', 'form_submit', null),
      ('ideal', '2024-02-26', 'content_download', null),
      ('curious_student', '2024-02-28', 'demo_request', null),
      ('curious_student', '2024-03-01', 'pricing_page_view', 90),
      ('curious_student', '2024-03-01', 'pricing_page_view', 30),
      ('quiet_fit', '2024-02-09', 'demo_request', null)`, scoredAt);
    const scores = new RuleScorer(rules).score(frame, points);
    // ideal: fit 3 + 3 + 4 = 10; pain: demo 5 + pricing 2 + 1 (14 days: half) + research (webinar 2 + forms 2 → 3) = 11 → 10
    // curious_student: fit 0 − 1 + 1 = 0; pain 5 + 2 (the 30-second visit does not count) = 7
    // quiet_fit: fit 2 + 3 + 3 = 8; pain: demo 5 − 1 × 3 full weeks inactive = 2
    // nobody: fit −1 (nonprofit), no events
    expect(Array.from(scores.fitPoints)).toEqual([10, 0, 8, -1]);
    expect(Array.from(scores.engagementPoints)).toEqual([10, 7, 2, 0]);
    const q = scores.quadrants!;
    expect(Array.from(q.fitRating)).toEqual([10, 1, 8, 1]);
    expect(Array.from(q.painRating)).toEqual([10, 7, 2, 1]);
    const labels = scores.labelColumns();
    expect(labels.quadrant).toEqual(['priority', 'qualify', 'nurture', 'deprioritise']);
    expect(labels.matrixCell).toEqual(['A1', 'D1', 'A3', 'D3']);
    expect(labels.temperature).toEqual(['hot', 'cold', 'warm', 'cold']); // the student is disqualified
    expect(labels.status).toEqual(['MQL', 'new', 'new', 'new']); // quiet_fit scores 50 but is only band 3
    expect(scores.explain(0).filter((line) => line.kind.endsWith('limit')).map((line) => [line.id, line.points])).toEqual([
      ['research', -1],
      ['engagement', -1],
    ]);
    for (let row = 0; row < ids.length; row++) expect(explainedPoints(scores.explain, row)).toBeCloseTo(scores.points[row], 12);
  });
});
