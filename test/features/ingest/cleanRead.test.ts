/**
 * The optimistic read of the events and leads files (features/ingest/cleanRead.ts): a clean file
 * is read typed in one strict pass, anything the checked read would reject or change sends it
 * back to the checked read — and either way the tables and the quarantine are the ones the
 * checked read alone gives.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDBConnection } from '@duckdb/node-api';
import { runIngest } from '../ingestFixture.ts';

const csv = (...lines: string[]) => lines.join('\n') + '\n';

const leads = csv('lead_id,created_at,channel', 'L1,2024-01-02,organic', 'L2,2024-01-03,paid_search', 'L3,2024-01-04,email');
const outcomes = csv('lead_id,status,closed_at,amount');

// The statements that read a file value by value (the checked read), seen by spying on DuckDB.
let checkedReads: number;
let checkedLeadsReads: number;
let original: DuckDBConnection['run'];
beforeEach(() => {
  checkedReads = 0;
  checkedLeadsReads = 0;
  original = DuckDBConnection.prototype.run;
  DuckDBConnection.prototype.run = function (this: DuckDBConnection, sql: string, ...rest: unknown[]) {
    if (/create or replace table "events" as\s+with source as/.test(sql)) checkedReads++;
    if (/create or replace table "leads" as\s+with source as/.test(sql)) checkedLeadsReads++;
    return (original as (...args: unknown[]) => ReturnType<DuckDBConnection['run']>).call(this, sql, ...rest);
  } as DuckDBConnection['run'];
});
afterEach(() => {
  DuckDBConnection.prototype.run = original;
});

interface Outcome {
  events: Record<string, unknown>[];
  quarantine: Array<Record<string, unknown>>;
  checkedReads: number;
}

/** Ingests `events` (with the leads above) the optimistic way and the checked way. */
async function bothWays(events: string, eventsSource: Record<string, unknown> = {}, top: Record<string, unknown> = {}): Promise<{ clean: Outcome; checked: Outcome }> {
  const ingestOnce = async (cleanRead: boolean): Promise<Outcome> => {
    checkedReads = 0;
    const run = await runIngest(
      { 'leads.csv': leads, 'events.csv': events, 'outcomes.csv': outcomes },
      { ...top, sources: { leads: { path: 'leads.csv' }, events: { path: 'events.csv', ...eventsSource }, outcomes: { path: 'outcomes.csv' } } },
      { cleanRead },
    );
    try {
      const rows = await run.rows(
        `select lead_id, strftime(occurred_at, '%Y-%m-%d %H:%M:%S.%f') as occurred_at, event_type, value::varchar as value, typeof(occurred_at) as t from events order by rowid`,
      );
      return { events: rows, quarantine: run.quarantine.map(({ file: _file, ...row }) => row), checkedReads };
    } finally {
      run.close();
    }
  };
  return { clean: await ingestOnce(true), checked: await ingestOnce(false) };
}

describe('ingest: the clean read of the events file', () => {
  it('reads a clean file typed in one pass, giving the checked read’s table', async () => {
    const { clean, checked } = await bothWays(
      csv(
        'lead_id,occurred_at,event_type,value,extra',
        'L1,2024-01-05,page_view,,x',
        'L1,2024-01-05 10:30:00,form_submit,+3,',
        'L2,2024-01-06T08:00:00+02:00,"email_open",1e3,y',
        'L2,2024-01-06T23:30:00-0130,webinar,4 ,',
        'L3,2024-01-07 12:00:00.123,demo_request,NA,',
        'L3,2024-01-07 12:00:00Z,download,-0.5,"a, b"',
        // Parsed as the checked read parses it: surrounding spaces are allowed in a date.
        'L3, 2024-01-08 ,download,,',
      ),
    );
    expect(checked.checkedReads).toBe(1);
    expect(clean.checkedReads).toBe(0);
    expect(clean.events).toEqual(checked.events);
    expect(clean.quarantine).toEqual([]);
    // The offsets are converted to UTC, not dropped.
    expect(clean.events[2].occurred_at).toBe('2024-01-06 06:00:00.000000');
    expect(clean.events[3].occurred_at).toBe('2024-01-07 01:00:00.000000');
    expect(clean.events.map((e) => e.value)).toEqual([null, '3.0', '1000.0', '4.0', null, '-0.5', null]);
    expect(clean.events[6].occurred_at).toBe('2024-01-08 00:00:00.000000');
  });

  it('reads a clean file with a date_format and mapped columns the same way', async () => {
    const { clean, checked } = await bothWays(
      csv('Lead,When,Type', 'L1,05-01-2024 10:30,page_view', 'L2,06-01-2024 08:00,form_submit'),
      { columns: { lead_id: 'Lead', occurred_at: 'When', event_type: 'Type' }, date_format: 'dd-mm-yyyy HH:MM' },
    );
    expect(clean.checkedReads).toBe(0);
    expect(clean.events).toEqual(checked.events);
    expect(clean.events.map((e) => e.occurred_at)).toEqual(['2024-01-05 10:30:00.000000', '2024-01-06 08:00:00.000000']);
  });

  it('keeps the clean read when only unknown leads are rejected, with the same quarantine', async () => {
    const { clean, checked } = await bothWays(csv('lead_id,occurred_at,event_type', 'L1,2024-01-05,page_view', 'L9,2024-01-05,page_view'));
    expect(clean.checkedReads).toBe(0);
    expect(clean.quarantine).toEqual(checked.quarantine);
    expect(clean.quarantine).toEqual([{ table: 'events', row: 2, column: 'lead_id', value: 'L9', reason: 'lead "L9" is not in the leads file' }]);
    expect(clean.events).toEqual(checked.events);
  });

  const dirty: Array<[string, string]> = [
    ['a date that does not parse', 'L1,2024-13-45,page_view,1'],
    ['a missing lead_id', ',2024-01-05,page_view,1'],
    ['a missing-value token as the date', 'L1,NA,page_view,1'],
    ['a value that is not a number', 'L1,2024-01-05,page_view,abc'],
    ['a value that is not finite', 'L1,2024-01-05,page_view,inf'],
    ['a lead_id with surrounding spaces', ' L1 ,2024-01-05,page_view,1'],
    ['an event type with a trailing space', 'L1,2024-01-05,page_view ,1'],
    ['a malformed line', 'L1,2024-01-05,page_view,1,surplus'],
    ['a missing-value token with spaces', 'L1,2024-01-05, NA ,1'],
  ];
  it.each(dirty)('goes back to the checked read for %s, with the same table and quarantine', async (_what, line) => {
    const { clean, checked } = await bothWays(csv('lead_id,occurred_at,event_type,value', 'L2,2024-01-05,page_view,2', line, 'L3,2024-01-06,page_view,'));
    expect(clean.checkedReads).toBe(1);
    expect(clean.events).toEqual(checked.events);
    expect(clean.quarantine).toEqual(checked.quarantine);
  });

  it('is not tried when a missing-value token could parse as a number or a date', async () => {
    const { clean, checked } = await bothWays(csv('lead_id,occurred_at,event_type,value', 'L1,2024-01-05,page_view, -1 '), {}, { missing_values: ['-1'] });
    expect(clean.checkedReads).toBe(1);
    expect(clean.events).toEqual(checked.events);
    expect(clean.events[0].value).toBeNull();
  });
});

interface LeadsOutcome {
  leads: Record<string, unknown>[];
  quarantine: Array<Record<string, unknown>>;
  attributes: unknown;
  checkedReads: number;
}

/** Ingests a leads file (wide, or with an empty outcomes file) the optimistic way and the checked way. */
async function leadsBothWays(leadsFile: string, leadsSource: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
  const wide = 'label_column' in leadsSource;
  const ingestOnce = async (cleanRead: boolean): Promise<LeadsOutcome> => {
    checkedLeadsReads = 0;
    const run = await runIngest(
      { 'leads.csv': leadsFile, 'outcomes.csv': outcomes },
      { ...top, sources: { leads: { path: 'leads.csv', ...leadsSource }, ...(wide ? {} : { outcomes: { path: 'outcomes.csv' } }) } },
      { cleanRead },
    );
    try {
      const columns = await run.columns('leads');
      const rows = await run.rows(`select ${columns.map(([name]) => `"${name}"::varchar as "${name}"`).join(', ')} from leads order by rowid`);
      return { leads: rows, quarantine: run.quarantine.map(({ file: _file, ...row }) => row), attributes: run.result.attributes, checkedReads: checkedLeadsReads };
    } finally {
      run.close();
    }
  };
  return { clean: await ingestOnce(true), checked: await ingestOnce(false) };
}

describe('ingest: the clean read of the leads file', () => {
  const header = 'lead_id,created_at,channel,campaign,company_size,country,revenue';
  it('reads a clean file typed in one pass: attribute kinds, forced numbers, missing tokens and duplicates as the checked read has them', async () => {
    const { clean, checked } = await leadsBothWays(
      csv(header, 'L1,2024-01-02,organic,,10,US,1000', 'L2,2024-01-05 10:30:00,paid_search,spring,NA,"DE",2.5e3', 'L3,2024-01-06T01:00:00+01:00,email,x,250,NA,', 'L2,2024-01-07,organic,,1,FR,3'),
      { attributes: { numeric: ['revenue'] } },
    );
    expect(clean.checkedReads).toBe(0);
    expect(checked.checkedReads).toBe(1);
    expect(clean).toEqual({ ...checked, checkedReads: 0 });
    expect(clean.quarantine.map((q) => q.reason)).toEqual(['duplicate lead_id "L2" (first in row 2)']);
  });

  it('reads a clean wide file with its label column the same way', async () => {
    const { clean, checked } = await leadsBothWays(csv('Id,Converted,Score', 'a,1,3', 'b,0,4', 'c,Yes,5'), {
      columns: { lead_id: 'Id' },
      label_column: 'Converted',
      positive_values: ['1', 'yes'],
      negative_values: ['0', 'no'],
    });
    expect(clean.checkedReads).toBe(0);
    expect(clean).toEqual({ ...checked, checkedReads: 0 });
  });

  const dirty: Array<[string, string]> = [
    ['a date that does not parse', 'L9,2024-02-30x,organic,,1,US,1'],
    ['a missing created_at', 'L9,,organic,,1,US,1'],
    ['an attribute with surrounding spaces', 'L9,2024-01-02,organic,, 7 ,US,1'],
    ['a channel with a trailing space', 'L9,2024-01-02,organic ,,7,US,1'],
    ['a forced number that is not one', 'L9,2024-01-02,organic,,7,US,lots'],
    ['a malformed line', 'L9,2024-01-02,organic,,7,US,1,surplus'],
  ];
  it.each(dirty)('goes back to the checked read for %s, with the same table and quarantine', async (_what, line) => {
    const { clean, checked } = await leadsBothWays(csv(header, 'L1,2024-01-02,organic,,10,US,1000', line), { attributes: { numeric: ['revenue'] } });
    expect(clean.checkedReads).toBe(1);
    expect(clean).toEqual(checked);
  });

  it('goes back to the checked read for a wide label that is missing or not a label value', async () => {
    for (const value of ['', 'maybe']) {
      const { clean, checked } = await leadsBothWays(csv('lead_id,Converted', 'a,1', `b,${value}`), { label_column: 'Converted' });
      expect(clean.checkedReads).toBe(1);
      expect(clean).toEqual(checked);
      expect(clean.quarantine).toHaveLength(1);
    }
  });
});
