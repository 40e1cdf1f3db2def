/**
 * The optimistic read of the leads, events and outcomes files (features/ingest/cleanRead.ts): a
 * clean file is read typed in one strict pass, anything the checked read would reject or change
 * sends it back to the checked read — and either way the tables and the quarantine are the ones
 * the checked read alone gives.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDBConnection } from '@duckdb/node-api';
import { runIngest } from '../ingestFixture.ts';

const csv = (...lines: string[]) => lines.join('\n') + '\n';

const leads = csv('lead_id,created_at,channel', 'L1,2024-01-02,organic', 'L2,2024-01-03,paid_search', 'L3,2024-01-04,email');
const outcomes = csv('lead_id,status,closed_at,amount');

type Table = 'leads' | 'events' | 'outcomes';

// The statements that read a file value by value (the checked read), per table, seen by spying on DuckDB.
let checkedReads: Record<Table, number>;
let original: DuckDBConnection['run'];
beforeEach(() => {
  original = DuckDBConnection.prototype.run;
  DuckDBConnection.prototype.run = function (this: DuckDBConnection, sql: string, ...rest: unknown[]) {
    const checked = /create or replace table "(leads|events|outcomes)" as\s+with source as/.exec(sql);
    if (checked) checkedReads[checked[1] as Table]++;
    return (original as (...args: unknown[]) => ReturnType<DuckDBConnection['run']>).call(this, sql, ...rest);
  } as DuckDBConnection['run'];
});
afterEach(() => {
  DuckDBConnection.prototype.run = original;
});

interface Outcome {
  /** The table's rows in file order, every value as text. */
  rows: Record<string, unknown>[];
  quarantine: Array<Record<string, unknown>>;
  attributes: unknown;
  /** Checked reads of the table. */
  checkedReads: number;
}

/** Ingests `files` with `config` the optimistic way and the checked way, and reads back `table`. */
async function bothWays(files: Record<string, string>, config: Record<string, unknown>, table: Table): Promise<{ clean: Outcome; checked: Outcome }> {
  const ingestOnce = async (cleanRead: boolean): Promise<Outcome> => {
    checkedReads = { leads: 0, events: 0, outcomes: 0 };
    const run = await runIngest(files, config, { cleanRead });
    try {
      const columns = await run.columns(table);
      const text = (name: string, type: string) =>
        // Timestamps to the microsecond, and with their type: the two reads must agree on both.
        type.startsWith('TIMESTAMP') ? `strftime("${name}", '%Y-%m-%d %H:%M:%S.%f') || ' ' || typeof("${name}")` : `"${name}"::varchar`;
      const rows = await run.rows(`select ${columns.map(([name, type]) => `${text(name, type)} as "${name}"`).join(', ')} from ${table} order by rowid`);
      return { rows, quarantine: run.quarantine.map(({ file: _file, ...row }) => row), attributes: run.result.attributes, checkedReads: checkedReads[table] };
    } finally {
      run.close();
    }
  };
  return { clean: await ingestOnce(true), checked: await ingestOnce(false) };
}

/** `events` ingested with the leads above, both ways. */
function eventsBothWays(events: string, eventsSource: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
  return bothWays(
    { 'leads.csv': leads, 'events.csv': events, 'outcomes.csv': outcomes },
    { ...top, sources: { leads: { path: 'leads.csv' }, events: { path: 'events.csv', ...eventsSource }, outcomes: { path: 'outcomes.csv' } } },
    'events',
  );
}

describe('ingest: the clean read of the events file', () => {
  it('reads a clean file typed in one pass, giving the checked read’s table', async () => {
    const { clean, checked } = await eventsBothWays(
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
    expect(clean.rows).toEqual(checked.rows);
    expect(clean.quarantine).toEqual([]);
    // The offsets are converted to UTC, not dropped.
    expect(clean.rows[2].occurred_at).toBe('2024-01-06 06:00:00.000000 TIMESTAMP');
    expect(clean.rows[3].occurred_at).toBe('2024-01-07 01:00:00.000000 TIMESTAMP');
    expect(clean.rows.map((e) => e.value)).toEqual([null, '3.0', '1000.0', '4.0', null, '-0.5', null]);
    expect(clean.rows[6].occurred_at).toBe('2024-01-08 00:00:00.000000 TIMESTAMP');
  });

  it('reads a clean file with a date_format and mapped columns the same way', async () => {
    const { clean, checked } = await eventsBothWays(
      csv('Lead,When,Type', 'L1,05-01-2024 10:30,page_view', 'L2,06-01-2024 08:00,form_submit'),
      { columns: { lead_id: 'Lead', occurred_at: 'When', event_type: 'Type' }, date_format: 'dd-mm-yyyy HH:MM' },
    );
    expect(clean.checkedReads).toBe(0);
    expect(clean.rows).toEqual(checked.rows);
    expect(clean.rows.map((e) => e.occurred_at)).toEqual(['2024-01-05 10:30:00.000000 TIMESTAMP', '2024-01-06 08:00:00.000000 TIMESTAMP']);
  });

  it('keeps the clean read when only unknown leads are rejected, with the same quarantine', async () => {
    const { clean, checked } = await eventsBothWays(csv('lead_id,occurred_at,event_type', 'L1,2024-01-05,page_view', 'L9,2024-01-05,page_view'));
    expect(clean.checkedReads).toBe(0);
    expect(clean.quarantine).toEqual(checked.quarantine);
    expect(clean.quarantine).toEqual([{ table: 'events', row: 2, column: 'lead_id', value: 'L9', reason: 'lead "L9" is not in the leads file' }]);
    expect(clean.rows).toEqual(checked.rows);
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
    const { clean, checked } = await eventsBothWays(csv('lead_id,occurred_at,event_type,value', 'L2,2024-01-05,page_view,2', line, 'L3,2024-01-06,page_view,'));
    expect(clean.checkedReads).toBe(1);
    expect(clean.rows).toEqual(checked.rows);
    expect(clean.quarantine).toEqual(checked.quarantine);
  });

  it('is not tried when a missing-value token could parse as a number or a date', async () => {
    const { clean, checked } = await eventsBothWays(csv('lead_id,occurred_at,event_type,value', 'L1,2024-01-05,page_view, -1 '), {}, { missing_values: ['-1'] });
    expect(clean.checkedReads).toBe(1);
    expect(clean.rows).toEqual(checked.rows);
    expect(clean.rows[0].value).toBeNull();
  });
});

/** A leads file (wide, or with an empty outcomes file) ingested both ways. */
function leadsBothWays(leadsFile: string, leadsSource: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
  const wide = 'label_column' in leadsSource;
  return bothWays(
    { 'leads.csv': leadsFile, 'outcomes.csv': outcomes },
    { ...top, sources: { leads: { path: 'leads.csv', ...leadsSource }, ...(wide ? {} : { outcomes: { path: 'outcomes.csv' } }) } },
    'leads',
  );
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

/** An outcomes file ingested both ways, with the leads above. */
function outcomesBothWays(outcomesFile: string, outcomesSource: Record<string, unknown> = {}) {
  return bothWays(
    { 'leads.csv': leads, 'outcomes.csv': outcomesFile },
    { sources: { leads: { path: 'leads.csv' }, outcomes: { path: 'outcomes.csv', ...outcomesSource } } },
    'outcomes',
  );
}

describe('ingest: the clean read of the outcomes file', () => {
  const header = 'lead_id,status,closed_at,amount';
  it('reads a clean file typed in one pass: open deals without a close date, status words, duplicates and unknown leads as the checked read has them', async () => {
    const { clean, checked } = await outcomesBothWays(
      csv(header, 'L1,Won,2024-02-01,1200.5', 'L2,open,,', 'L3,LOST,2024-03-01T10:00:00+01:00,NA', 'L2,won,2024-04-01,1', 'L9,lost,2024-02-02,'),
    );
    expect(checked.checkedReads).toBe(1);
    expect(clean.checkedReads).toBe(0);
    expect(clean).toEqual({ ...checked, checkedReads: 0 });
    expect(clean.rows.map((r) => r.status)).toEqual(['won', 'open', 'lost']);
    expect(clean.rows[2].closed_at).toBe('2024-03-01 09:00:00.000000 TIMESTAMP');
    expect(clean.quarantine.map((q) => q.reason)).toEqual(['duplicate outcome for lead "L2" (first in row 2)', 'lead "L9" is not in the leads file']);
  });

  it('reads a file with status_values, a date_format and mapped columns the same way', async () => {
    const { clean, checked } = await outcomesBothWays(csv('Lead,Stage,Closed', 'L1,Closed Won,01/02/2024', 'L2,Pipeline,', 'L3,closed lost,05/03/2024'), {
      columns: { lead_id: 'Lead', status: 'Stage', closed_at: 'Closed' },
      status_values: { won: ['Closed Won'], lost: ['Closed Lost'], open: ['Pipeline'] },
      date_format: 'dd/mm/yyyy',
    });
    expect(clean.checkedReads).toBe(0);
    expect(clean).toEqual({ ...checked, checkedReads: 0 });
    expect(clean.rows.map((r) => [r.status, r.closed_at, r.amount])).toEqual([
      ['won', '2024-02-01 00:00:00.000000 TIMESTAMP', null],
      ['open', null, null],
      ['lost', '2024-03-05 00:00:00.000000 TIMESTAMP', null],
    ]);
  });

  it('reads a file with one status for every row (sources.outcomes.status) the same way', async () => {
    const { clean, checked } = await outcomesBothWays(csv('lead_id,closed_at,amount', 'L1,2024-02-01,10', 'L3,2024-03-01,'), { status: 'won' });
    expect(clean.checkedReads).toBe(0);
    expect(clean).toEqual({ ...checked, checkedReads: 0 });
    expect(clean.rows.map((r) => r.status)).toEqual(['won', 'won']);
  });

  const dirty: Array<[string, string]> = [
    ['a close date that does not parse', 'L3,lost,2024-02-30x,1'],
    ['a close date that is only spaces', 'L3,open,  ,1'],
    ['a won deal without a close date', 'L3,won,,1'],
    ['a missing status', 'L3,,2024-02-01,1'],
    ['a status that is not a status word', 'L3,maybe,2024-02-01,1'],
    ['a status with surrounding spaces', 'L3, won ,2024-02-01,1'],
    ['a lead_id with surrounding spaces', ' L3,won,2024-02-01,1'],
    ['a missing lead_id', ',won,2024-02-01,1'],
    ['an amount that is not a number', 'L3,won,2024-02-01,lots'],
    ['an amount that is not finite', 'L3,won,2024-02-01,-inf'],
    ['a malformed line', 'L3,won,2024-02-01,1,surplus'],
  ];
  it.each(dirty)('goes back to the checked read for %s, with the same table and quarantine', async (_what, line) => {
    const { clean, checked } = await outcomesBothWays(csv(header, 'L1,won,2024-02-01,5', line, 'L2,open,,'));
    expect(clean.checkedReads).toBe(1);
    expect(clean).toEqual(checked);
  });
});
