/**
 * `report roi` on the hand-made fixture of roiFixture.ts. Every expected number below is worked
 * out by hand from the fixture's rows (the arithmetic is in the comments), not by running SQL.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LeadscoreError } from '../../../../core/errors.ts';
import { buildRoiReport } from '../../../../pipelines/reports/roiReport.ts';
import type { Report, TableSection } from '../../../../pipelines/reports/report.ts';
import type { ChannelRow } from '../../../../pipelines/reports/roi/roiTables.ts';
import { trainModel } from '../../../../pipelines/trainModel.ts';
import { openProbabilities, writePredictions, writeRoiFixture, type Fixture } from './roiFixture.ts';

const period = { from: '2024-01-01', to: '2024-02-29' };

const channel = (report: Report, name: string) => (report.data.channels as ChannelRow[]).find((row) => row.channel === name)!;
const table = (report: Report, id: string) => report.sections.find((s): s is TableSection => s.kind === 'table' && s.id === id)!;

describe('report roi on a hand-made fixture', () => {
  let fixture: Fixture;
  let report: Report;

  beforeAll(async () => {
    fixture = writeRoiFixture();
    const trained = await trainModel(fixture.config);
    const modelId = trained.models[0].id;
    // A stale row for a lead that has closed since (a1 is won) and a row by another model: both ignored.
    await writePredictions(fixture, modelId, { ...openProbabilities, a1: 0.99 });
    await writePredictions(fixture, 'some-other-model', { a4: 0.9 });
    report = await buildRoiReport(fixture.config, { period });
  });

  it('counts leads, MQLs, won, revenue and conversion per channel', () => {
    // ads in the period: a1..a5. MQLs = tier A (rule: 60 points ≥ 50): a1, a3, a5. Won a1 (1000), a2 (3000).
    expect(channel(report, 'ads')).toMatchObject({ leads: 5, mqls: 3, won: 2, revenue: 4000, conversion_rate: 2 / 5 });
    // email: e1 (A, won 500), e2, e3; organic: o1 (A, won 2000), o2; no channel: n1 (B, lost).
    expect(channel(report, 'email')).toMatchObject({ leads: 3, mqls: 1, won: 1, revenue: 500 });
    expect(channel(report, 'email').conversion_rate).toBeCloseTo(1 / 3, 12);
    expect(channel(report, 'organic')).toMatchObject({ leads: 2, mqls: 1, won: 1, revenue: 2000, conversion_rate: 0.5 });
    expect(channel(report, '(no channel)')).toMatchObject({ leads: 1, mqls: 0, won: 0, revenue: 0, conversion_rate: 0 });
    // Outside the period: x1 (2023-12-20), x2 (2024-03-10), x3..x5 (2023-11), the 2023 filler leads.
    expect((report.data.channels as ChannelRow[]).map((row) => row.channel).sort()).toEqual(['(no channel)', 'ads', 'email', 'organic', 'webinar']);
  });

  it('spend, costs per lead / MQL / customer and ROI', () => {
    // ads: January 310 + February 290 = 600 (December and March are outside the period).
    const ads = channel(report, 'ads');
    expect(ads.spend).toBeCloseTo(600, 9);
    expect(ads.cost_per_lead).toBeCloseTo(600 / 5, 9);
    expect(ads.cost_per_mql).toBeCloseTo(600 / 3, 9);
    expect(ads.acquisition_cost).toBeCloseTo(600 / 2, 9);
    expect(ads.roi).toBeCloseTo((4000 - 600) / 600, 9);
    // email: spend recorded as 0 → costs 0, ROI undefined, and the row says why.
    expect(channel(report, 'email')).toMatchObject({ spend: 0, cost_per_lead: 0, roi: null });
    // organic: no channel_costs rows at all → spend unknown, everything but the costs and ROI shown.
    expect(channel(report, 'organic')).toMatchObject({ spend: null, cost_per_lead: null, acquisition_cost: null, roi: null });
    // webinar: 100 spent in February, no leads: ROI (0 − 100) / 100 = −100 %.
    expect(channel(report, 'webinar')).toMatchObject({ leads: 0, spend: 100, cost_per_lead: null, revenue: 0, roi: -1 });
    const notes = Object.fromEntries(table(report, 'channels').rows.map((row) => [row.channel, row.note]));
    expect(notes.email).toBe('no ROI: spend is 0');
    expect(notes.organic).toBe('no ROI: no spend recorded for this channel in the period');
    expect(notes.webinar).toBe('spend but no leads in the period');
    expect(notes.ads).toBeNull();
    expect(table(report, 'channels').note).toMatch(/organic.*email|email.*organic/);
  });

  it('median days to close over the won leads', () => {
    // ads: a1 10 days, a2 20 days → 15; email: e1 4 days; organic: o1 2024-01-03 → 03-03 = 60 days.
    expect(channel(report, 'ads').median_days_to_close).toBeCloseTo(15, 9);
    expect(channel(report, 'email').median_days_to_close).toBeCloseTo(4, 9);
    expect(channel(report, 'organic').median_days_to_close).toBeCloseTo(60, 9);
    expect(channel(report, '(no channel)').median_days_to_close).toBeNull();
  });

  it("open leads' mean probability and predicted pipeline value", () => {
    // Expected deal amounts, all history: ads has 6 won deals with an amount (a1 1000, a2 3000,
    // x1 5000, x3 2000, x4 4000, x5 6000) ≥ 5 → its own mean 21000 / 6 = 3500. email (e1 500,
    // x2 700) and organic (o1 2000) have fewer → the mean of all 9: (21000 + 1200 + 2000) / 9.
    const overall = 24200 / 9;
    const ads = channel(report, 'ads');
    expect(ads.open_leads).toBe(2);
    expect(ads.mean_open_probability).toBeCloseTo((0.2 + 0.6) / 2, 12);
    expect(ads.predicted_pipeline_value).toBeCloseTo(0.2 * 3500 + 0.6 * 3500, 9);
    expect(channel(report, 'email').predicted_pipeline_value).toBeCloseTo(0.5 * overall, 9);
    expect(channel(report, 'organic').predicted_pipeline_value).toBeCloseTo(0.1 * overall, 9);
    // No open leads: nothing in the pipeline, and no mean probability to show.
    expect(channel(report, '(no channel)')).toMatchObject({ predicted_pipeline_value: 0, mean_open_probability: null });
    expect(report.data.predictions).toMatchObject({ openLeads: 4, scored: 4 });
  });

  it('a totals row blended over every channel', () => {
    const total = report.data.total as ChannelRow;
    // 11 leads; MQLs 3 + 1 + 1 + 0; won a1 a2 e1 o1; revenue 4000 + 500 + 2000; spend 600 + 0 + 100.
    expect(total).toMatchObject({ leads: 11, mqls: 5, won: 4, revenue: 6500, open_leads: 4 });
    expect(total.spend).toBeCloseTo(700, 9);
    expect(total.cost_per_lead).toBeCloseTo(700 / 11, 9);
    expect(total.cost_per_mql).toBeCloseTo(700 / 5, 9);
    expect(total.acquisition_cost).toBeCloseTo(700 / 4, 9);
    expect(total.roi).toBeCloseTo((6500 - 700) / 700, 9);
    // Days to close 10, 20, 4, 60 → median (10 + 20) / 2.
    expect(total.median_days_to_close).toBeCloseTo(15, 9);
    expect(total.mean_open_probability).toBeCloseTo((0.2 + 0.6 + 0.5 + 0.1) / 4, 12);
    expect(total.predicted_pipeline_value).toBeCloseTo(2800 + 0.6 * (24200 / 9), 9);
    const rows = table(report, 'channels').rows;
    expect(rows[rows.length - 1].channel).toBe('Total');
  });

  it('ranks channels by ROI and by predicted value side by side', () => {
    // ROI: ads 5.67, webinar −1; email (spend 0) and organic (no spend) are not ranked.
    expect(report.data.ranking).toMatchObject({
      byRoi: [{ channel: 'ads' }, { channel: 'webinar' }],
      byPredictedValue: [{ channel: 'ads' }, { channel: 'email' }, { channel: 'organic' }, { channel: '(no channel)' }, { channel: 'webinar' }],
    });
    const ranking = table(report, 'ranking');
    expect(ranking.rows[0]).toMatchObject({ rank: 1, roi_channel: 'ads', value_channel: 'ads' });
    expect(ranking.rows[2]).toMatchObject({ rank: 3, roi_channel: null, value_channel: 'organic' });
    expect(ranking.note).toMatch(/Not ranked by ROI: \(no channel\), email, organic/);
  });

  it('breaks the funnel down by campaign', () => {
    const campaigns = report.data.campaigns as Array<Record<string, unknown>>;
    expect(campaigns.map((c) => `${c.channel}/${c.campaign}`)).toEqual([
      '(no channel)/(no campaign)',
      'ads/brand',
      'ads/generic',
      'email/news',
      'organic/(no campaign)',
    ]);
    // ads/brand: a1, a2 (a1 tier A), both won; ads/generic: a3 (A, lost), a4, a5 (A, open).
    expect(campaigns[1]).toMatchObject({ leads: 2, mqls: 1, won: 2, revenue: 4000, open_leads: 0 });
    expect(campaigns[2]).toMatchObject({ leads: 3, mqls: 2, won: 0, revenue: 0, open_leads: 2 });
    expect(campaigns[2].predicted_pipeline_value as number).toBeCloseTo(2800, 9);
  });

  it('has charts with their data inline, and says how it defined MQLs and expected amounts', () => {
    const charts = report.sections.filter((s) => s.kind === 'chart');
    expect(charts.map((c) => c.id)).toEqual(['spend_vs_revenue', 'pipeline_value_by_channel', 'conversion_by_channel']);
    const spendRevenue = charts[0].kind === 'chart' ? (charts[0].spec.data as { values: Array<Record<string, unknown>> }).values : [];
    expect(spendRevenue).toContainEqual({ channel: 'ads', measure: 'revenue', amount: 4000 });
    const text = JSON.stringify(report.sections.filter((s) => s.kind === 'text'));
    expect(text).toMatch(/MQL: met the MQL agreement of tier-rule \(rule score ≥ 50/);
    expect(text).toMatch(/at least 5 won deals/);
    expect(report.mainTable).toBe('channels');
    expect(report.context).toMatchObject({ period: 'leads created 2024-01-01 to 2024-02-29', leads: 11 });
  });

  it('prorates a month the period covers in part, by days', async () => {
    const part = await buildRoiReport(fixture.config, { period: { from: '2024-01-16', to: '2024-02-14' } });
    // January 16–31: 16 of 31 days of 310; February 1–14: 14 of 29 days of 290 → 160 + 140.
    const ads = channel(part, 'ads');
    expect(ads.spend).toBeCloseTo(160 + 140, 9);
    // Leads created in the window: a2 (won 3000), a3, a4.
    expect(ads).toMatchObject({ leads: 3, won: 1, revenue: 3000 });
    expect(ads.roi).toBeCloseTo((3000 - 300) / 300, 9);
    expect(channel(part, 'webinar').spend).toBeCloseTo((100 * 14) / 29, 9);
  });
});

describe('report roi: what it refuses and what it cannot compute', () => {
  it('asks for leadscore score when open leads have no predictions', async () => {
    const fixture = writeRoiFixture();
    await trainModel(fixture.config);
    const error = await buildRoiReport(fixture.config, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeadscoreError);
    expect((error as LeadscoreError).message).toMatch(/run leadscore score first/);
    expect((error as LeadscoreError).exitCode).toBe(2);
  });

  it('counts open leads without a prediction and says so', async () => {
    const fixture = writeRoiFixture();
    const trained = await trainModel(fixture.config);
    await writePredictions(fixture, trained.models[0].id, { a4: 0.2 });
    const report = await buildRoiReport(fixture.config, { period });
    expect(channel(report, 'ads')).toMatchObject({ open_leads: 2, open_leads_scored: 1, mean_open_probability: 0.2 });
    // email and organic have open leads and none scored: their pipeline value is unknown, not 0.
    expect(channel(report, 'email').predicted_pipeline_value).toBeNull();
    expect(table(report, 'channels').note).toMatch(/3 of 4 open leads have no prediction by this model/);
  });

  it('asks for a trained model when open leads need predictions', async () => {
    const fixture = writeRoiFixture();
    await expect(buildRoiReport(fixture.config, {})).rejects.toThrow(/no trained model/);
  });

  it('without spend, amounts or rules: MQLs by the model, and a list of what is missing', async () => {
    // No rule file and no costs; the outcomes lose their amounts.
    const fixture = writeRoiFixture({}, { rules: false, costs: false });
    const { writeFileSync, readFileSync } = await import('node:fs');
    const outcomes = `${fixture.dir}/outcomes.csv`;
    writeFileSync(outcomes, readFileSync(outcomes, 'utf8').replace(/,\d+$/gm, ','));
    const trained = await trainModel(fixture.config);
    await writePredictions(fixture, trained.models[0].id, openProbabilities);
    const report = await buildRoiReport(fixture.config, { period });
    expect(channel(report, 'ads')).toMatchObject({ leads: 5, won: 2, revenue: null, spend: null, roi: null, predicted_pipeline_value: null });
    expect(channel(report, 'ads').mean_open_probability).toBeCloseTo(0.4, 12);
    expect(report.data.mql).toMatchObject({ by: 'model' });
    const missing = report.data.cannotCompute as string[];
    expect(missing.some((line) => /no channel_costs source/.test(line))).toBe(true);
    expect(missing.some((line) => /no won deal has an amount/.test(line))).toBe(true);
    const shown = table(report, 'channels').columns.map((c) => c.key);
    expect(shown).not.toContain('roi');
    expect(shown).toContain('mean_open_probability');
  });
});
