import { describe, expect, it } from 'vitest';
import {
  buildEngagement,
  engagementColumns,
  engagementSql,
  listEventTypes,
  windowCountName,
  type EngagementOptions,
} from '../../features/engagement/engagement.ts';
import { buildLabels } from '../../features/labels/labels.ts';
import { canonicalTables, memoryConnection, rows } from '../helpers/duckdb.ts';

const labelOptions = {
  windowDays: 90,
  asOf: new Date('2024-12-31T00:00:00Z'),
  snapshotDays: 7,
  outcomeBeforeSnapshot: 'exclude' as const,
  missingStatus: 'open' as const,
};

const leads = `('a', '2024-01-01', 'web', null, null, 'saas'), ('b', '2024-01-01', 'web', null, null, 'saas')`;
// Snapshot of both leads: 2024-01-08 00:00.
const visibleEvents = `
  ('a', '2024-01-01 10:00', 'page_view', null),
  ('a', '2024-01-02 10:00', 'page_view', null),
  ('a', '2024-01-07 12:00', 'pricing_page_view', null),
  ('a', '2024-01-08 00:00', 'form_submit', null)`;
// Everything after the snapshot, including a burst right after it and far later.
const futureEvents = `
  ('a', '2024-01-08 00:00:01', 'pricing_page_view', null),
  ('a', '2024-01-09', 'demo_request', null),
  ('a', '2024-03-01', 'page_view', null),
  ('b', '2024-02-01', 'form_submit', null)`;

async function engagement(events: string, options?: Partial<EngagementOptions>) {
  const c = await memoryConnection();
  await canonicalTables(c, { leads, events });
  await buildLabels(c, labelOptions);
  const eventTypes = options?.eventTypes ?? ['page_view', 'pricing_page_view', 'form_submit', 'demo_request'];
  const full: EngagementOptions = { eventTypes, windowsDays: [1, 7, 30], decayHalfLifeDays: 7, ...options };
  await buildEngagement(c, full);
  return { c, table: await rows(c, 'select * from lead_engagement order by lead_id'), columns: engagementColumns(full) };
}

describe('point-in-time engagement stage', () => {
  it('counts events per type within each window before the snapshot', async () => {
    const { table } = await engagement(visibleEvents);
    const a = table[0];
    expect(a.page_view_count_1d).toBe(0);
    expect(a.page_view_count_7d).toBe(2);
    expect(a.pricing_page_view_count_1d).toBe(1);
    expect(a.form_submit_count_1d).toBe(1); // an event exactly at the snapshot is seen
    expect(a.events_count).toBe(4);
    expect(a.recency_days).toBe(0);
    expect(a.active_days_count).toBe(4);
    // decayed total: ages 6.583, 5.583, 0.5, 0 days with a 7-day half-life
    const expected = [6 + 14 / 24, 5 + 14 / 24, 0.5, 0].reduce((s, age) => s + Math.pow(0.5, age / 7), 0);
    expect(a.decayed_engagement).toBeCloseTo(expected, 9);
  });

  it('changes no feature when events after the snapshot are added', async () => {
    const before = await engagement(visibleEvents);
    const after = await engagement(`${visibleEvents}, ${futureEvents}`);
    expect(after.table).toEqual(before.table);
    // lead b only has a future event: it gets no engagement row at all
    expect(after.table.map((r) => r.lead_id)).toEqual(['a']);
  });

  it('counts an event exactly W days before the snapshot in the W-day window', async () => {
    const { table } = await engagement(`('b', '2024-01-01 00:00', 'page_view', null), ('b', '2023-12-31 23:59:59', 'page_view', null)`);
    expect(table[0]).toMatchObject({ lead_id: 'b', page_view_count_7d: 1, page_view_count_30d: 2 });
  });

  it('lists event types by frequency, ties by name', async () => {
    const { c } = await engagement(`${visibleEvents}, ${futureEvents}`);
    expect(await listEventTypes(c)).toEqual(['page_view', 'form_submit', 'pricing_page_view', 'demo_request']);
  });

  it('matches a plain count-per-type-and-window formulation on varied events', async () => {
    // Deterministic pseudo-random events: ages from seconds to a year before the snapshot (so both
    // the 64-day mask and the older list hold active days), several per day, window edges exactly,
    // a type outside the list, and events after the snapshot.
    const leadCount = 40;
    const types = ['page_view', 'form_submit', 'webinar', 'unlisted_type'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const leadRows = Array.from({ length: leadCount }, (_, i) => `('L${i}', timestamp '2024-03-01' + to_hours(${i}), 'web', null, null, 'saas')`);
    const eventRows: string[] = [];
    // Exactly on the window edges (1, 7, 30, 90 days) and either side of the 64-day mask.
    const edges = [0, 1, 7, 30, 63, 64, 90].map((days) => days * 86400);
    for (let i = 0; i < leadCount; i++) {
      for (let k = 0; k < 25; k++) {
        const seconds = k >= 1 && k <= edges.length ? edges[k - 1] : Math.floor(random() ** 3 * 400 * 86400);
        const type = types[Math.floor(random() * types.length)];
        // Snapshot = created_at + 7 days; some events land after it.
        eventRows.push(`('L${i}', timestamp '2024-03-08' + to_hours(${i}) - to_seconds(${seconds - (k % 11 === 0 ? 3 * 86400 : 0)}), '${type}', null)`);
      }
    }
    const c = await memoryConnection();
    await canonicalTables(c, { leads: leadRows.join(', '), events: eventRows.join(', ') });
    await buildLabels(c, labelOptions);
    const options: EngagementOptions = { eventTypes: ['form_submit', 'page_view', 'webinar'], windowsDays: [30, 1, 7, 90], decayHalfLifeDays: 10 };
    await buildEngagement(c, options);
    const counts = options.eventTypes.flatMap((type) =>
      options.windowsDays.map(
        (days) => `count(*) filter (where event_type = '${type}' and age_days <= ${days})::integer as "${windowCountName(type, days)}"`,
      ),
    );
    const reference = await rows(
      c,
      `with visible as (
         select events.lead_id, events.event_type, events.occurred_at,
                date_diff('second', events.occurred_at, lead_labels.snapshot_at) / 86400.0 as age_days
         from events join lead_labels using (lead_id)
         where events.occurred_at <= lead_labels.snapshot_at
       )
       select lead_id, ${counts.join(', ')}, count(*)::integer as events_count, min(age_days) as recency_days,
              sum(exp(-ln(2) * age_days / 10)) as decayed_engagement,
              count(distinct cast(occurred_at as date))::integer as active_days_count
       from visible group by lead_id order by lead_id`,
    );
    const built = await rows(c, `select * from lead_engagement order by lead_id`);
    expect(built.map((r) => r.lead_id)).toEqual(reference.map((r) => r.lead_id));
    expect(Object.keys(built[0])).toEqual(['lead_id', ...engagementColumns(options)]);
    expect(reference.some((r) => Number(r.active_days_count) > 20)).toBe(true);
    built.forEach((row, i) => {
      const { decayed_engagement: decayed, ...rest } = row;
      const { decayed_engagement: expectedDecayed, ...expectedRest } = reference[i];
      expect(rest).toEqual(expectedRest);
      expect(decayed as number).toBeCloseTo(expectedDecayed as number, 12);
    });
    // Counting slot by slot (the fallback for very busy leads) builds the same table.
    await c.run(`create table per_slot as ${engagementSql(options, 'per slot')}`);
    expect(await rows(c, 'select * exclude (decayed_engagement) from per_slot order by lead_id')).toEqual(
      await rows(c, 'select * exclude (decayed_engagement) from lead_engagement order by lead_id'),
    );
  });

  it('counts exactly for a lead with 2^17 events or more, which packed counts cannot hold', async () => {
    // 2^17 page views in the last day would carry into the next field of a packed sum.
    const busy = 2 ** 17;
    const c = await memoryConnection();
    await canonicalTables(c, { leads, events: visibleEvents });
    await c.run(`insert into events select 'b', timestamp '2024-01-07 12:00' + to_microseconds(i), 'page_view', null from range(${busy}) t(i)`);
    await c.run(`insert into events values ('b', '2024-01-05 00:00', 'page_view', null), ('b', '2024-01-07 00:00', 'form_submit', null)`);
    await buildLabels(c, labelOptions);
    await buildEngagement(c, { eventTypes: ['page_view', 'pricing_page_view', 'form_submit'], windowsDays: [1, 7, 30], decayHalfLifeDays: 7 });
    const [a, b] = await rows(c, 'select * from lead_engagement order by lead_id');
    expect(b).toMatchObject({
      page_view_count_1d: busy,
      page_view_count_7d: busy + 1,
      page_view_count_30d: busy + 1,
      pricing_page_view_count_1d: 0,
      form_submit_count_1d: 1,
      form_submit_count_7d: 1,
      events_count: busy + 2,
    });
    // The quiet lead's counts are unaffected.
    expect(a).toMatchObject({ page_view_count_7d: 2, pricing_page_view_count_1d: 1, form_submit_count_1d: 1, events_count: 4 });
  });
});
