/**
 * Row numbers in the quarantine come from `rowid`, which follows file order only because DuckDB
 * preserves insertion order. These files span many vectors and row groups and are read by
 * several threads, so a reordering read would show up as wrong row numbers here.
 */
import { describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ingest } from '../../features/ingest/ingest.ts';
import { configIn, openConnection, readQuarantine, writeFiles } from './ingestFixture.ts';

const rows = 300_000;
const badDateEvery = 9_973; // a prime, so bad rows land at every offset within vectors and row groups
const malformedAt = new Set([50_000, 150_001, 299_999]);
const multilineEvery = 77_777;

function leadsFile(): string {
  const lines = ['lead_id,created_at,channel,note'];
  for (let row = 1; row <= rows; row++) {
    const created = row % badDateEvery === 0 ? `bad-${row}` : '2024-01-01 00:00:00';
    // Padded to ~20 MB: big enough that DuckDB splits the read between threads.
    const note = row % multilineEvery === 0 ? `"line one\nline two"` : `padding-padding-padding-padding-${row}`;
    lines.push(malformedAt.has(row) ? `L${row},2024-01-01,ads,n,extra-${row}` : `L${row},${created},ads,${note}`);
  }
  return lines.join('\n') + '\n';
}

function eventsFile(): string {
  const lines = ['lead_id,occurred_at,event_type,value'];
  for (let row = 1; row <= rows; row++) {
    // Bad values one row before each lead with a bad date, so the next event hits that rejected lead.
    const value = (row + 1) % badDateEvery === 0 ? `v${row}` : String(row % 100);
    lines.push(`L${row},2024-01-02 00:00:00,page_view,${value}`);
  }
  return lines.join('\n') + '\n';
}

describe('ingest: quarantine row numbers on large files', () => {
  it('match the file row in leads and events, across threads and malformed lines', { timeout: 120_000 }, async () => {
    const dir = writeFiles({ 'leads.csv': leadsFile(), 'events.csv': eventsFile(), 'outcomes.csv': 'lead_id,status,closed_at\n' });
    const { connection, close } = await openConnection();
    try {
      await connection.run('set threads = 4');
      // A caller saving memory may turn this off; ingest must turn it back on for its reads.
      await connection.run('set preserve_insertion_order = false');
      const config = configIn(dir, {
        sources: { leads: { path: 'leads.csv' }, events: { path: 'events.csv' }, outcomes: { path: 'outcomes.csv' } },
      });
      const quarantinePath = join(dir, 'quarantine.csv');
      const result = await ingest(connection, config, { quarantinePath });
      const quarantine = await readQuarantine(connection, quarantinePath);

      const leadRows = quarantine.filter((q) => q.table === 'leads');
      const malformed = leadRows.filter((q) => q.reason.startsWith('malformed CSV line'));
      expect(malformed.map((q) => q.row)).toEqual([...malformedAt]);
      for (const q of malformed) expect(q.value).toBe(`L${q.row},2024-01-01,ads,n,extra-${q.row}`);
      const badDates = leadRows.filter((q) => q.column === 'created_at');
      expect(badDates).toHaveLength(Math.floor(rows / badDateEvery));
      for (const q of badDates) expect(q.value).toBe(`bad-${q.row}`);
      expect(result.tables.leads).toEqual({
        file: join(dir, 'leads.csv'),
        read: rows,
        accepted: rows - malformedAt.size - badDates.length,
        rejected: malformedAt.size + badDates.length,
      });

      const eventRows = quarantine.filter((q) => q.table === 'events');
      const badValues = eventRows.filter((q) => q.column === 'value');
      expect(badValues).toHaveLength(Math.floor(rows / badDateEvery));
      for (const q of badValues) expect(q.value).toBe(`v${q.row}`);
      // Events of a rejected lead name the lead's own row in the leads file.
      const ofRejected = eventRows.filter((q) => q.reason.includes('was rejected'));
      expect(ofRejected).toHaveLength(badDates.length);
      for (const q of ofRejected) expect(q.reason).toBe(`lead "L${q.row}" was rejected in the leads file (row ${q.row})`);

      const setting = await connection.runAndReadAll(`select current_setting('preserve_insertion_order') as on`);
      expect(setting.getRowObjectsJS()[0].on).toBe(false);
    } finally {
      close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
