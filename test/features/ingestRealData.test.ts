/**
 * Ingest on the published datasets in ../shared/data/real (see its README). A clone without that
 * folder skips these.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ingest } from '../../features/ingest/ingest.ts';
import { configIn, openConnection, rowsOf } from './ingestFixture.ts';

const real = resolve(import.meta.dirname, '../../../shared/data/real');
const xEducation = join(real, 'x-education-leads.csv');
const olistLeads = join(real, 'olist-mqls.csv');
const olistDeals = join(real, 'olist-closed-deals.csv');

/** The suite title, saying why it is skipped when the data is not there. */
function title(name: string, ...files: string[]): string {
  const absent = files.filter((f) => !existsSync(f));
  return absent.length ? `${name} (skipped: ${absent.join(', ')} not found)` : name;
}

describe.skipIf(!existsSync(xEducation))(title('ingest on x-education-leads.csv', xEducation), () => {
  it('reads the wide table: label Converted, Select as missing, the empty trailing column dropped', async () => {
    const out = mkdtempSync(join(tmpdir(), 'leadscore-real-'));
    const { connection, close } = await openConnection();
    try {
      const config = configIn(real, {
        sources: {
          leads: {
            path: 'x-education-leads.csv',
            label_column: 'Converted',
            missing_values: ['Select'],
            columns: { lead_id: 'Prospect ID', channel: 'Lead Source' },
            attributes: { exclude: ['Lead Number', 'Tags', 'Lead Quality', 'Last Notable Activity'] },
          },
        },
      });
      const result = await ingest(connection, config, { quarantinePath: join(out, 'quarantine.csv') });
      expect(result.tables.leads).toEqual({ file: xEducation, read: 9240, accepted: 9240, rejected: 0 });
      expect(result.quarantine.rows).toBe(0);
      expect(result.hasDates).toBe(false);
      expect(result.hasEvents).toBe(false);
      expect(result.maxTimestamp).toBeNull();
      const kinds = Object.fromEntries(result.attributes.map((a) => [a.name, a.kind]));
      expect(kinds).toMatchObject({ TotalVisits: 'numeric', 'Total Time Spent on Website': 'numeric', 'Lead Origin': 'categorical', City: 'categorical' });
      expect(kinds).not.toHaveProperty('Lead Number');
      expect(kinds).not.toHaveProperty('column37');
      expect(result.warnings.some((w) => w.includes('"column37" is missing in every accepted row'))).toBe(true);

      const [summary] = await rowsOf(
        connection,
        `select sum(label)::integer as converted, count(*) filter (where "City" = 'Select')::integer as select_left,
                count(*) filter (where channel is null)::integer as no_channel
         from leads`,
      );
      expect(summary).toEqual({ converted: 3561, select_left: 0, no_channel: 36 });
    } finally {
      close();
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!existsSync(olistLeads) || !existsSync(olistDeals))(title('ingest on the Olist funnel', olistLeads, olistDeals), () => {
  it('reads MQLs (dd-mm-yyyy, CRLF) and closed deals (dd-mm-yyyy HH:MM) as won outcomes', async () => {
    const out = mkdtempSync(join(tmpdir(), 'leadscore-real-'));
    const { connection, close } = await openConnection();
    try {
      const config = configIn(real, {
        sources: {
          leads: {
            path: 'olist-mqls.csv',
            date_format: 'dd-mm-yyyy',
            columns: { lead_id: 'mql_id', created_at: 'first_contact_date', channel: 'origin' },
          },
          outcomes: {
            path: 'olist-closed-deals.csv',
            status: 'won',
            missing_status: 'lost',
            date_format: 'dd-mm-yyyy HH:MM',
            columns: { lead_id: 'mql_id', closed_at: 'won_date', amount: 'declared_monthly_revenue' },
          },
        },
      });
      const result = await ingest(connection, config, { quarantinePath: join(out, 'quarantine.csv') });
      expect(result.tables.leads).toEqual({ file: olistLeads, read: 8000, accepted: 8000, rejected: 0 });
      expect(result.tables.outcomes).toEqual({ file: olistDeals, read: 842, accepted: 842, rejected: 0 });
      expect(result.attributes).toEqual([{ name: 'landing_page_id', kind: 'categorical' }]);
      expect(result.hasDates).toBe(true);
      expect(result.maxTimestamp?.toISOString()).toBe('2018-11-14T18:04:00.000Z');
      // The deal dated before its lead's first contact is kept; the labels stage reports it (test/pipelines/realData.test.ts).
      expect(result.warnings).toEqual([]);

      const [leads] = await rowsOf(
        connection,
        `select count(*) filter (where channel is null)::integer as no_channel,
                strftime(min(created_at), '%Y-%m-%d') as first, strftime(max(created_at), '%Y-%m-%d') as last
         from leads`,
      );
      expect(leads).toEqual({ no_channel: 60, first: '2017-06-14', last: '2018-05-31' });
      const [outcomes] = await rowsOf(connection, `select count(distinct status)::integer as statuses, min(status) as status from outcomes`);
      expect(outcomes).toEqual({ statuses: 1, status: 'won' });
    } finally {
      close();
      rmSync(out, { recursive: true, force: true });
    }
  });
});
