import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../core/errors.ts';
import { ingest } from '../../features/ingest/ingest.ts';
import { configIn, openConnection, quarantineText, runIngest, writeFiles, type IngestRun } from './ingestFixture.ts';

const csv = (...lines: string[]) => lines.join('\n') + '\n';

/** Ingests, runs the checks, always closes. */
async function withRun(files: Record<string, string | Buffer>, raw: Record<string, unknown>, check: (run: IngestRun) => Promise<void> | void) {
  const run = await runIngest(files, raw);
  try {
    await check(run);
  } finally {
    run.close();
  }
}

/** The InputError thrown by ingesting these files (fails the test when none is thrown). */
async function inputError(files: Record<string, string | Buffer>, raw: Record<string, unknown>): Promise<InputError> {
  try {
    await runIngest(files, raw).then((run) => run.close());
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

const plainLeads = csv(
  'lead_id,created_at,channel,campaign,company_size,country',
  'L1,2024-01-02,paid_search,spring,10,US',
  'L2,2024-01-05 10:30:00,organic,,250,DE',
);
const plainOutcomes = csv('lead_id,status,closed_at,amount', 'L1,won,2024-02-01,1200');

describe('ingest: canonical tables', () => {
  it('creates all four tables with the canonical columns and types, attributes after them', async () => {
    await withRun({ 'leads.csv': plainLeads, 'outcomes.csv': plainOutcomes }, { sources: { leads: { path: 'leads.csv' }, outcomes: { path: 'outcomes.csv' } } }, async (run) => {
      expect(await run.columns('leads')).toEqual([
        ['lead_id', 'VARCHAR'],
        ['created_at', 'TIMESTAMP'],
        ['channel', 'VARCHAR'],
        ['campaign', 'VARCHAR'],
        ['label', 'INTEGER'],
        ['company_size', 'DOUBLE'],
        ['country', 'VARCHAR'],
      ]);
      expect(await run.columns('events')).toEqual([
        ['lead_id', 'VARCHAR'],
        ['occurred_at', 'TIMESTAMP'],
        ['event_type', 'VARCHAR'],
        ['value', 'DOUBLE'],
      ]);
      expect(await run.columns('outcomes')).toEqual([
        ['lead_id', 'VARCHAR'],
        ['status', 'VARCHAR'],
        ['closed_at', 'TIMESTAMP'],
        ['amount', 'DOUBLE'],
      ]);
      expect(await run.columns('channel_costs')).toEqual([
        ['channel', 'VARCHAR'],
        ['month', 'DATE'],
        ['cost', 'DOUBLE'],
      ]);
      expect(await run.rows('select lead_id, channel, campaign, label, company_size from leads order by lead_id')).toEqual([
        { lead_id: 'L1', channel: 'paid_search', campaign: 'spring', label: null, company_size: 10 },
        { lead_id: 'L2', channel: 'organic', campaign: null, label: null, company_size: 250 },
      ]);
      const { result } = run;
      expect(result.tables.leads).toEqual({ file: join(run.dir, 'leads.csv'), read: 2, accepted: 2, rejected: 0 });
      expect(result.tables.outcomes).toMatchObject({ read: 1, accepted: 1, rejected: 0 });
      expect(result.tables.events).toBeUndefined();
      expect(result.attributes).toEqual([
        { name: 'company_size', kind: 'numeric' },
        { name: 'country', kind: 'categorical' },
      ]);
      expect(result.hasEvents).toBe(false);
      expect(result.hasDates).toBe(true);
      expect(result.maxTimestamp?.toISOString()).toBe('2024-02-01T00:00:00.000Z');
      expect(result.quarantine).toEqual({ rows: 0 });
      expect(existsSync(run.quarantinePath)).toBe(false);
    });
  });

  it('leaves no work tables behind', async () => {
    await withRun({ 'leads.csv': plainLeads, 'outcomes.csv': plainOutcomes }, { sources: { leads: { path: 'leads.csv' }, outcomes: { path: 'outcomes.csv' } } }, async (run) => {
      const tables = await run.rows('select table_name from duckdb_tables() order by table_name');
      expect(tables.map((t) => t.table_name)).toEqual(['channel_costs', 'events', 'leads', 'outcomes']);
    });
  });

  it('maps columns through sources.*.columns and reports a stale quarantine file as gone', async () => {
    const dir = writeFiles({
      'crm.csv': csv('Id,Signup,Source', 'a,2024-03-01,ads'),
      'deals.csv': csv('Lead,Stage,Closed', 'a,Closed Won,2024-03-09'),
    });
    const config = configIn(dir, {
      sources: {
        leads: { path: 'crm.csv', columns: { lead_id: 'Id', created_at: 'Signup', channel: 'Source' } },
        outcomes: { path: 'deals.csv', columns: { lead_id: 'Lead', status: 'Stage', closed_at: 'Closed' }, status_values: { won: ['closed won'] } },
      },
    });
    const quarantinePath = join(dir, 'out', 'quarantine.csv');
    mkdirSync(join(dir, 'out'));
    writeFileSync(quarantinePath, 'stale');
    const { connection, close } = await openConnection();
    try {
      const result = await ingest(connection, config, { quarantinePath });
      expect(result.tables.outcomes).toMatchObject({ accepted: 1, rejected: 0 });
      expect(existsSync(quarantinePath)).toBe(false);
      const reader = await connection.runAndReadAll('select lead_id, status from outcomes');
      expect(reader.getRowObjectsJS()).toEqual([{ lead_id: 'a', status: 'won' }]);
    } finally {
      close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ingest: bad rows go to the quarantine', () => {
  it('leads: empty id, duplicate id, bad date, missing date, bad forced number', async () => {
    const files = {
      'leads.csv': csv(
        'id,created,channel,size',
        'L1,01-02-2024,ads,10',
        ',02-02-2024,ads,11',
        'L1,03-02-2024,ads,12',
        'L3,31/02/2024,ads,13',
        'L4,,ads,14',
        'L5,05-02-2024,ads,ten',
        'L6,06-02-2024,ads,',
      ),
      'outcomes.csv': csv('lead_id,status,closed_at'),
    };
    const raw = {
      sources: {
        leads: { path: 'leads.csv', date_format: 'dd-mm-yyyy', columns: { lead_id: 'id', created_at: 'created' }, attributes: { numeric: ['size'] } },
        outcomes: { path: 'outcomes.csv' },
      },
    };
    await withRun(files, raw, async (run) => {
      const file = join(run.dir, 'leads.csv');
      expect(run.quarantine).toEqual([
        { table: 'leads', file, row: 2, column: 'id', value: '', reason: 'lead_id is missing' },
        { table: 'leads', file, row: 3, column: 'id', value: 'L1', reason: 'duplicate lead_id "L1" (first in row 1)' },
        { table: 'leads', file, row: 4, column: 'created', value: '31/02/2024', reason: '"31/02/2024" is not a date in format dd-mm-yyyy' },
        { table: 'leads', file, row: 5, column: 'created', value: '', reason: 'created_at is missing' },
        { table: 'leads', file, row: 6, column: 'size', value: 'ten', reason: '"ten" is not a number (attributes.numeric lists this column)' },
      ]);
      expect(run.result.tables.leads).toEqual({ file, read: 7, accepted: 2, rejected: 5 });
      expect(run.result.quarantine).toEqual({ path: run.quarantinePath, rows: 5 });
      expect(await run.rows('select lead_id, created_at, size from leads order by lead_id')).toEqual([
        { lead_id: 'L1', created_at: new Date('2024-02-01T00:00:00Z'), size: 10 },
        { lead_id: 'L6', created_at: new Date('2024-02-06T00:00:00Z'), size: null },
      ]);
    });
  });

  it('keeps the first valid row of a duplicated lead, and names it', async () => {
    const files = {
      'leads.csv': csv('lead_id,created_at,channel', 'L1,not a date,ads', 'L1,2024-01-02,ads', 'L1,2024-01-03,ads'),
      'outcomes.csv': csv('lead_id,status,closed_at'),
    };
    await withRun(files, { sources: { leads: { path: 'leads.csv' }, outcomes: { path: 'outcomes.csv' } } }, async (run) => {
      expect(run.quarantine.map((q) => [q.row, q.reason])).toEqual([
        [1, '"not a date" is not a date in ISO 8601 format (yyyy-mm-dd or yyyy-mm-dd HH:MM:SS)'],
        [3, 'duplicate lead_id "L1" (first in row 2)'],
      ]);
      expect(await run.rows('select created_at from leads')).toEqual([{ created_at: new Date('2024-01-02T00:00:00Z') }]);
    });
  });

  it('events: unknown lead, rejected lead, bad timestamp, missing type, bad value', async () => {
    const files = {
      'leads.csv': csv('lead_id,created_at,channel', 'L1,2024-01-01,ads', 'L2,oops,ads'),
      'events.csv': csv(
        'lead_id,occurred_at,event_type,value',
        'L1,2024-01-02 10:00,page_view,30',
        'L9,2024-01-02 10:00,page_view,1',
        'L2,2024-01-02 10:00,page_view,1',
        'L1,yesterday,page_view,1',
        'L1,2024-01-03,,1',
        'L1,2024-01-03,email_open,1.5.2',
        'L1,2024-01-04,email_open,',
      ),
      'outcomes.csv': csv('lead_id,status,closed_at'),
    };
    const raw = { sources: { leads: { path: 'leads.csv' }, events: { path: 'events.csv' }, outcomes: { path: 'outcomes.csv' } } };
    await withRun(files, raw, async (run) => {
      const events = run.quarantine.filter((q) => q.table === 'events');
      expect(events.map(({ row, column, value, reason }) => ({ row, column, value, reason }))).toEqual([
        { row: 2, column: 'lead_id', value: 'L9', reason: 'lead "L9" is not in the leads file' },
        { row: 3, column: 'lead_id', value: 'L2', reason: 'lead "L2" was rejected in the leads file (row 2)' },
        { row: 4, column: 'occurred_at', value: 'yesterday', reason: '"yesterday" is not a date in ISO 8601 format (yyyy-mm-dd or yyyy-mm-dd HH:MM:SS)' },
        { row: 5, column: 'event_type', value: '', reason: 'event_type is missing' },
        { row: 6, column: 'value', value: '1.5.2', reason: '"1.5.2" is not a number' },
      ]);
      expect(run.result.tables.events).toMatchObject({ read: 7, accepted: 2, rejected: 5 });
      expect(run.result.hasEvents).toBe(true);
      expect(await run.rows('select event_type, value from events order by occurred_at')).toEqual([
        { event_type: 'page_view', value: 30 },
        { event_type: 'email_open', value: null },
      ]);
    });
  });

  it('outcomes: unknown status, duplicate, won without closed_at, bad amount, unknown lead; early outcomes only warn', async () => {
    const files = {
      'leads.csv': csv('lead_id,created_at,channel', 'L1,2024-01-10,ads', 'L2,2024-01-10,ads', 'L3,2024-01-10,ads', 'L4,2024-01-10,ads'),
      'outcomes.csv': csv(
        'lead_id,status,closed_at,amount',
        'L1,WON,2024-01-01,100',
        'L1,lost,2024-02-01,',
        'L2,maybe,2024-02-01,',
        'L3,won,,50',
        'L4,Lost,2024-02-01,lots',
        'L7,lost,2024-02-01,',
        'L4,Gone,2024-02-02,',
        'L4,open,,',
      ),
    };
    const raw = { sources: { leads: { path: 'leads.csv' }, outcomes: { path: 'outcomes.csv', status_values: { lost: ['gone'] } } } };
    await withRun(files, raw, async (run) => {
      expect(run.quarantine.map(({ row, column, value, reason }) => ({ row, column, value, reason }))).toEqual([
        { row: 2, column: 'lead_id', value: 'L1', reason: 'duplicate outcome for lead "L1" (first in row 1)' },
        {
          row: 3,
          column: 'status',
          value: 'maybe',
          reason: '"maybe" is not a known status (won: won; lost: lost, gone; open: open; see sources.outcomes.status_values)',
        },
        { row: 4, column: 'closed_at', value: '', reason: 'status is won but closed_at is missing' },
        { row: 5, column: 'amount', value: 'lots', reason: '"lots" is not a number' },
        { row: 6, column: 'lead_id', value: 'L7', reason: 'lead "L7" is not in the leads file' },
        { row: 8, column: 'lead_id', value: 'L4', reason: 'duplicate outcome for lead "L4" (first in row 7)' },
      ]);
      expect(await run.rows('select lead_id, status, closed_at, amount from outcomes order by lead_id')).toEqual([
        { lead_id: 'L1', status: 'won', closed_at: new Date('2024-01-01T00:00:00Z'), amount: 100 },
        { lead_id: 'L4', status: 'lost', closed_at: new Date('2024-02-02T00:00:00Z'), amount: null },
      ]);
      // L4 closed before it was created: kept (the labels stage counts and reports it).
      expect(run.result.warnings).toEqual([]);
    });
  });

  it('outcomes: a constant status applies to every row; leads without a row get none', async () => {
    const files = {
      'leads.csv': csv('lead_id,created_at,channel', 'L1,2024-01-10,ads', 'L2,2024-01-10,ads', 'L3,2024-01-10,ads'),
      'won.csv': csv('lead_id,closed_at,status', 'L1,2024-03-01,whatever', 'L3,2024-03-02,'),
    };
    const raw = { sources: { leads: { path: 'leads.csv' }, outcomes: { path: 'won.csv', status: 'won', missing_status: 'lost' } } };
    await withRun(files, raw, async (run) => {
      expect(await run.rows('select lead_id, status from outcomes order by lead_id')).toEqual([
        { lead_id: 'L1', status: 'won' },
        { lead_id: 'L3', status: 'won' },
      ]);
      expect(run.quarantine).toEqual([]);
    });
  });

  it('channel_costs: months as yyyy-mm or a date_format, bad month, bad cost; duplicates warn', async () => {
    const files = {
      'leads.csv': csv('lead_id,created_at,channel', 'L1,2024-01-10,ads'),
      'outcomes.csv': csv('lead_id,status,closed_at'),
      'costs.csv': csv('channel,month,cost', 'ads,2024-01,100.5', 'ads,2024-02-15,80', 'ads,Jan 2024,1', 'seo,2024-03,free', ',2024-03,1', 'ads,2024-01,3'),
      'costs2.csv': csv('channel,month,cost', 'ads,03/2024,7'),
    };
    const raw = {
      sources: { leads: { path: 'leads.csv' }, outcomes: { path: 'outcomes.csv' }, channel_costs: { path: 'costs.csv' } },
    };
    await withRun(files, raw, async (run) => {
      expect(run.quarantine.map(({ row, column, reason }) => ({ row, column, reason }))).toEqual([
        { row: 3, column: 'month', reason: '"Jan 2024" is not a month in format yyyy-mm' },
        { row: 4, column: 'cost', reason: '"free" is not a number' },
        { row: 5, column: 'channel', reason: 'channel is missing' },
      ]);
      expect(await run.rows(`select channel, strftime(month, '%Y-%m-%d') as month, cost from channel_costs order by month, cost`)).toEqual([
        { channel: 'ads', month: '2024-01-01', cost: 3 },
        { channel: 'ads', month: '2024-01-01', cost: 100.5 },
        { channel: 'ads', month: '2024-02-01', cost: 80 },
      ]);
      expect(run.result.warnings).toEqual([`${join(run.dir, 'costs.csv')}: 1 (channel, month) pair(s) appear more than once`]);
    });
    await withRun(files, { sources: { ...raw.sources, channel_costs: { path: 'costs2.csv', date_format: 'mm/yyyy' } } }, async (run) => {
      expect(await run.rows(`select strftime(month, '%Y-%m-%d') as month from channel_costs`)).toEqual([{ month: '2024-03-01' }]);
    });
  });

  it('wide source: label from positive / negative values; others and missing ones are rejected', async () => {
    const files = {
      'wide.csv': csv('Prospect ID,Source,Converted,Visits', 'a,web,1,3', 'b,web,No,4', 'c,web,maybe,5', 'd,web,,6', 'e,web, YES ,7'),
    };
    const raw = { sources: { leads: { path: 'wide.csv', label_column: 'Converted', columns: { lead_id: 'Prospect ID', channel: 'Source' } } } };
    await withRun(files, raw, async (run) => {
      const expected = 'expected one of 1, true, yes, won, converted (converted) or 0, false, no, lost (not converted)';
      expect(run.quarantine.map(({ row, column, value, reason }) => ({ row, column, value, reason }))).toEqual([
        { row: 3, column: 'Converted', value: 'maybe', reason: `"maybe" is not a label value; ${expected}` },
        { row: 4, column: 'Converted', value: '', reason: `label is missing; ${expected}` },
      ]);
      expect(await run.rows('select lead_id, created_at, label, Visits from leads order by lead_id')).toEqual([
        { lead_id: 'a', created_at: null, label: 1, Visits: 3 },
        { lead_id: 'b', created_at: null, label: 0, Visits: 4 },
        { lead_id: 'e', created_at: null, label: 1, Visits: 7 },
      ]);
      expect(run.result.hasDates).toBe(false);
      expect(run.result.maxTimestamp).toBeNull();
      expect(run.result.attributes).toEqual([{ name: 'Visits', kind: 'numeric' }]);
    });
  });

  it('writes values with commas, quotes and newlines so the quarantine CSV reads back', async () => {
    const files = {
      'leads.csv': csv('lead_id,created_at,channel', 'L1,"5 May, ""noon""\nish",ads'),
      'outcomes.csv': csv('lead_id,status,closed_at'),
    };
    await withRun(files, { sources: { leads: { path: 'leads.csv' }, outcomes: { path: 'outcomes.csv' } } }, async (run) => {
      expect(run.quarantine).toHaveLength(1);
      expect(run.quarantine[0].value).toBe('5 May, "noon"\nish');
      expect(quarantineText(run).split('\n')[0]).toBe('table,file,row,column,value,reason');
    });
  });
});

describe('ingest: whole-file problems throw InputError (exit 2)', () => {
  const outcomes = { 'outcomes.csv': csv('lead_id,status,closed_at') };

  it('a missing file', async () => {
    const error = await inputError({}, { sources: { leads: { path: 'nope.csv' }, outcomes: { path: 'outcomes.csv' } } });
    expect(error.message).toMatch(/leads file not found: .*nope\.csv/);
    expect(error.exitCode).toBe(2);
  });

  it('an empty file', async () => {
    const error = await inputError({ 'leads.csv': '', ...outcomes }, { sources: { leads: { path: 'leads.csv' }, outcomes: { path: 'outcomes.csv' } } });
    expect(error.message).toMatch(/leads\.csv: the file is empty/);
  });

  it('an unreadable Parquet file', async () => {
    const error = await inputError(
      { 'leads.parquet': 'not parquet at all', ...outcomes },
      { sources: { leads: { path: 'leads.parquet' }, outcomes: { path: 'outcomes.csv' } } },
    );
    expect(error.message).toMatch(/leads\.parquet: cannot read the file/);
  });

  it('a required column: names the file, the column looked for and the columns there are', async () => {
    const error = await inputError(
      { 'leads.csv': csv('id,created_at,source', 'a,2024-01-01,x'), ...outcomes },
      { sources: { leads: { path: 'leads.csv', columns: { lead_id: 'id' } }, outcomes: { path: 'outcomes.csv' } } },
    );
    expect(error.message).toContain('leads.csv: column "channel" (leads.channel) not found');
    expect(error.message).toContain('Columns in the file: id, created_at, source');
    expect(error.details.hint).toContain('sources.leads.columns.channel');
  });

  it('a mapped column that is not there, even an optional one', async () => {
    const error = await inputError(
      { 'leads.csv': csv('lead_id,created_at,channel', 'a,2024-01-01,x'), ...outcomes },
      { sources: { leads: { path: 'leads.csv', columns: { campaign: 'Campaign Name' } }, outcomes: { path: 'outcomes.csv' } } },
    );
    expect(error.message).toContain('column "Campaign Name" (leads.campaign) not found');
  });

  it('outcomes need status unless a constant status is set, and closed_at', async () => {
    const leads = { 'leads.csv': csv('lead_id,created_at,channel', 'a,2024-01-01,x') };
    let error = await inputError(
      { ...leads, 'won.csv': csv('lead_id,closed_at', 'a,2024-01-01') },
      { sources: { leads: { path: 'leads.csv' }, outcomes: { path: 'won.csv' } } },
    );
    expect(error.message).toContain('won.csv: column "status" (outcomes.status) not found');
    error = await inputError(
      { ...leads, 'won.csv': csv('lead_id,won_at', 'a,2024-01-01') },
      { sources: { leads: { path: 'leads.csv' }, outcomes: { path: 'won.csv', status: 'won' } } },
    );
    expect(error.message).toContain('won.csv: column "closed_at" (outcomes.closed_at) not found');
  });

  it('attribute names in the config that are not in the file', async () => {
    const files = { 'leads.csv': csv('lead_id,created_at,channel,size', 'a,2024-01-01,x,1'), ...outcomes };
    for (const key of ['include', 'exclude', 'numeric', 'categorical']) {
      const error = await inputError(files, {
        sources: { leads: { path: 'leads.csv', attributes: { [key]: ['Size Band'] } }, outcomes: { path: 'outcomes.csv' } },
      });
      expect(error.message).toContain(`leads.csv: column "Size Band" listed in sources.leads.attributes.${key} is not in the file`);
    }
  });

  it('an attribute named like a canonical column', async () => {
    const error = await inputError(
      { 'leads.csv': csv('lead_id,created_at,Source,Channel', 'a,2024-01-01,x,y'), ...outcomes },
      { sources: { leads: { path: 'leads.csv', columns: { channel: 'Source' } }, outcomes: { path: 'outcomes.csv' } } },
    );
    expect(error.message).toContain('column "Channel" would become an attribute named like the leads table\'s own column "channel"');
    expect(error.details.hint).toContain('attributes.exclude');
  });

  it('a wide source without its label column', async () => {
    const error = await inputError(
      { 'leads.csv': csv('lead_id,size', 'a,1') },
      { sources: { leads: { path: 'leads.csv', label_column: 'Converted' } } },
    );
    expect(error.message).toContain('label column "Converted" (sources.leads.label_column) not found');
  });
});

describe('ingest: CSV dialects', () => {
  it('reads a UTF-8 BOM, CRLF line ends and quoted fields with commas and newlines', async () => {
    const leads =
      '\uFEFFlead_id,created_at,channel,notes\r\n' +
      'L1,2024-01-01,ads,"hello, world"\r\n' +
      'L2,2024-01-02,ads,"two\r\nlines"\r\n' +
      'L3,bad,ads,"say ""hi"""\r\n';
    await withRun({ 'leads.csv': leads, 'outcomes.csv': csv('lead_id,status,closed_at') }, { sources: { leads: { path: 'leads.csv' }, outcomes: { path: 'outcomes.csv' } } }, async (run) => {
      expect(await run.rows('select lead_id, notes from leads order by lead_id')).toEqual([
        { lead_id: 'L1', notes: 'hello, world' },
        { lead_id: 'L2', notes: 'two\r\nlines' },
      ]);
      // The quoted line break does not start a new row.
      expect(run.quarantine.map((q) => [q.row, q.column, q.value])).toEqual([[3, 'created_at', 'bad']]);
    });
  });

  it('detects a semicolon delimiter, or uses the configured one', async () => {
    const files = {
      'leads.csv': csv('lead_id;created_at;channel;score', 'L1;2024-01-01;ads;1,5', 'L2;2024-01-02;seo;2'),
      'outcomes.csv': csv('lead_id,status,closed_at'),
    };
    for (const delimiter of [undefined, ';']) {
      await withRun(files, { sources: { leads: { path: 'leads.csv', delimiter }, outcomes: { path: 'outcomes.csv' } } }, async (run) => {
        expect(await run.rows('select lead_id, channel, score from leads order by lead_id')).toEqual([
          { lead_id: 'L1', channel: 'ads', score: '1,5' },
          { lead_id: 'L2', channel: 'seo', score: '2' },
        ]);
      });
    }
  });

  it('quarantines malformed lines with DuckDB\'s reason and keeps later row numbers right', async () => {
    const files = {
      'leads.csv': csv('lead_id,created_at,channel', 'L1,2024-01-01,ads', 'L2,2024-01-02,ads,extra', 'L3,2024-01-03,ads', 'L4,nope,ads'),
      'outcomes.csv': csv('lead_id,status,closed_at'),
    };
    await withRun(files, { sources: { leads: { path: 'leads.csv' }, outcomes: { path: 'outcomes.csv' } } }, async (run) => {
      expect(run.quarantine.map(({ row, value, reason }) => ({ row, value, reason }))).toEqual([
        { row: 2, value: 'L2,2024-01-02,ads,extra', reason: expect.stringMatching(/^malformed CSV line \(too many columns\): Expected Number of Columns: 3 Found: 4/) },
        { row: 4, value: 'nope', reason: expect.stringContaining('"nope" is not a date') },
      ]);
      expect(run.result.tables.leads).toMatchObject({ read: 4, accepted: 2, rejected: 2 });
    });
  });
});

describe('ingest: values', () => {
  it('parses dd-mm-yyyy and dd-mm-yyyy HH:MM per source', async () => {
    const files = {
      'leads.csv': csv('lead_id,created_at,channel', 'L1,01-02-2018,ads'),
      'deals.csv': csv('lead_id,closed_at', 'L1,26-02-2018 19:58'),
    };
    const raw = {
      sources: {
        leads: { path: 'leads.csv', date_format: 'dd-mm-yyyy' },
        outcomes: { path: 'deals.csv', status: 'won', date_format: 'dd-mm-yyyy HH:MM' },
      },
    };
    await withRun(files, raw, async (run) => {
      expect(await run.rows('select created_at from leads')).toEqual([{ created_at: new Date('2018-02-01T00:00:00Z') }]);
      expect(await run.rows('select closed_at from outcomes')).toEqual([{ closed_at: new Date('2018-02-26T19:58:00Z') }]);
      expect(run.result.maxTimestamp?.toISOString()).toBe('2018-02-26T19:58:00.000Z');
    });
  });

  it('reads ISO timestamps with a T, a Z or an offset (converted to UTC)', async () => {
    const files = {
      'leads.csv': csv('lead_id,created_at,channel', 'a,2024-01-02T03:04:05Z,x', 'b,2024-01-02T03:04:05+02:00,x', 'c,2024-01-02 03:04,x', 'd, 2024-01-02 ,x'),
      'outcomes.csv': csv('lead_id,status,closed_at'),
    };
    await withRun(files, { sources: { leads: { path: 'leads.csv' }, outcomes: { path: 'outcomes.csv' } } }, async (run) => {
      const rows = await run.rows('select lead_id, created_at from leads order by lead_id');
      expect(rows.map((r) => (r.created_at as Date).toISOString())).toEqual([
        '2024-01-02T03:04:05.000Z',
        '2024-01-02T01:04:05.000Z',
        '2024-01-02T03:04:00.000Z',
        '2024-01-02T00:00:00.000Z',
      ]);
    });
  });

  it('trims values and turns missing-value tokens (global and per source) into NULL', async () => {
    const files = {
      'leads.csv': csv('lead_id,created_at,channel,city,visits', ' L1 ,2024-01-01, ads ,Select,NA', 'L2,2024-01-01,N/A, Pune , 3 ', 'L3,2024-01-01,seo,--,4'),
      'outcomes.csv': csv('lead_id,status,closed_at'),
    };
    const raw = { missing_values: ['', 'NA', 'N/A'], sources: { leads: { path: 'leads.csv', missing_values: ['Select', '--'] }, outcomes: { path: 'outcomes.csv' } } };
    await withRun(files, raw, async (run) => {
      expect(await run.rows('select lead_id, channel, city, visits from leads order by lead_id')).toEqual([
        { lead_id: 'L1', channel: 'ads', city: null, visits: null },
        { lead_id: 'L2', channel: null, city: 'Pune', visits: 3 },
        { lead_id: 'L3', channel: 'seo', city: null, visits: 4 },
      ]);
      expect(run.result.attributes).toEqual([
        { name: 'city', kind: 'categorical' },
        { name: 'visits', kind: 'numeric' },
      ]);
    });
  });

  it('treats padded and number-like missing tokens in dates and numbers as missing', async () => {
    const files = {
      'leads.csv': csv('lead_id,created_at,channel', 'L1,2024-01-01,ads', 'L2,2024-01-01,ads', 'L3,2024-01-01,ads'),
      'outcomes.csv': csv('lead_id,status,closed_at,amount', 'L1,lost, NA ,-1', 'L2,lost,2024-02-01 , -1 ', 'L3,lost,,12'),
    };
    const raw = { sources: { leads: { path: 'leads.csv' }, outcomes: { path: 'outcomes.csv', missing_values: ['-1'] } } };
    await withRun(files, raw, async (run) => {
      expect(run.quarantine).toEqual([]);
      expect(await run.rows('select lead_id, closed_at, amount from outcomes order by lead_id')).toEqual([
        { lead_id: 'L1', closed_at: null, amount: null },
        { lead_id: 'L2', closed_at: new Date('2024-02-01T00:00:00Z'), amount: null },
        { lead_id: 'L3', closed_at: null, amount: 12 },
      ]);
    });
  });

  it('selects attributes: include, exclude, forced kinds, inference, and drops empty ones with a warning', async () => {
    const files = {
      'leads.csv': csv(
        'lead_id,created_at,channel,zip,score,tier,notes,status_after_call,blank',
        'L1,2024-01-01,ads,01234,1.5,A,hi,called,',
        'L2,2024-01-01,ads,98765,2e3,B,,won,',
        'L3,2024-01-01,ads,,-4,3,yo,lost,',
      ),
      'outcomes.csv': csv('lead_id,status,closed_at'),
    };
    const leads = { path: 'leads.csv', attributes: { exclude: ['status_after_call', 'notes'], categorical: ['zip'] } };
    await withRun(files, { sources: { leads, outcomes: { path: 'outcomes.csv' } } }, async (run) => {
      expect(run.result.attributes).toEqual([
        { name: 'zip', kind: 'categorical' },
        { name: 'score', kind: 'numeric' },
        { name: 'tier', kind: 'categorical' },
      ]);
      expect(run.result.warnings).toEqual([`${join(run.dir, 'leads.csv')}: column "blank" is missing in every accepted row; not used as an attribute`]);
      expect(await run.rows('select zip, score, tier from leads order by lead_id')).toEqual([
        { zip: '01234', score: 1.5, tier: 'A' },
        { zip: '98765', score: 2000, tier: 'B' },
        { zip: null, score: -4, tier: '3' },
      ]);
      expect((await run.columns('leads')).map(([name]) => name)).toEqual(['lead_id', 'created_at', 'channel', 'campaign', 'label', 'zip', 'score', 'tier']);
    });
    const included = { path: 'leads.csv', attributes: { include: ['tier', 'score'] } };
    await withRun(files, { sources: { leads: included, outcomes: { path: 'outcomes.csv' } } }, async (run) => {
      expect(run.result.attributes.map((a) => a.name)).toEqual(['score', 'tier']);
    });
  });

  it('reads a Parquet source, native timestamps and numbers included', async () => {
    const dir = writeFiles({});
    const { connection, close } = await openConnection();
    try {
      await connection.run(`
        copy (
          select * from (values
            ('L1', timestamp '2024-01-02 03:04:05', 'ads', 12.5, 'x'),
            ('L2', timestamp '2024-01-03 00:00:00', 'seo', null, 'y'),
            ('L2', timestamp '2024-01-04 00:00:00', 'seo', 1, 'z')
          ) as t(lead_id, created_at, channel, spend, tag)
        ) to '${join(dir, 'leads.parquet')}' (format parquet)`);
      writeFileSync(join(dir, 'outcomes.csv'), csv('lead_id,status,closed_at', 'L1,won,02-02-2024'));
      const config = configIn(dir, {
        sources: {
          // date_format applies to the text dates in the file; the native timestamps need none.
          leads: { path: 'leads.parquet', date_format: 'dd-mm-yyyy' },
          outcomes: { path: 'outcomes.csv', date_format: 'dd-mm-yyyy' },
        },
      });
      const result = await ingest(connection, config, { quarantinePath: join(dir, 'q.csv') });
      expect(result.attributes).toEqual([
        { name: 'spend', kind: 'numeric' },
        { name: 'tag', kind: 'categorical' },
      ]);
      expect(result.tables.leads).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
      const reader = await connection.runAndReadAll('select lead_id, created_at, spend, tag from leads order by lead_id');
      expect(reader.getRowObjectsJS()).toEqual([
        { lead_id: 'L1', created_at: new Date('2024-01-02T03:04:05Z'), spend: 12.5, tag: 'x' },
        { lead_id: 'L2', created_at: new Date('2024-01-03T00:00:00Z'), spend: null, tag: 'y' },
      ]);
    } finally {
      close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
