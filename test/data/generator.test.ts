import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { LeadscoreError } from '../../core/errors.ts';
import {
  CHANNELS,
  COLUMNS,
  EVENT_TYPES,
  generateSampleCrm,
  summarizeEngagement,
  trueConversionProbability,
  type GeneratedCrm,
  type TimedEvent,
} from '../../data/generator/index.ts';

const LEADS = 4000;
const SEED = 7;

let dir: string;
let clean: GeneratedCrm;
let dirty: GeneratedCrm;
let instance: DuckDBInstance;
let db: DuckDBConnection;

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

async function one(sql: string): Promise<Record<string, unknown>> {
  const [row] = await query(sql);
  return row;
}

/** Splits one CSV line (no embedded line breaks in generated files) into fields, RFC 4180 quoting. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        field += line.slice(i, q);
        i = q + 1;
        if (line[i] === '"') (field += '"'), i++;
        else break;
      }
    } else {
      const comma = line.indexOf(',', i);
      field = line.slice(i, comma === -1 ? line.length : comma);
      i = comma === -1 ? line.length : comma;
    }
    fields.push(field);
    if (line[i] !== ',') return fields;
    i++;
  }
}

async function dataLines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n').slice(1);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadscore-generator-'));
  clean = await generateSampleCrm({ outDir: join(dir, 'clean'), leads: LEADS, seed: SEED });
  dirty = await generateSampleCrm({ outDir: join(dir, 'dirty'), leads: LEADS, seed: SEED, badRows: 14 });
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  const read = (path: string) => `read_csv('${path}', header = true, all_varchar = true)`;
  await db.run(`create table raw_leads as select * from ${read(clean.files.leads)}`);
  await db.run(`create table raw_events as select * from ${read(clean.files.events)}`);
  await db.run(`create table raw_outcomes as select * from ${read(clean.files.outcomes)}`);
  await db.run(`create table raw_costs as select * from ${read(clean.files.channel_costs)}`);
  // Typed views cast strictly: a value that does not parse fails the test run loudly.
  await db.run(`create view leads as select * replace (created_at::timestamp as created_at, company_size::bigint as company_size,
    annual_revenue::double as annual_revenue) from raw_leads`);
  await db.run(`create view events as select * replace (occurred_at::timestamp as occurred_at, value::double as value) from raw_events`);
  await db.run(`create view outcomes as select * replace (closed_at::timestamp as closed_at, amount::double as amount) from raw_outcomes`);
  await db.run(`create view costs as select * replace (cost::double as cost) from raw_costs`);
});

afterAll(async () => {
  db?.closeSync();
  instance?.closeSync();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('generateSampleCrm', () => {
  it('writes byte-identical files for the same seed and options, different ones for another seed', async () => {
    const a = await generateSampleCrm({ outDir: join(dir, 'det-a'), leads: 300, seed: 3, badRows: 6 });
    const b = await generateSampleCrm({ outDir: join(dir, 'det-b'), leads: 300, seed: 3, badRows: 6 });
    const c = await generateSampleCrm({ outDir: join(dir, 'det-c'), leads: 300, seed: 4, badRows: 6 });
    for (const table of ['leads', 'events', 'outcomes', 'channel_costs'] as const) {
      const bytes = await readFile(a.files[table]);
      expect(bytes.equals(await readFile(b.files[table])), table).toBe(true);
      if (table !== 'channel_costs') expect(bytes.equals(await readFile(c.files[table])), table).toBe(false);
    }
    expect(a.badRows).toEqual(b.badRows.map((r) => ({ ...r, file: r.file.replace('det-b', 'det-a') })));
  });

  it('reports the row counts of the files it wrote, with the canonical headers', async () => {
    expect(clean.rows.leads).toBe(LEADS);
    expect(clean.rows.outcomes).toBe(LEADS);
    expect(clean.rows.channel_costs).toBe(CHANNELS.length * 18);
    for (const table of ['leads', 'events', 'outcomes', 'channel_costs'] as const) {
      const text = await readFile(clean.files[table], 'utf8');
      expect(text.slice(0, text.indexOf('\n'))).toBe(COLUMNS[table].join(','));
      expect(text.split('\n').length - 2, table).toBe(clean.rows[table]);
    }
    expect(clean.asOf).toBe('2026-06-30 23:59:59');
    expect(clean.startsAt).toBe('2025-01-01 00:00:00');
  });

  it('writes unique, well-formed leads inside the span, with ~15% missing revenue and quoted commas', async () => {
    const r = await one(`select count(*)::int n, count(distinct lead_id)::int ids,
        count(*) filter (where not regexp_full_match(lead_id, 'L[0-9]{7}'))::int bad_ids,
        min(created_at)::varchar first_at, max(created_at)::varchar last_at,
        avg((annual_revenue is null)::int) revenue_missing, min(company_size)::int min_size,
        count(*) filter (where job_title = 'VP, Marketing')::int vp_marketing,
        count(distinct channel)::int channels
      from leads`);
    expect(r).toMatchObject({ n: LEADS, ids: LEADS, bad_ids: 0, channels: CHANNELS.length });
    expect(String(r.first_at) >= clean.startsAt && String(r.last_at) <= clean.asOf).toBe(true);
    expect(r.revenue_missing).toBeGreaterThan(0.1);
    expect(r.revenue_missing).toBeLessThan(0.2);
    expect(r.min_size).toBeGreaterThanOrEqual(1);
    expect(r.vp_marketing).toBeGreaterThan(0);
  });

  it('writes events only for known leads, at or after created_at and not after the as-of date', async () => {
    const r = await one(`select count(*)::int n,
        count(*) filter (where l.lead_id is null)::int orphans,
        count(*) filter (where e.occurred_at < l.created_at)::int before_created,
        count(*) filter (where e.occurred_at = l.created_at)::int at_created,
        count(*) filter (where e.occurred_at > timestamp '${clean.asOf}')::int after_as_of,
        count(*) filter (where e.event_type not in (${EVENT_TYPES.map((t) => `'${t}'`).join(',')}))::int unknown_types,
        count(*) filter (where e.occurred_at < l.created_at + interval 7 day)::int early
      from events e left join leads l using (lead_id)`);
    expect(r).toMatchObject({ n: clean.rows.events, orphans: 0, before_created: 0, after_as_of: 0, unknown_types: 0 });
    expect(r.at_created).toBeGreaterThan(0);
    expect(Number(r.early) / Number(r.n)).toBeGreaterThan(0.4);
    const perLead = Number(r.n) / LEADS;
    expect(perLead).toBeGreaterThan(5);
    expect(perLead).toBeLessThan(15);
  });

  it('writes one consistent outcome per lead, nothing closing after the as-of date', async () => {
    const r = await one(`select count(*)::int n, count(distinct o.lead_id)::int ids,
        count(*) filter (where status not in ('won', 'lost', 'open'))::int bad_status,
        count(*) filter (where status = 'won' and (closed_at is null or not amount > 0))::int bad_won,
        count(*) filter (where status = 'lost' and (closed_at is null or amount is not null))::int bad_lost,
        count(*) filter (where status = 'open' and (closed_at is not null or amount is not null))::int bad_open,
        count(*) filter (where closed_at > timestamp '${clean.asOf}' or closed_at < l.created_at)::int bad_close,
        count(*) filter (where status = 'open' and l.created_at < timestamp '${clean.asOf}' - interval 190 day)::int stale_open,
        avg((status = 'open')::int) filter (where l.created_at >= timestamp '${clean.asOf}' - interval 30 day) recent_open
      from outcomes o join leads l using (lead_id)`);
    expect(r).toMatchObject({ n: LEADS, ids: LEADS, bad_status: 0, bad_won: 0, bad_lost: 0, bad_open: 0, bad_close: 0, stale_open: 0 });
    expect(r.recent_open).toBeGreaterThan(0.5);
  });

  it("places won leads' events mostly before their close", async () => {
    const r = await one(`select avg((e.occurred_at <= o.closed_at)::int) before_close
      from events e join outcomes o using (lead_id) where o.status = 'won'`);
    expect(r.before_close).toBeGreaterThan(0.85);
  });

  it('writes a cost for every channel and month of the span, zero or more', async () => {
    const r = await one(`select count(*)::int n, count(distinct (channel, month))::int pairs,
        count(distinct channel)::int channels, min(month) first_month, max(month) last_month, min(cost) min_cost from costs`);
    expect(r).toMatchObject({ n: CHANNELS.length * 18, pairs: CHANNELS.length * 18, channels: CHANNELS.length, first_month: '2025-01', last_month: '2026-06' });
    expect(r.min_cost).toBeGreaterThanOrEqual(0);
    const byChannel = await query(`select channel, sum(cost) total from costs group by channel`);
    const total = Object.fromEntries(byChannel.map((row) => [row.channel, Number(row.total)]));
    expect(total.referral).toBeLessThan(total.paid_search / 10);
    expect(total.organic_search).toBeLessThan(total.paid_search / 10);
  });

  it('converts leads as the known conversion function says', async () => {
    // Leads older than the longest close delay have all closed: no open outcomes to bias the rates.
    const leads = await query(`select l.lead_id, l.channel, l.industry, l.company_size::double company_size, l.job_title,
        l.country, epoch(l.created_at) created, o.status = 'won' won
      from leads l join outcomes o using (lead_id) where l.created_at < timestamp '${clean.asOf}' - interval 190 day`);
    const events = await query(`select e.lead_id, e.event_type, epoch(e.occurred_at) - epoch(l.created_at) seconds_after
      from events e join leads l using (lead_id) where e.occurred_at < l.created_at + interval 7 day`);
    const byLead = new Map<string, TimedEvent[]>();
    for (const e of events) {
      const list = byLead.get(String(e.lead_id)) ?? [];
      list.push({ type: String(e.event_type), secondsAfterCreated: Number(e.seconds_after) });
      byLead.set(String(e.lead_id), list);
    }
    const scored = leads
      .map((l) => ({
        won: l.won === true,
        p: trueConversionProbability(
          {
            channel: String(l.channel),
            industry: String(l.industry),
            companySize: Number(l.company_size),
            jobTitle: l.job_title === null ? null : String(l.job_title),
            country: String(l.country),
          },
          summarizeEngagement(byLead.get(String(l.lead_id)) ?? []),
        ),
      }))
      .sort((a, b) => a.p - b.p);
    const rate = (rows: typeof scored) => rows.filter((r) => r.won).length / rows.length;
    const tenth = Math.floor(scored.length / 10);
    const bottom = rate(scored.slice(0, tenth));
    const top = rate(scored.slice(-tenth));
    const overall = rate(scored);
    const meanP = scored.reduce((s, r) => s + r.p, 0) / scored.length;
    expect(scored.length).toBeGreaterThan(2000);
    expect(overall).toBeGreaterThan(0.1);
    expect(overall).toBeLessThan(0.2);
    expect(top).toBeGreaterThan(0.35);
    expect(top).toBeGreaterThan(5 * bottom);
    // Calibration: outcomes are drawn from exactly these probabilities.
    expect(Math.abs(meanP - overall)).toBeLessThan(0.025);
    const topMeanP = scored.slice(-tenth).reduce((s, r) => s + r.p, 0) / tenth;
    expect(Math.abs(topMeanP - top)).toBeLessThan(0.08);
  });

  it('injects the bad rows exactly where it reports them, leaving the clean rows as they were', async () => {
    expect(dirty.badRows).toHaveLength(14);
    expect(new Set(dirty.badRows.map((b) => `${b.table}.${b.column}.${b.kind}`))).toEqual(
      new Set([
        'leads.created_at.unparseable_date',
        'leads.lead_id.duplicate_lead_id',
        'events.lead_id.unknown_lead_id',
        'events.occurred_at.unparseable_date',
        'events.value.non_numeric',
        'outcomes.amount.non_numeric',
      ]),
    );
    const cleanIds = new Set((await dataLines(clean.files.leads)).map((line) => csvFields(line)[0]));
    for (const table of ['leads', 'events', 'outcomes', 'channel_costs'] as const) {
      const lines = await dataLines(dirty.files[table]);
      const bad = dirty.badRows.filter((b) => b.table === table);
      expect(dirty.rows[table], table).toBe(clean.rows[table] + bad.length);
      for (const b of bad) {
        expect(b.file).toBe(dirty.files[table]);
        const fields = csvFields(lines[b.row - 1]);
        expect(fields).toHaveLength(COLUMNS[table].length);
        const cell = fields[(COLUMNS[table] as readonly string[]).indexOf(b.column)];
        expect(cell, `${table} row ${b.row}`).toBe(b.value);
        if (b.kind === 'unparseable_date') expect(isRealTimestamp(cell)).toBe(false);
        if (b.kind === 'non_numeric') expect(Number.isFinite(Number(cell)) && cell.trim() !== '').toBe(false);
        if (b.kind === 'duplicate_lead_id') expect(cleanIds.has(cell)).toBe(true);
        if (b.kind === 'unknown_lead_id') expect(cleanIds.has(cell)).toBe(false);
      }
      const badRows = new Set(bad.map((b) => b.row));
      const withoutBad = lines.filter((_, i) => !badRows.has(i + 1));
      expect(withoutBad.join('\n') === (await dataLines(clean.files[table])).join('\n'), table).toBe(true);
    }
  });

  it('honours asOf: nothing later, costs for the 18 months up to it', async () => {
    const r = await generateSampleCrm({ outDir: join(dir, 'as-of'), leads: 300, asOf: '2025-12-15 12:00:00', badRows: 6 });
    expect(r.asOf).toBe('2025-12-15 12:00:00');
    expect(r.startsAt).toBe('2024-07-01 00:00:00');
    const costs = (await dataLines(r.files.channel_costs)).map((line) => csvFields(line)[1]);
    expect(costs[0]).toBe('2024-07');
    expect(costs[costs.length - 1]).toBe('2025-12');
    const timestamps = [
      ...(await dataLines(r.files.leads)).map((line) => csvFields(line)[1]),
      ...(await dataLines(r.files.events)).map((line) => csvFields(line)[1]),
      ...(await dataLines(r.files.outcomes)).map((line) => csvFields(line)[2]),
    ].filter((t) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(t));
    expect(timestamps.length).toBeGreaterThan(300);
    expect(timestamps.every((t) => t <= r.asOf)).toBe(true);
  });

  it('rejects invalid options with a usage error', async () => {
    const outDir = join(dir, 'invalid');
    for (const options of [{ leads: 0 }, { leads: 1.5 }, { seed: Number.NaN }, { badRows: -1 }, { asOf: '2026-02-30' }, { asOf: 'soon' }]) {
      const error = await generateSampleCrm({ outDir, ...options }).catch((e: unknown) => e);
      expect(error, JSON.stringify(options)).toBeInstanceOf(LeadscoreError);
      expect((error as LeadscoreError).code).toBe('usage');
    }
  });
});

/** True for a `YYYY-MM-DD HH:MM:SS` text naming a real moment (no Feb 30, no hour 25). */
function isRealTimestamp(text: string): boolean {
  const d = new Date(text.replace(' ', 'T') + 'Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 19).replace('T', ' ') === text;
}
