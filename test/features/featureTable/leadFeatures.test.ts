import { describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { buildEngagement, engagementColumns, type EngagementOptions } from '../../../features/engagement/engagement.ts';
import { buildLeadFeatures, leadFeaturesSql, type LeadFeaturesSpec } from '../../../features/featureTable/leadFeatures.ts';
import type { FeatureFrame } from '../../../features/frame/featureFrame.ts';
import { enumLimit, readFeatureFrame } from '../../../features/frame/readFeatureFrame.ts';
import { buildLabels, type LabelSummary } from '../../../features/labels/labels.ts';
import { featureRowsCount, featureRowsSql } from '../../../pipelines/featureTables.ts';
import { canonicalTables, memoryConnection, rows } from '../../helpers/duckdb.ts';

const labelOptions = {
  windowDays: 30,
  asOf: new Date('2024-12-31T00:00:00Z'),
  snapshotDays: 7,
  outcomeBeforeSnapshot: 'exclude' as const,
  missingStatus: 'open' as const,
};

/** `count` leads over 2024 with channel, industry (or the given expression), an all-NULL campaign, employees, outcomes and events. */
async function crm(count: number, industry = `['saas', 'retail', 'Zürich AG', null][i % 4 + 1]`): Promise<{ c: DuckDBConnection; labels: LabelSummary }> {
  const c = await memoryConnection();
  await canonicalTables(c, {});
  await c.run(`alter table leads add column employees double`);
  await c.run(`insert into leads select 'L' || lpad(i::varchar, 6, '0'), timestamp '2024-01-01' + to_hours(i * 7), ['web', 'email', null][i % 3 + 1],
    null, null, ${industry}, case when i % 5 = 0 then null else i % 300 end from range(${count}) r(i)`);
  await c.run(`insert into outcomes select lead_id, case when i % 3 = 0 then 'won' else 'lost' end, created_at + to_days(10), null
    from (select lead_id, created_at, row_number() over (order by lead_id) as i from leads) where i % 4 <> 0`);
  await c.run(`insert into events select lead_id, created_at + to_hours(j * 13), ['page_view', 'form_submit', 'webinar'][(i + j) % 3 + 1], null
    from (select lead_id, created_at, row_number() over (order by lead_id) as i from leads), range(4) r(j) where (i + j) % 5 <> 0`);
  return { c, labels: await buildLabels(c, labelOptions) };
}

const engagementOptions: EngagementOptions = { eventTypes: ['page_view', 'form_submit'], windowsDays: [1, 7], decayHalfLifeDays: 7 };

const spec = (engagement: string[]): LeadFeaturesSpec => ({
  leadColumns: [
    { name: 'channel', kind: 'categorical' },
    { name: 'campaign', kind: 'categorical' },
    { name: 'industry', kind: 'categorical' },
    { name: 'employees', kind: 'numeric' },
  ],
  calendarParts: ['month', 'weekday', 'hour'],
  engagementColumns: engagement,
});

/** A frame as comparable strings. */
function frameBytes(frame: FeatureFrame): Record<string, string> {
  const hex = (array: ArrayBufferView) => Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('hex');
  return {
    leadIds: frame.leadIds.join(','),
    createdAt: hex(frame.createdAt),
    snapshotAt: hex(frame.snapshotAt),
    label: hex(frame.label),
    ...Object.fromEntries(
      frame.columns.map((column) => [column.name, column.kind === 'numeric' ? hex(column.values) : `${hex(column.codes)} ${column.dictionary.join('|')}`]),
    ),
  };
}

describe('lead_features', () => {
  it('makes categoricals ENUMs, which read into the same frame as their text', async () => {
    const { c, labels } = await crm(400);
    await buildEngagement(c, engagementOptions);
    const leadSpec = spec(engagementColumns(engagementOptions));
    const features = await buildLeadFeatures(c, leadSpec);
    const types = Object.fromEntries(
      (await rows(c, `select column_name, data_type from information_schema.columns where table_name = 'lead_features'`)).map((r) => [r.column_name, r.data_type]),
    );
    expect(types).toMatchObject({
      channel: "ENUM('email', 'web')",
      campaign: 'VARCHAR', // no values: nothing to make an ENUM of
      industry: "ENUM('Zürich AG', 'retail', 'saas')",
      employees: 'DOUBLE',
      created_month: expect.stringMatching(/^ENUM\('01', '02', .*'12'\)$/),
      created_weekday: expect.stringMatching(/^ENUM\('Friday', 'Monday', /),
      created_hour: expect.stringMatching(/^ENUM\('00', .*'23'\)$/),
      page_view_count_7d: 'INTEGER',
      recency_days: 'DOUBLE',
    });
    // The same view with every categorical as text: the reading path the ENUMs replace.
    await c.run(`create view lead_features_text as ${leadFeaturesSql(leadSpec)}`);
    for (const which of ['training', 'open'] as const) {
      const expectedRows = featureRowsCount(labels, which);
      const frame = await readFeatureFrame(c, featureRowsSql(which), features, { expectedRows });
      const text = await readFeatureFrame(c, featureRowsSql(which).replace('lead_features', 'lead_features_text'), features);
      expect(frame.rows).toBe(expectedRows);
      expect(frame.rows).toBeGreaterThan(50);
      expect(frameBytes(frame)).toEqual(frameBytes(text));
    }
    const frame = await readFeatureFrame(c, featureRowsSql('training'), features);
    const industry = frame.columns.find((column) => column.name === 'industry');
    expect(industry?.kind === 'categorical' && industry.dictionary).toEqual(['Zürich AG', 'retail', 'saas']);
  });

  it(`keeps a lead column of more than ${enumLimit} values as text`, async () => {
    const { c } = await crm(enumLimit + 5, `'company ' || i`);
    const features = await buildLeadFeatures(c, spec([]));
    expect(await rows(c, `select data_type from information_schema.columns where table_name = 'lead_features' and column_name = 'industry'`)).toEqual([
      { data_type: 'VARCHAR' },
    ]);
    const frame = await readFeatureFrame(c, featureRowsSql('training'), features);
    const industry = frame.columns.find((column) => column.name === 'industry');
    if (industry?.kind !== 'categorical') throw new Error('unexpected kind');
    expect(industry.dictionary[industry.codes[0]]).toBe(`company ${Number(frame.leadIds[0].slice(1))}`);
  });
});
