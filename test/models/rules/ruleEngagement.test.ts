import { describe, expect, it } from 'vitest';
import { leadKeysOf, readEngagementPoints } from '../../../models/rules/readEngagementPoints.ts';
import { buildRuleEngagement, ruleEngagementSql } from '../../../models/rules/ruleEngagementSql.ts';
import { memoryConnection } from '../../helpers/duckdb.ts';
import type { RuleSet } from '../../../models/rules/ruleSet.ts';
import { engagementOf, rulesOf } from './rulesFixture.ts';

// Every lead is scored at 2024-03-01 00:00 UTC; an event "d days ago" is at 2024-03-01 minus d days.
const scoredAt = '2024-03-01 00:00:00';

describe('rule_engagement.sql', () => {
  it('counts points per occurrence, only events up to the scoring time', async () => {
    const rules = rulesOf(`
name: t
engagement:
  - { id: forms, event_type: form_submit, points: 20 }
`);
    const { table } = await engagementOf(rules, ['a', 'b'], `
      ('a', '2024-02-01', 'form_submit', null),
      ('a', '2024-03-01 00:00:00', 'form_submit', null),
      ('a', '2024-03-01 00:00:01', 'form_submit', null),
      ('a', '2024-02-20', 'page_view', null),
      ('b', '2024-03-02', 'form_submit', null)`, scoredAt);
    // b's only form is after its scoring time: no row at all.
    expect(table).toEqual([
      { lead_id: 'a', rule_id: 'forms', occurrences: 2, raw_points: 40, decayed_points: 40, capped_points: 40, points: 40, inactive_weeks: 0 },
    ]);
  });

  it('keeps only the last window_days (an event exactly window_days old counts, as in the model features)', async () => {
    const rules = rulesOf(`
name: t
engagement:
  - { id: visits, event_type: page_view, points: 5, window_days: 30 }
`);
    const { table } = await engagementOf(rules, ['a'], `
      ('a', '2024-01-30 23:59:59', 'page_view', null),
      ('a', '2024-01-31 00:00:00', 'page_view', null),
      ('a', '2024-02-29', 'page_view', null)`, scoredAt);
    expect(table[0]).toMatchObject({ occurrences: 2, points: 10 });
  });

  it('filters on the event value: min inclusive, max exclusive; a missing value never matches', async () => {
    const rules = rulesOf(`
name: t
engagement:
  - { id: long_pricing, event_type: pricing_page_view, value: { min: 60, max: 600 }, points: 5 }
`);
    const { table } = await engagementOf(rules, ['a'], `
      ('a', '2024-02-20', 'pricing_page_view', 59),
      ('a', '2024-02-20', 'pricing_page_view', 60),
      ('a', '2024-02-21', 'pricing_page_view', 599.5),
      ('a', '2024-02-21', 'pricing_page_view', 600),
      ('a', '2024-02-22', 'pricing_page_view', null)`, scoredAt);
    expect(table[0]).toMatchObject({ occurrences: 2, points: 10 });
  });

  it('caps a rule’s points', async () => {
    const rules = rulesOf(`
name: t
engagement:
  - { id: visits, event_type: page_view, points: 5, cap: 12 }
  - { id: unsubscribed, event_type: email_bounce, points: -10, cap: 15 }
`);
    const events = Array.from({ length: 4 }, (_, i) => `('a', '2024-02-2${i}', 'page_view', null), ('a', '2024-02-2${i}', 'email_bounce', null)`);
    const { table } = await engagementOf(rules, ['a'], events.join(', '), scoredAt);
    expect(table.map((r) => [r.rule_id, r.raw_points, r.capped_points, r.points])).toEqual([
      ['unsubscribed', -40, -15, -15], // a negative rule is capped in absolute value
      ['visits', 20, 12, 12],
    ]);
  });

  it('scores frequency bands by occurrence count (both ends inclusive)', async () => {
    const rules = rulesOf(`
name: t
engagement:
  - id: visits
    event_type: page_view
    frequency:
      - { min: 1, max: 2, points: 5 }
      - { min: 3, points: 10 }
`);
    const visits = (lead: string, n: number) => Array.from({ length: n }, (_, i) => `('${lead}', '2024-02-1${i}', 'page_view', null)`);
    const { table } = await engagementOf(rules, ['one', 'two', 'three', 'six'], [...visits('one', 1), ...visits('two', 2), ...visits('three', 3), ...visits('six', 6)].join(', '), scoredAt);
    expect(table.map((r) => [r.lead_id, r.occurrences, r.points])).toEqual([
      ['one', 1, 5],
      ['six', 6, 10],
      ['three', 3, 10],
      ['two', 2, 5],
    ]);
  });

  it('decays each occurrence by its half-life: 10 points at ages 0, 14 and 28 days give 10 + 5 + 2.5', async () => {
    const rules = rulesOf(`
name: t
engagement:
  - { id: visits, event_type: page_view, points: 10, half_life_days: 14 }
`);
    const { table } = await engagementOf(rules, ['a'], `
      ('a', '2024-03-01', 'page_view', null),
      ('a', '2024-02-16', 'page_view', null),
      ('a', '2024-02-02', 'page_view', null)`, scoredAt);
    expect(table[0]).toMatchObject({ occurrences: 3, raw_points: 30, decayed_points: 17.5, points: 17.5 });
  });

  it('decays before capping: 4 visits of 10 points, 7 days old, half-life 7 → 20, under a cap of 25', async () => {
    const rules = rulesOf(`
name: t
engagement:
  - { id: visits, event_type: page_view, points: 10, cap: 25, half_life_days: 7 }
`);
    const { table } = await engagementOf(rules, ['a'], Array(4).fill(`('a', '2024-02-23', 'page_view', null)`).join(', '), scoredAt);
    expect(table[0]).toMatchObject({ raw_points: 40, decayed_points: 20, capped_points: 20, points: 20 });
  });

  it('loses points per full week since the lead’s last activity of any type, never below 0', async () => {
    const rules = rulesOf(`
name: t
engagement:
  - { id: forms, event_type: form_submit, points: 20, points_lost_per_week_inactive: 5 }
`);
    const { table } = await engagementOf(rules, ['quiet_15_days', 'quiet_21_days', 'active_again', 'gone'], `
      ('quiet_15_days', '2024-02-15', 'form_submit', null),
      ('quiet_21_days', '2024-02-09', 'form_submit', null),
      ('active_again', '2024-01-01', 'form_submit', null),
      ('active_again', '2024-02-27', 'email_open', null),
      ('gone', '2023-12-01', 'form_submit', null)`, scoredAt);
    expect(table.map((r) => [r.lead_id, r.inactive_weeks, r.capped_points, r.points])).toEqual([
      ['active_again', 0, 20, 20], // an email open 3 days ago: no full week of inactivity
      ['gone', 13, 20, 0], // 91 days: 13 weeks × 5 would be 65, stops at 0
      ['quiet_15_days', 2, 20, 10], // 15 days = 2 full weeks
      ['quiet_21_days', 3, 20, 5],
    ]);
  });

  it('generates SQL that quotes event types through core/sql.ts', () => {
    const rules = rulesOf(`
name: t
engagement:
  - { id: quote, event_type: "o'clock", points: 1.5 }
`);
    const sql = ruleEngagementSql(rules, { firstUs: 0, lastUs: 0 });
    expect(sql).toContain(`(0, 'quote', 1.5, false, null, null, null, null, null, null)`);
    expect(sql).toContain(`('quote', 'o''clock')`);
    expect(sql).not.toMatch(/\{\{/);
  });

  it('works with a rule set without engagement rules or events', async () => {
    const rules = rulesOf(`
name: t
fit: [{ id: size, attribute: company_size, range: { min: 100 }, points: 5 }]
`);
    const { table, points } = await engagementOf(rules, ['a'], `('a', '2024-02-01', 'page_view', null)`, scoredAt);
    expect(table).toEqual([]);
    expect(Array.from(points.start)).toEqual([0, 0]);
  });

  it('reads the rows into frame order, and rejects a lead outside the frame or another rule set’s table', async () => {
    const rules = rulesOf(`
name: t
engagement:
  - { id: visits, event_type: page_view, points: 5 }
  - { id: demo, event_type: demo_request, points: 30 }
`);
    const c = await memoryConnection();
    await c.run(`create table events as select * from (values
      ('b', timestamp '2024-02-01', 'page_view', null::double), ('b', timestamp '2024-02-02', 'demo_request', null),
      ('a', timestamp '2024-02-01', 'demo_request', null), ('stranger', timestamp '2024-02-01', 'page_view', null)
    ) as t(lead_id, occurred_at, event_type, value)`);
    await c.run(`create table rule_leads as select lead_id, timestamp '2024-03-01' as scored_at from (values ('a'), ('b'), ('c'), ('stranger')) as t(lead_id)`);
    await buildRuleEngagement(c, rules);
    const frame = { leadIds: ['c', 'b', 'a'], leadKeys: await leadKeysOf(c, ['c', 'b', 'a']) };
    await expect(readEngagementPoints(c, rules, frame)).rejects.toThrow('lead "stranger", which is not in the frame');

    await c.run(`delete from rule_engagement where lead_key = (select rowid from rule_leads where lead_id = 'stranger')`);
    const points = await readEngagementPoints(c, rules, frame);
    expect(Array.from(points.start)).toEqual([0, 0, 2, 3]);
    expect(Array.from(points.rule)).toEqual([0, 1, 1]); // b: visits, demo; a: demo
    expect(Array.from(points.points)).toEqual([5, 30, 30]);

    const reordered = rulesOf(`
name: t
engagement:
  - { id: demo, event_type: demo_request, points: 30 }
  - { id: visits, event_type: page_view, points: 5 }
`);
    await expect(readEngagementPoints(c, reordered, frame)).rejects.toThrow('rule_engagement was built from another rule set');
  });

  it('matches a direct computation on random events, one row per lead and rule (the table’s grain and invariants)', async () => {
    const rules = rulesOf(`
name: t
engagement:
  - { id: visits, event_type: [page_view, pricing_page_view], points: 3, cap: 20, window_days: 20, half_life_days: 5 }
  - { id: long, event_type: pricing_page_view, value: { min: 30, max: 90 }, points: 4, points_lost_per_week_inactive: 3 }
  - { id: emails, event_type: email_open, frequency: [{ min: 2, max: 3, points: 4 }, { min: 5, points: 9 }], points_lost_per_week_inactive: 1 }
`);
    await expectDirectComputation(rules, () => Date.UTC(2024, 2, 1));
  });

  it('matches it too when every rule has a window (only recent events are read) and each lead has its own scoring time', async () => {
    const rules = rulesOf(`
name: t
engagement:
  - { id: visits, event_type: [page_view, pricing_page_view], points: 3, cap: 20, window_days: 20, half_life_days: 5 }
  - { id: long, event_type: pricing_page_view, value: { min: 30, max: 90 }, points: 4, window_days: 9.5, points_lost_per_week_inactive: 3 }
  - { id: emails, event_type: email_open, frequency: [{ min: 2, max: 3, points: 4 }, { min: 5, points: 9 }], window_days: 30, points_lost_per_week_inactive: 1 }
`);
    await expectDirectComputation(rules, (lead) => Date.UTC(2024, 2, 1) - (lead % 4) * 11 * 86_400_000);
  });

  it('counts an event window_days old (in whole seconds) at the earliest scoring time, not one a second older', async () => {
    // Ages count whole seconds: 30 days and 0.3 s before 00:00:00.5 is 30 days old, and counts.
    const rules = rulesOf(`
name: t
engagement:
  - { id: forms, event_type: form_submit, points: 1, window_days: 30 }
`);
    const { table } = await engagementOf(rules, ['early', 'late'], `
      ('early', '2024-01-01 23:59:59.9', 'form_submit', null),
      ('early', '2024-01-02 00:00:00.2', 'form_submit', null),
      ('late', '2024-01-02 00:00:00.2', 'form_submit', null)`, { early: '2024-02-01 00:00:00.5', late: '2024-03-01 00:00:00' });
    expect(table.map((r) => [r.lead_id, r.occurrences])).toEqual([['early', 1]]);
  });

  it('adds decaying points oldest first, so the sum does not depend on the order events are stored or read in', async () => {
    // 1 point, halving every day: today 1, 53 days ago 2^-53 twice. Oldest first the two small ones
    // add up to 2^-52 before meeting the 1, which keeps them (1 + 2^-52); newest first each would vanish.
    const rules = rulesOf(`
name: t
engagement:
  - { id: visits, event_type: page_view, points: 1, half_life_days: 1 }
`);
    const { table } = await engagementOf(rules, ['a'], `
      ('a', '2024-03-01', 'page_view', null),
      ('a', '2024-01-08', 'page_view', null),
      ('a', '2024-01-08', 'page_view', null)`, scoredAt);
    expect(table[0].decayed_points).toBe(1 + 2 ** -52);
  });
});

/**
 * Builds rule_engagement for random events (some after a lead's scoring time) and compares every
 * row with the rules applied directly in JS.
 */
async function expectDirectComputation(rules: RuleSet, scoredMsOf: (lead: number) => number): Promise<void> {
  let seed = 11;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const types = ['page_view', 'pricing_page_view', 'email_open', 'form_submit'];
  const latestMs = Date.UTC(2024, 2, 1);
  const events = Array.from({ length: 600 }, () => ({
    lead: Math.floor(random() * 40),
    at: latestMs - Math.floor((random() * 100 - 5) * 86400) * 1000, // some after the scoring time
    type: types[Math.floor(random() * types.length)],
    value: random() < 0.2 ? null : Math.floor(random() * 120),
  }));
  const leads = Array.from({ length: 40 }, (_, i) => `L${i}`);
  const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
  const values = events.map((e) => `('L${e.lead}', '${sqlTime(e.at)}', '${e.type}', ${e.value ?? 'null'})`);
  const scoredAt = Object.fromEntries(leads.map((id, i) => [id, sqlTime(scoredMsOf(i))]));
  const { table } = await engagementOf(rules, leads, values.join(', '), scoredAt);

  const expected: Record<string, unknown>[] = [];
  leads.forEach((lead, i) => {
    const scoredMs = scoredMsOf(i);
    const seen = events.filter((e) => e.lead === i && e.at <= scoredMs).map((e) => ({ ...e, age: (scoredMs - e.at) / 86400000 }));
    if (!seen.length) return;
    const weeks = Math.floor(Math.min(...seen.map((e) => e.age)) / 7);
    for (const rule of rules.engagement) {
      const counted = seen.filter(
        (e) =>
          rule.eventTypes.includes(e.type) &&
          (rule.windowDays === null || e.age <= rule.windowDays) &&
          (rule.value === null || (e.value !== null && e.value >= (rule.value.min ?? -Infinity) && e.value < (rule.value.max ?? Infinity))),
      );
      if (!counted.length) continue;
      const n = counted.length;
      let raw: number;
      let decayed: number;
      if (rule.scoring.kind === 'per_occurrence') {
        const per = rule.scoring.points;
        raw = n * per;
        decayed = rule.decay.kind === 'half_life' ? counted.reduce((sum, e) => sum + per * 0.5 ** (e.age / (rule.decay as { days: number }).days), 0) : raw;
      } else {
        raw = decayed = rule.scoring.bands.find((b) => n >= b.min && (b.max === null || n <= b.max))?.points ?? 0;
      }
      const capped = rule.cap === null ? decayed : Math.min(decayed, rule.cap);
      const points = rule.decay.kind === 'weekly_loss' ? Math.max(0, capped - rule.decay.pointsPerWeek * weeks) : capped;
      expected.push({ lead_id: lead, rule_id: rule.id, occurrences: n, raw_points: raw, decayed_points: decayed, capped_points: capped, points, inactive_weeks: weeks });
    }
  });
  const order = (rows: Record<string, unknown>[]) => rows.map((r) => `${r.lead_id} ${r.rule_id}`).sort();
  expect(order(table)).toEqual(order(expected));
  expect(new Set(order(table)).size).toBe(table.length);
  const byKey = new Map(expected.map((r) => [`${r.lead_id} ${r.rule_id}`, r]));
  for (const row of table) {
    const want = byKey.get(`${row.lead_id} ${row.rule_id}`)!;
    for (const key of Object.keys(want)) {
      if (typeof want[key] === 'number') expect(row[key] as number, `${row.lead_id} ${row.rule_id} ${key}`).toBeCloseTo(want[key] as number, 9);
    }
    expect(Math.abs(row.points as number)).toBeLessThanOrEqual(Math.abs(row.capped_points as number));
  }
  expect(table.length).toBeGreaterThan(40);
}
