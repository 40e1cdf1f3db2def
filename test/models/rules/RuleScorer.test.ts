import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.ts';
import { foldEngagementRows, type EngagementRow } from '../../../models/rules/engagementPoints.ts';
import { RuleScorer } from '../../../models/rules/RuleScorer.ts';
import { LEAD_STATUSES } from '../../../models/rules/ruleSet.ts';
import { frameOf } from '../../features/frameFixture.ts';
import { explainedPoints, rulesOf } from './rulesFixture.ts';

const foldRules = rulesOf(`
name: fold
limits: { total: 100, fit: 30, engagement: 80 }
groups:
  web: { limit: 30 }
fit:
  - id: title
    name: Job title
    attribute: job_title
    options:
      - { pattern: '^vp', points: 20 }
      - { in: [Director, head of growth], points: 15 }
      - { equals: Student, points: -10 }
      - { missing: true, points: -5 }
  - id: size
    name: Company size
    attribute: company_size
    options:
      - { range: { min: 200 }, points: 20 }
      - { range: { min: 50, max: 200 }, points: 10 }
      - { equals: 7, points: 1 }
      - { missing: true, points: -2 }
disqualifiers:
  - { id: small, name: Under 10 employees, attribute: company_size, range: { max: 10 } }
  - { id: competitor, name: Competitor, attribute: email, pattern: '@rival\\.com$' }
engagement:
  - { id: visits, event_type: page_view, points: 5, group: web }
  - { id: pricing, event_type: pricing_page_view, points: 10, group: web }
  - { id: demo, event_type: demo_request, points: 50 }
`);

const leadIds = ['vp', 'director', 'student', 'unknown', 'tiny', 'competitor'];
const frame = frameOf({
  leadIds,
  categorical: {
    job_title: ['VP, Marketing', 'director', 'Student', null, 'Head of Growth', 'VP Sales'],
    email: ['a@b.com', 'c@d.com', 'e@f.com', null, 'g@h.com', 'x@RIVAL.com'],
  },
  numeric: { company_size: [250, 50, 199.99, NaN, 7, 300] },
});

/** A rule_engagement row with no decay or cap at work. */
const fired = (lead_id: string, rule_id: string, occurrences: number, points: number): EngagementRow => ({
  lead_id, rule_id, occurrences, raw_points: points, decayed_points: points, capped_points: points, points, inactive_weeks: 0,
});
const engagement = foldEngagementRows(foldRules, leadIds, [
  fired('vp', 'visits', 4, 20),
  fired('vp', 'pricing', 2, 20),
  fired('vp', 'demo', 1, 50),
  fired('competitor', 'demo', 1, 50),
]);

describe('RuleScorer: fit rules, disqualifiers, limits', () => {
  const scores = new RuleScorer(foldRules).score(frame, engagement);

  it('gives the first matching option’s points: equals, in and pattern case-insensitively, ranges min-inclusive max-exclusive, missing', () => {
    // vp: 20 + 20 = 40 → fit limit 30; director (in, other case) 15 + size 50 (inclusive) 10;
    // student -10 + 199.99 (< 200) 10; unknown: both missing -5 - 2; tiny: 15 + equals 7 → 1.
    expect(Array.from(scores.fitPoints)).toEqual([30, 25, 0, -7, 16, 30]);
  });

  it('applies group, part and total limits', () => {
    // vp: web 20 + 20 = 40 → 30, demo 50 → engagement 80; fit 30 + 80 = 110 → total 100.
    expect(Array.from(scores.engagementPoints)).toEqual([80, 0, 0, 0, 0, 50]);
    expect(Array.from(scores.points)).toEqual([100, 25, 0, -7, 16, 80]);
  });

  it('scales to 0–100, negative totals at 0', () => {
    expect(Array.from(scores.score)).toEqual([100, 25, 0, 0, 16, 80]);
    expect(scores.fitScore[1]).toBeCloseTo((25 / 30) * 100, 12);
    expect(scores.engagementScore[5]).toBe(62.5);
  });

  it('flags disqualified leads with the first matching disqualifier', () => {
    expect(Array.from(scores.disqualified)).toEqual([0, 0, 0, 0, 1, 1]);
    expect(scores.labels(4).disqualifiedBy).toBe('small');
    expect(scores.labels(5).disqualifiedBy).toBe('competitor');
    expect(scores.labels(3).disqualifiedBy).toBeNull(); // a missing size is not "under 10"
  });

  it('grades fit, bands engagement and names the matrix cell', () => {
    const labels = scores.labelColumns();
    expect(labels.grade).toEqual(['A', 'A', 'D', 'D', 'B', 'A']);
    expect(Array.from(scores.band)).toEqual([1, 3, 3, 3, 3, 1]);
    expect(labels.matrixCell).toEqual(['A1', 'A3', 'D3', 'D3', 'B3', 'A1']);
  });

  it('builds each label column on first read, as a fresh array the caller may change', () => {
    const labels = scores.labelColumns();
    expect(labels.status).toBe(labels.status);
    labels.status[1] = 'MQL';
    expect(scores.labelColumns().status[1]).toBe('new');
    expect(labels.disqualifiedBy).toEqual([null, null, null, null, 'small', 'competitor']);
    expect(labels.quadrant).toEqual(Array(6).fill(null)); // no quadrants in this rule set
    expect(Object.keys(labels)).toEqual(['grade', 'matrixCell', 'temperature', 'status', 'disqualifiedBy', 'quadrant']);
  });

  it('sets temperature by score, and a disqualified lead is always cold', () => {
    expect(scores.labelColumns().temperature).toEqual(['hot', 'cold', 'cold', 'cold', 'cold', 'cold']);
  });

  it('makes an MQL only of a qualified lead that is not disqualified', () => {
    // competitor scores 80, above the MQL threshold of 50, but is disqualified.
    expect(scores.labelColumns().status).toEqual(['MQL', 'new', 'new', 'new', 'new', 'new']);
  });

  it('explains a lead line by line, naming what each limit trimmed', () => {
    expect(scores.explain(0)).toEqual([
      { kind: 'fit', id: 'title', name: 'Job title', points: 20, detail: 'job_title = VP, Marketing (matches /^vp/i)' },
      { kind: 'fit', id: 'size', name: 'Company size', points: 20, detail: 'company_size = 250 (in ≥200)' },
      { kind: 'engagement', id: 'visits', name: 'visits', points: 20, detail: '4 × page_view: 4 × 5 = 20' },
      { kind: 'engagement', id: 'pricing', name: 'pricing', points: 20, detail: '2 × pricing_page_view: 2 × 10 = 20' },
      { kind: 'engagement', id: 'demo', name: 'demo', points: 50, detail: '1 × demo_request: 1 × 50 = 50' },
      { kind: 'group_limit', id: 'web', name: 'group web', points: -10, detail: 'group "web" gives at most 30 points; its rules gave 40' },
      { kind: 'fit_limit', id: 'fit', name: 'fit limit', points: -10, detail: 'fit is limited to 30 points; the rules gave 40' },
      { kind: 'total_limit', id: 'total', name: 'total limit', points: -10, detail: 'the total is limited to 100 points; the rules gave 110' },
    ]);
    expect(scores.explain(4)).toContainEqual({
      kind: 'disqualifier', id: 'small', name: 'Under 10 employees', points: 0, detail: 'company_size = 7 (in <10): never an MQL',
    });
    for (let row = 0; row < frame.rows; row++) expect(explainedPoints(scores.explain, row)).toBe(scores.points[row]);
  });
});

describe('RuleScorer: explanations add up on random leads', () => {
  it('matches the column-wise fold for every lead', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const n = 3000;
    const titles = ['VP, Sales', 'Director', 'Student', 'Engineer', null];
    const ids = Array.from({ length: n }, (_, i) => `L${i}`);
    const randomFrame = frameOf({
      leadIds: ids,
      categorical: { job_title: ids.map(() => titles[Math.floor(random() * titles.length)]), email: ids.map(() => (random() < 0.1 ? 'a@rival.com' : 'a@b.com')) },
      numeric: { company_size: ids.map(() => (random() < 0.1 ? NaN : Math.floor(random() * 400))) },
    });
    const rows: EngagementRow[] = [];
    for (const id of ids) {
      for (const rule of ['visits', 'pricing', 'demo']) if (random() < 0.4) rows.push(fired(id, rule, 1, Math.round(random() * 400) / 10));
    }
    const scores = new RuleScorer(foldRules).score(randomFrame, foldEngagementRows(foldRules, ids, rows));
    for (let row = 0; row < n; row++) expect(explainedPoints(scores.explain, row)).toBeCloseTo(scores.points[row], 9);
  });
});

describe('RuleScorer: lifecycle status', () => {
  const rules = rulesOf(`
name: status
fit: [{ id: size, attribute: company_size, range: { min: 100 }, points: 10 }]
disqualifiers: [{ id: tiny, attribute: company_size, range: { max: 5 } }]
engagement: [{ id: demo, event_type: demo_request, points: 10 }]
limits: { total: 20 }
mql: { min_score: 50, fit_grade_at_least: B, engagement_band_at_least: 2 }
`);
  const ids = ['mql', 'accepted', 'won', 'lost', 'low', 'no_fit', 'no_engagement', 'tiny_lost'];
  const statusFrame = frameOf({ leadIds: ids, numeric: { company_size: [500, 500, 500, 500, 20, 20, 500, 3] } });
  const demo = foldEngagementRows(rules, ids, ['mql', 'accepted', 'won', 'lost', 'no_fit', 'tiny_lost'].map((id) => fired(id, 'demo', 1, 10)));

  it('moves new → MQL → sales_accepted, and lost leads to recycled while still scoring them', () => {
    const scores = new RuleScorer(rules).score(statusFrame, demo, {
      outcomeStatus: ['open', 'open', 'won', 'lost', 'open', 'open', 'open', 'lost'],
      salesAccepted: Uint8Array.from([0, 1, 0, 0, 0, 0, 0, 0]),
    });
    expect(scores.labelColumns().status).toEqual(['MQL', 'sales_accepted', 'sales_accepted', 'recycled', 'new', 'new', 'new', 'recycled']);
    // no_fit has score 50 (engagement only) but grade D; no_engagement has score 50, grade A, band 3.
    expect(Array.from(scores.score)).toEqual([100, 100, 100, 100, 0, 50, 50, 50]);
    expect(scores.score[3]).toBe(100); // recycled, still scored
  });

  it('treats every lead as open without an outcome', () => {
    const scores = new RuleScorer(rules).score(statusFrame, demo);
    expect(scores.labels(0).status).toBe('MQL');
    expect(scores.labels(7).status).toBe('new'); // disqualified: never an MQL
    expect(LEAD_STATUSES[scores.status[3]]).toBe('MQL');
  });
});

describe('RuleScorer: configurable grades, bands, temperature and quadrants', () => {
  const rules = rulesOf(`
name: matrix
limits: { total: 20, fit: 10, engagement: 10 }
fit:
  - id: fit
    attribute: fit
    options:
      - { equals: 10, points: 10 }
      - { equals: 6, points: 6 }
      - { equals: 5.5, points: 5.5 }
      - { equals: 5, points: 5 }
engagement: [{ id: pain, event_type: pain, points: 1, cap: 10 }]
grades: { A+: 90, A: 60, B: 0 }
bands: [80, 0]
temperature: { hot: [A+1, A1], warm: [A+2, B1] }
quadrants: { high_from: 6 }
`);

  it('uses the configured letters, cut-offs, matrix temperatures and 1–10 ratings', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    // The numeric attribute "fit" carries the fit points directly (equals options), out of 10.
    const f = frameOf({ leadIds: ids, numeric: { fit: [10, 6, 5.5, 5, NaN] } });
    const pain = foldEngagementRows(rules, ids, [fired('a', 'pain', 9, 9), fired('b', 'pain', 5, 5), fired('c', 'pain', 8, 8), fired('d', 'pain', 6, 6)]);
    const scores = new RuleScorer(rules).score(f, pain);
    const labels = scores.labelColumns();
    expect(rules.temperature).toEqual({ by: 'matrix', hot: ['A+1', 'A1'], warm: ['A+2', 'B1'] });
    expect(labels.grade).toEqual(['A+', 'A', 'B', 'B', 'B']);
    expect(Array.from(scores.band)).toEqual([1, 2, 1, 2, 2]);
    expect(labels.matrixCell).toEqual(['A+1', 'A2', 'B1', 'B2', 'B2']);
    expect(labels.temperature).toEqual(['hot', 'cold', 'warm', 'cold', 'cold']);
    expect(Array.from(scores.quadrants!.fitRating)).toEqual([10, 6, 6, 5, 1]); // 5.5 of 10 rounds up to 6; the lowest rating is 1
    expect(Array.from(scores.quadrants!.painRating)).toEqual([9, 5, 8, 6, 1]);
    expect(labels.quadrant).toEqual(['priority', 'nurture', 'priority', 'qualify', 'deprioritise']);
  });
});

describe('RuleScorer: bad inputs fail with a message', () => {
  it('needs engagement points when the rule set has engagement rules', () => {
    expect(() => new RuleScorer(foldRules).score(frame)).toThrow(InputError);
  });

  it('names the rule whose attribute the frame lacks', () => {
    const noEmail = frameOf({ leadIds, categorical: { job_title: Array(6).fill('VP') }, numeric: { company_size: Array(6).fill(1) } });
    expect(() => new RuleScorer(foldRules).score(noEmail, engagement)).toThrow('rules.disqualifiers[1] "Competitor": attribute "email" is not in the data');
  });

  it('keeps each lead’s engagement entries in rule order, whatever order they were added in', () => {
    const points = foldEngagementRows(foldRules, leadIds, [fired('competitor', 'demo', 1, 50), fired('vp', 'demo', 1, 50), fired('vp', 'visits', 1, 5), fired('vp', 'pricing', 1, 10)]);
    expect(Array.from(points.start)).toEqual([0, 3, 3, 3, 3, 3, 4]);
    expect(Array.from(points.rule)).toEqual([0, 1, 2, 2]);
    expect(Array.from(points.points)).toEqual([5, 10, 50, 50]);
  });

  it('rejects engagement rows for a lead outside the frame, or from another rule set', () => {
    expect(() => foldEngagementRows(foldRules, leadIds, [fired('stranger', 'demo', 1, 5)])).toThrow('lead "stranger", which is not in the frame');
    expect(() => foldEngagementRows(foldRules, leadIds, [fired('vp', 'webinar', 1, 5)])).toThrow('rule "webinar", which is not an engagement rule');
    expect(() => foldEngagementRows(foldRules, leadIds, [fired('vp', 'demo', 1, 5), fired('vp', 'demo', 1, 5)])).toThrow('twice for rule "demo"');
  });
});
