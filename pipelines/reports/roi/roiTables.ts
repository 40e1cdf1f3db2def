/**
 * Runs the ROI report's SQL (the .sql files beside this one, in order) over the canonical tables
 * and roi_mql / roi_predictions, and reads the two result tables.
 */
import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal, numberLiteral, renderSql } from '../../../core/sql.ts';
import { describePeriod, periodBounds, type ReportPeriod } from '../reportOptions.ts';

const template = (name: string) => readFileSync(new URL(`./${name}.sql`, import.meta.url), 'utf8');
const templates = {
  leads: template('roi_leads'),
  spend: template('roi_channel_spend'),
  byChannel: template('roi_by_channel'),
  byCampaign: template('roi_by_campaign'),
};

/** A channel needs this many won deals with an amount before its own mean is its expected deal amount. */
export const minChannelDeals = 5;
export const noChannel = '(no channel)';
export const noCampaign = '(no campaign)';
export const totalLabel = 'Total';

export interface ChannelRow {
  channel: string;
  is_total: boolean;
  leads: number;
  mqls: number;
  won: number;
  conversion_rate: number | null;
  revenue: number | null;
  won_without_amount: number;
  spend: number | null;
  cost_months: number;
  cost_per_lead: number | null;
  cost_per_mql: number | null;
  acquisition_cost: number | null;
  roi: number | null;
  median_days_to_close: number | null;
  open_leads: number;
  open_leads_scored: number;
  mean_open_probability: number | null;
  predicted_pipeline_value: number | null;
}

export interface CampaignRow {
  channel: string;
  campaign: string;
  leads: number;
  mqls: number;
  won: number;
  conversion_rate: number | null;
  revenue: number | null;
  median_days_to_close: number | null;
  open_leads: number;
  mean_open_probability: number | null;
  predicted_pipeline_value: number | null;
}

export interface RoiTables {
  channels: ChannelRow[];
  campaigns: CampaignRow[];
  /** Some won deal in the data has an amount: revenue and pipeline value can be computed. */
  hasAmounts: boolean;
  /** The leads carry campaigns. */
  hasCampaigns: boolean;
}

export async function buildRoiTables(connection: DuckDBConnection, period: ReportPeriod | undefined): Promise<RoiTables> {
  const { start, endExclusive } = periodBounds(period);
  const periodDesc = describePeriod(period);
  const timestamp = (day: string) => `timestamp ${literal(day)}`;
  const date = (day: string | null) => (day === null ? 'cast(null as date)' : `date ${literal(day)}`);
  const periodFilter = [
    ...(start ? [`created_at >= ${timestamp(start)}`] : []),
    ...(endExclusive ? [`created_at < ${timestamp(endExclusive)}`] : []),
  ];

  await connection.run(
    `create or replace table roi_leads as\n${renderSql(templates.leads, {
      period_desc: periodDesc,
      period_filter: periodFilter.length ? periodFilter.join(' and ') : 'true',
      min_channel_deals: numberLiteral(minChannelDeals),
      no_channel: literal(noChannel),
      no_campaign: literal(noCampaign),
    })}`,
  );
  await connection.run(
    `create or replace table roi_channel_spend as\n${renderSql(templates.spend, {
      period_desc: periodDesc,
      period_start: date(start),
      period_end_exclusive: date(endExclusive),
    })}`,
  );
  const flags = await rows<{ has_amounts: boolean; has_campaigns: boolean }>(
    connection,
    `select
       exists (select 1 from outcomes where status = 'won' and amount is not null) as has_amounts,
       exists (select 1 from leads where campaign is not null) as has_campaigns`,
  );
  const { has_amounts: hasAmounts, has_campaigns: hasCampaigns } = flags[0];
  const amounts = hasAmounts ? 'true' : 'false';
  const channels = await rows<ChannelRow>(connection, renderSql(templates.byChannel, { has_amounts: amounts, total_label: literal(totalLabel) }));
  const campaigns = hasCampaigns ? await rows<CampaignRow>(connection, renderSql(templates.byCampaign, { has_amounts: amounts })) : [];
  return { channels, campaigns, hasAmounts, hasCampaigns };
}

async function rows<T>(connection: DuckDBConnection, sql: string): Promise<T[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS() as T[];
}
