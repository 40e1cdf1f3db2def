/**
 * The ROI report's charts, as Vega-Lite specs with their data inline (the HTML renderer compiles
 * them to SVG). One function per chart; each returns null when the data for it does not exist.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ChartSection } from '../report.ts';
import type { ChannelRow } from './roiTables.ts';

const width = 520;

/** Spend and revenue side by side per channel, channels ordered by revenue (then spend). */
export function spendRevenueChart(channels: ChannelRow[]): ChartSection | null {
  const values = channels.flatMap((row) => [
    ...(row.spend !== null ? [{ channel: row.channel, measure: 'spend', amount: row.spend }] : []),
    ...(row.revenue !== null ? [{ channel: row.channel, measure: 'revenue', amount: row.revenue }] : []),
  ]);
  if (values.length === 0) return null;
  const measures = [...new Set(values.map((v) => v.measure))];
  const order = [...channels]
    .sort((a, b) => (b.revenue ?? 0) - (a.revenue ?? 0) || (b.spend ?? 0) - (a.spend ?? 0) || a.channel.localeCompare(b.channel))
    .map((row) => row.channel);
  const spec: TopLevelSpec = {
    description: 'Spend and revenue by channel',
    width,
    height: 260,
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'channel', type: 'nominal', sort: order, title: 'channel', axis: { labelAngle: -30 } },
      xOffset: { field: 'measure', type: 'nominal', sort: measures },
      y: { field: 'amount', type: 'quantitative', title: 'amount' },
      color: { field: 'measure', type: 'nominal', sort: measures, scale: { domain: measures, range: ['#9e9ac8', '#31a354'].slice(0, measures.length) } },
    },
  };
  return {
    kind: 'chart',
    id: 'spend_vs_revenue',
    title: measures.length === 2 ? 'Spend and revenue by channel' : measures[0] === 'spend' ? 'Spend by channel' : 'Revenue by channel',
    spec,
    note: measures.length === 2 ? undefined : `Only ${measures[0]} is known; see "What this report cannot compute".`,
  };
}

/** Predicted pipeline value per channel, largest first. */
export function pipelineValueChart(channels: ChannelRow[]): ChartSection | null {
  const values = channels
    .filter((row) => row.predicted_pipeline_value !== null)
    .map((row) => ({ channel: row.channel, value: row.predicted_pipeline_value, open_leads: row.open_leads_scored }));
  if (values.length === 0) return null;
  const spec: TopLevelSpec = {
    description: 'Predicted pipeline value by channel',
    width,
    height: 260,
    data: { values },
    mark: { type: 'bar', tooltip: true, color: '#3182bd' },
    encoding: {
      x: { field: 'channel', type: 'nominal', sort: '-y', title: 'channel', axis: { labelAngle: -30 } },
      y: { field: 'value', type: 'quantitative', title: 'predicted pipeline value' },
    },
  };
  return {
    kind: 'chart',
    id: 'pipeline_value_by_channel',
    title: 'Predicted pipeline value of open leads by channel',
    spec,
    note: 'Σ probability × expected deal amount over each channel\'s open leads.',
  };
}

/** Conversion rate per channel: shown on every dataset, money or not. */
export function conversionChart(channels: ChannelRow[]): ChartSection | null {
  const values = channels
    .filter((row) => row.leads > 0 && row.conversion_rate !== null)
    .map((row) => ({ channel: row.channel, conversion_rate: row.conversion_rate, leads: row.leads, won: row.won }));
  if (values.length === 0) return null;
  const spec: TopLevelSpec = {
    description: 'Conversion rate by channel',
    width,
    height: 260,
    data: { values },
    mark: { type: 'bar', tooltip: true, color: '#756bb1' },
    encoding: {
      x: { field: 'channel', type: 'nominal', sort: '-y', title: 'channel', axis: { labelAngle: -30 } },
      y: { field: 'conversion_rate', type: 'quantitative', title: 'won / leads', axis: { format: '.0%' } },
    },
  };
  return { kind: 'chart', id: 'conversion_by_channel', title: 'Conversion rate by channel', spec };
}
