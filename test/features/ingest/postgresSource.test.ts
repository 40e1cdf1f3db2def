/**
 * Sources read from PostgreSQL tables and queries (features/ingest/postgresSource.ts), against a
 * real server: the same mapping, parsing, validation and quarantine as files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { resolveConfig, type ResolvedConfig } from '../../../data/config.ts';
import { LeadscoreError } from '../../../core/errors.ts';
import { ident, qualified } from '../../../core/sql.ts';
import { ingest, type IngestResult } from '../../../features/ingest/ingest.ts';
import { blockRanges, stagePostgresSources } from '../../../features/ingest/postgresSource.ts';
import { silentProgress } from '../../../core/progress.ts';
import { openConnection, readQuarantine, rowsOf, type QuarantineRow } from '../ingestFixture.ts';
import { freePort, startTestPostgres, type TestPostgres } from '../../helpers/postgres.ts';

const urlEnv = 'LEADSCORE_TEST_PG_SOURCE_URL';
let server: TestPostgres;
let admin: pg.Client;
let dir: string;

beforeAll(async () => {
  server = await startTestPostgres();
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  dir = mkdtempSync(join(tmpdir(), 'leadscore-pg-source-'));
  process.env[urlEnv] = server.url;
  await admin.query(`
    create table leads (
      lead_id text, created_at timestamp, channel text, campaign text,
      industry text, employees integer, revenue numeric, vip boolean, signup_day date);
    insert into leads values
      ('L1', '2024-01-02 10:00:00', 'paid_search', 'spring', 'retail', 10, 1250.5, true, '2024-01-01'),
      ('L2', '2024-01-05 08:30:00', 'organic', null, 'media', 250, null, false, '2024-01-04'),
      ('L3', '2024-02-01 00:00:00', 'organic', '', 'retail', 40, 99, null, null);
    create table events (lead_id text, occurred_at timestamptz, event_type text, value double precision);
    insert into events values
      ('L1', '2024-01-03 12:00:00+02', 'page_view', 0.1),
      ('L1', '2024-01-04 00:30:00-05', 'form_submit', null),
      ('L2', '2024-01-06 09:00:00+00', 'email_open', 3);
    create table outcomes (lead_id text, status text, closed_at date, amount numeric);
    insert into outcomes values ('L1', 'Closed Won', '2024-02-10', 1200), ('L2', 'Closed Lost', '2024-03-01', null);
    -- A session time zone far from UTC: timestamptz must still come out as UTC.
    alter database ${ident(new URL(server.url).pathname.slice(1))} set timezone = 'Asia/Kolkata';
  `);
});

afterAll(async () => {
  delete process.env[urlEnv];
  await admin?.end();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function configOf(raw: Record<string, unknown>): ResolvedConfig {
  return resolveConfig({ postgres: { url_env: urlEnv, connect_timeout_ms: 3000 }, output: { dir: join(dir, 'out') }, ...raw }, '<test>', dir);
}

interface Run {
  result: IngestResult;
  quarantine: QuarantineRow[];
  rows(sql: string): Promise<Record<string, unknown>[]>;
}

/** Ingests with `raw` config and hands the DuckDB tables to `check`. */
async function withIngest(raw: Record<string, unknown>, check: (run: Run) => Promise<void>): Promise<void> {
  const { connection, close } = await openConnection();
  const quarantinePath = join(dir, 'out', 'quarantine.csv');
  try {
    const result = await ingest(connection, configOf(raw), { quarantinePath });
    await check({ result, quarantine: await readQuarantine(connection, quarantinePath), rows: (sql) => rowsOf(connection, sql) });
  } finally {
    close();
  }
}

/** The error ingest throws for `raw` (fails the test when none is). */
async function ingestError(raw: Record<string, unknown>): Promise<LeadscoreError> {
  const { connection, close } = await openConnection();
  try {
    await ingest(connection, configOf(raw), { quarantinePath: join(dir, 'out', 'quarantine.csv') });
  } catch (error) {
    expect(error).toBeInstanceOf(LeadscoreError);
    return error as LeadscoreError;
  } finally {
    close();
  }
  throw new Error('expected ingest to fail');
}

const statusValues = { won: ['Closed Won'], lost: ['Closed Lost'] };

describe('PostgreSQL sources', () => {
  it('reads tables with native types: timestamps as ISO (date_format does not apply), timestamptz in UTC, numbers, booleans', async () => {
    await withIngest(
      {
        sources: {
          // A date_format for text dates must not be applied to native timestamp/date columns.
          leads: { postgres: { table: 'leads' }, date_format: 'dd/mm/yyyy', attributes: { exclude: ['signup_day'] } },
          events: { postgres: { table: 'public.events' }, date_format: 'dd/mm/yyyy' },
          outcomes: { postgres: { table: 'outcomes' }, date_format: 'dd/mm/yyyy', status_values: statusValues },
        },
      },
      async (run) => {
        expect(run.quarantine).toEqual([]);
        expect(run.result.tables.leads).toEqual({ file: 'postgres:leads', read: 3, accepted: 3, rejected: 0 });
        expect(run.result.tables.events?.file).toBe('postgres:public.events');
        expect(await run.rows(`select lead_id, strftime(created_at, '%Y-%m-%d %H:%M:%S') as created_at, campaign, employees, revenue, vip from leads order by lead_id`)).toEqual([
          { lead_id: 'L1', created_at: '2024-01-02 10:00:00', campaign: 'spring', employees: 10, revenue: 1250.5, vip: 'true' },
          { lead_id: 'L2', created_at: '2024-01-05 08:30:00', campaign: null, employees: 250, revenue: null, vip: 'false' },
          { lead_id: 'L3', created_at: '2024-02-01 00:00:00', campaign: null, employees: 40, revenue: 99, vip: null },
        ]);
        expect(run.result.attributes).toEqual([
          { name: 'industry', kind: 'categorical' },
          { name: 'employees', kind: 'numeric' },
          { name: 'revenue', kind: 'numeric' },
          { name: 'vip', kind: 'categorical' },
        ]);
        expect(await run.rows(`select strftime(occurred_at, '%Y-%m-%d %H:%M:%S') as at, value from events order by occurred_at`)).toEqual([
          { at: '2024-01-03 10:00:00', value: 0.1 },
          { at: '2024-01-04 05:30:00', value: null },
          { at: '2024-01-06 09:00:00', value: 3 },
        ]);
        expect(await run.rows(`select lead_id, status, strftime(closed_at, '%Y-%m-%d') as closed from outcomes order by lead_id`)).toEqual([
          { lead_id: 'L1', status: 'won', closed: '2024-02-10' },
          { lead_id: 'L2', status: 'lost', closed: '2024-03-01' },
        ]);
      },
    );
  });

  it('reads a query source with its column mapping and date_format for text dates; a boolean label works as-is', async () => {
    await withIngest(
      {
        sources: {
          leads: {
            postgres: {
              query: `-- CRM report
                select lead_id as "Id", to_char(created_at, 'DD/MM/YYYY') as "Created", channel as "Source", vip
                from leads where lead_id <> 'L3' order by lead_id;  -- trailing comment`,
            },
            columns: { lead_id: 'Id', created_at: 'Created', channel: 'Source' },
            date_format: 'dd/mm/yyyy',
            label_column: 'vip',
          },
        },
      },
      async (run) => {
        expect(run.quarantine).toEqual([]);
        expect(run.result.tables.leads).toEqual({ file: 'postgres:(query for leads)', read: 2, accepted: 2, rejected: 0 });
        expect(await run.rows(`select lead_id, strftime(created_at, '%Y-%m-%d') as day, channel, label from leads order by lead_id`)).toEqual([
          { lead_id: 'L1', day: '2024-01-02', channel: 'paid_search', label: 1 },
          { lead_id: 'L2', day: '2024-01-05', channel: 'organic', label: 0 },
        ]);
      },
    );
  });

  it('quarantines bad rows naming the source and the row, with the same reasons as for files', async () => {
    await admin.query(`
      create table raw_leads (lead_id text, created_at text, channel text, score text);
      insert into raw_leads values
        ('A1', '2024-01-01', 'organic', '1'),
        ('A2', 'yesterday', 'organic', '2'),
        ('A1', '2024-01-03', 'organic', '3'),
        ('', '2024-01-04', 'organic', '4'),
        ('A5', '2024-01-05', 'organic', 'NA');
      create table raw_events (lead_id text, occurred_at text, event_type text);
      insert into raw_events values ('A1', '2024-01-02', 'page_view'), ('ZZ', '2024-01-02', 'page_view'), ('A1', '2024-13-45', 'page_view');
      create table raw_outcomes (lead_id text, status text, closed_at text);
      insert into raw_outcomes values ('A1', 'won', '2024-02-01'), ('A5', 'maybe', '2024-02-01');`);
    await withIngest(
      {
        sources: {
          leads: { postgres: { query: 'select * from raw_leads' }, attributes: { numeric: ['score'] } },
          events: { postgres: { table: 'raw_events' } },
          outcomes: { postgres: { table: 'raw_outcomes' } },
        },
      },
      async (run) => {
        expect(run.result.tables.leads).toEqual({ file: 'postgres:(query for leads)', read: 5, accepted: 2, rejected: 3 });
        expect(run.quarantine.map((q) => [q.table, q.file, q.row, q.column, q.value])).toEqual([
          ['leads', 'postgres:(query for leads)', 2, 'created_at', 'yesterday'],
          ['leads', 'postgres:(query for leads)', 3, 'lead_id', 'A1'],
          ['leads', 'postgres:(query for leads)', 4, 'lead_id', ''],
          ['events', 'postgres:raw_events', 2, 'lead_id', 'ZZ'],
          ['events', 'postgres:raw_events', 3, 'occurred_at', '2024-13-45'],
          ['outcomes', 'postgres:raw_outcomes', 2, 'status', 'maybe'],
        ]);
        expect(run.quarantine[0].reason).toMatch(/"yesterday" is not a date/);
        expect(run.quarantine[1].reason).toMatch(/duplicate/);
      },
    );
  });

  it('quotes hostile schema, table and column names, and carries hostile values through unchanged', async () => {
    const schema = 'we"ird; drop table leads; --';
    const table = 'Lead\'s "table" ✓';
    const column = 'job; title "x"';
    await admin.query(`create schema ${ident(schema)}`);
    await admin.query(`create table ${qualified(schema, table)} (lead_id text, created_at timestamp, channel text, ${ident(column)} text)`);
    await admin.query(`insert into ${qualified(schema, table)} values ($1, '2024-01-01', 'organic', $2), ($3, '2024-01-02', 'organic', $4)`, [
      `L'1"; drop table leads; --`,
      'line one\nline "two", ✓',
      'L2 ✓',
      ',;\t|',
    ]);
    // The config names the table as SQL would: each part in double quotes, quotes doubled.
    const configured = `${ident(schema)}.${ident(table)}`;
    await withIngest({ sources: { leads: { postgres: { table: configured }, label_column: column } } }, async (run) => {
      expect(run.result.tables.leads.file).toBe(`postgres:${configured}`);
      expect(run.result.tables.leads.read).toBe(2);
      // Both label values are invalid, so both rows are quarantined, showing the values intact.
      expect(run.quarantine.map((q) => [q.row, q.column, q.value])).toEqual([
        [1, column, 'line one\nline "two", ✓'],
        [2, column, ',;\t|'],
      ]);
    });
    // The schema's hostile name did not run as SQL: the leads table is still there.
    const { rows } = await admin.query(`select count(*)::int as n from leads`);
    expect(rows[0].n).toBe(3);
    const ids = await withIngestIds({ leads: { postgres: { table: configured }, attributes: { include: [] }, label_column: undefined } });
    expect(ids).toEqual([`L'1"; drop table leads; --`, 'L2 ✓']);
  });

  it('stops with exit 2 naming the source and the column when a required column is missing', async () => {
    const error = await ingestError({
      sources: { leads: { postgres: { table: 'leads' }, columns: { channel: 'LeadSource' } }, outcomes: { postgres: { table: 'outcomes' } } },
    });
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^postgres:leads: column "LeadSource" \(leads\.channel\) not found/);
    expect(error.message).toMatch(/lead_id, created_at, channel/);
  });

  it('stops with exit 2 on an unknown table, a mixed-case name without quotes, or a query PostgreSQL rejects', async () => {
    await admin.query(`create table "CamelLeads" (lead_id text, created_at timestamp, channel text)`);
    const unknown = await ingestError({ sources: { leads: { postgres: { table: 'crm.nope' }, label_column: 'x' } } });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.message).toBe('postgres:crm.nope: no such table or view (sources.leads.postgres.table)');
    expect(unknown.details.hint).toMatch(/quote mixed case/);

    const unquoted = await ingestError({ sources: { leads: { postgres: { table: 'CamelLeads' }, label_column: 'x' } } });
    expect(unquoted.message).toMatch(/no such table/);
    await withIngest({ sources: { leads: { postgres: { table: '"CamelLeads"' } }, outcomes: { postgres: { table: 'outcomes' } } } }, async (run) => {
      expect(run.result.tables.leads.read).toBe(0);
    });

    const badQuery = await ingestError({ sources: { leads: { postgres: { query: 'select lead_id frm leads' }, label_column: 'x' } } });
    expect(badQuery.exitCode).toBe(2);
    expect(badQuery.message).toMatch(/^postgres:\(query for leads\): PostgreSQL rejected it: syntax error at or near "leads" \(sources\.leads\.postgres\.query\)/);

    const duplicate = await ingestError({ sources: { leads: { postgres: { query: 'select lead_id, lead_id from leads' }, label_column: 'x' } } });
    expect(duplicate.message).toMatch(/more than one column is named "lead_id"/);
  });

  it('runs queries read-only: a query source cannot change the database', async () => {
    await admin.query(`create function sneaky() returns bigint language sql as 'delete from leads returning 1'`);
    const error = await ingestError({ sources: { leads: { postgres: { query: `select *, sneaky() from leads` }, label_column: 'x' } } });
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/cannot execute DELETE in a read-only transaction/);
    const { rows } = await admin.query(`select count(*)::int as n from leads`);
    expect(rows[0].n).toBe(3);
  });

  it('reports a server that is down within the connect timeout, exit 1, without the password; leaves no export behind', async () => {
    const port = await freePort();
    process.env.LEADSCORE_TEST_PG_DOWN = `postgres://leadscore:s3cret-pw@127.0.0.1:${port}/crm`;
    try {
      const started = performance.now();
      const error = await ingestError({
        postgres: { url_env: 'LEADSCORE_TEST_PG_DOWN', connect_timeout_ms: 3000 },
        sources: { leads: { postgres: { table: 'leads' }, label_column: 'x' } },
      });
      expect(performance.now() - started).toBeLessThan(5000);
      expect(error.exitCode).toBe(1);
      expect(error.message).toBe(`cannot reach PostgreSQL at postgresql://leadscore@127.0.0.1:${port}/crm: connection refused (is the server running?)`);
      expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('s3cret-pw');
    } finally {
      delete process.env.LEADSCORE_TEST_PG_DOWN;
    }
    expect(leftoverExports()).toEqual([]);
  });

  it('reports a wrong password, exit 1, without the password', async () => {
    const url = new URL(server.url);
    url.password = 'wrong-pw-123';
    process.env.LEADSCORE_TEST_PG_BADPW = url.toString();
    try {
      const error = await ingestError({
        postgres: { url_env: 'LEADSCORE_TEST_PG_BADPW' },
        sources: { leads: { postgres: { table: 'leads' }, label_column: 'x' } },
      });
      expect(error.exitCode).toBe(1);
      expect(error.message).toMatch(/refused the login: password authentication failed/);
      expect(error.message).not.toContain('wrong-pw-123');
    } finally {
      delete process.env.LEADSCORE_TEST_PG_BADPW;
    }
  });

  it('deletes the exported files after ingest, also when ingest fails half-way', async () => {
    await withIngest({ sources: { leads: { postgres: { table: 'leads' } }, outcomes: { postgres: { table: 'outcomes' } } } }, async () => {});
    expect(leftoverExports()).toEqual([]);
    await ingestError({ sources: { leads: { postgres: { table: 'leads' } }, outcomes: { postgres: { table: 'missing_outcomes' } } } });
    expect(leftoverExports()).toEqual([]);
    await ingestError({ sources: { leads: { postgres: { table: 'leads' }, columns: { channel: 'nope' } }, outcomes: { postgres: { table: 'outcomes' } } } });
    expect(leftoverExports()).toEqual([]);
  });
});

describe('PostgreSQL export', () => {
  it('splits a large table into block ranges over several connections and joins them in scan order', async () => {
    await admin.query(`
      create table many_events as
      select 'L' || (i % 97) as lead_id, timestamp '2024-01-01' + i * interval '1 minute' as occurred_at,
             'page_view' as event_type, i / 7.0 as value
      from generate_series(1, 20000) as i;
      -- Rows updated in place move to later blocks: scan order is no longer insertion order.
      update many_events set event_type = 'form_submit' where lead_id = 'L3';`);
    const config = configOf({ sources: { leads: { postgres: { table: 'leads' } }, events: { postgres: { table: 'many_events' } }, outcomes: { postgres: { table: 'outcomes' } } } });
    const exported = async (connections: number, chunkBytes: number) => {
      const staged = await stagePostgresSources(config, { dir: join(dir, 'chunks'), progress: silentProgress, connections, chunkBytes });
      try {
        return readFileSync(staged.config.sources.events!.path!, 'utf8');
      } finally {
        staged.release();
      }
    };
    const whole = await exported(1, 1 << 30);
    const chunked = await exported(3, 0);
    expect(chunked).toBe(whole);
    const lines = whole.trimEnd().split('\n');
    expect(lines[0]).toBe('lead_id,occurred_at,event_type,value');
    expect(lines).toHaveLength(20001);
    // The plain scan order, which row numbers in the quarantine refer to.
    const { rows } = await admin.query(`select lead_id from many_events`);
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(rows.map((r) => r.lead_id));
    expect(blockRanges(10, 3)).toEqual([` where ctid < '(3,0)'::tid`, ` where ctid >= '(3,0)'::tid and ctid < '(7,0)'::tid`, ` where ctid >= '(7,0)'::tid`]);
    expect(blockRanges(1, 2)).toEqual(['']);
  });

  it('fails with exit 1 and a clear message when a connection dies during the COPY, stopping the other one, leaving no files behind', async () => {
    // Two slow sources, exported at once on two connections; one of them is killed.
    const config = configOf({
      sources: {
        leads: { postgres: { query: 'select leads.* from leads, pg_sleep(4)' } },
        outcomes: { postgres: { query: 'select outcomes.* from outcomes, pg_sleep(4)' } },
      },
    });
    const staging = join(dir, 'killed');
    const killer = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 700));
      const { rows } = await admin.query(
        `select pg_terminate_backend(pid) as killed from pg_stat_activity where application_name = 'leadscore' and query like 'copy (select%from leads,%'`,
      );
      expect(rows).toEqual([{ killed: true }]);
    })();
    const started = performance.now();
    const error = await stagePostgresSources(config, { dir: staging, progress: silentProgress }).then(
      () => null,
      (e: unknown) => e,
    );
    await killer;
    // The outcomes export was stopped, not waited for.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(LeadscoreError);
    expect((error as LeadscoreError).exitCode).toBe(1);
    expect((error as LeadscoreError).message).toMatch(
      /^reading postgres:\(query for leads\) failed: PostgreSQL at postgresql:\/\/postgres@127\.0\.0\.1:\d+\/\w+: the server terminated the connection/,
    );
    expect(readdirSync(staging)).toEqual([]);
  });
});

/** The lead ids ingested from these sources, in order. */
async function withIngestIds(sources: Record<string, unknown>): Promise<string[]> {
  let ids: string[] = [];
  await withIngest({ sources: { ...sources, outcomes: { postgres: { query: 'select * from outcomes where false' } } } }, async (run) => {
    ids = (await run.rows('select lead_id from leads order by rowid')).map((r) => String(r.lead_id));
  });
  return ids;
}

function leftoverExports(): string[] {
  const out = join(dir, 'out');
  return existsSync(out) ? readdirSync(out).filter((name) => name.startsWith('postgres-export-')) : [];
}
