/**
 * Turns the ROI report's computed tables into report sections: the per-channel table with a note
 * on every row whose ROI is missing, the two rankings side by side, the campaign table, the
 * definitions in words and the list of what the data does not allow to compute. No numbers are
 * computed here beyond sorting.
 */
import type { Cell, ReportColumn, TableSection, TextSection } from '../report.ts';
import type { ChannelRow, RoiTables } from './roiTables.ts';

/** What the builder knows about the inputs, beyond the tables themselves. */
export interface RoiFacts {
  /** The config has a channel_costs source. */
  costsConfigured: boolean;
  wide: boolean;
  openLeadsInPeriod: number;
  openLeadsScored: number;
}

const channelColumns: ReportColumn[] = [
  { key: 'channel', label: 'Channel', format: 'text' },
  { key: 'leads', label: 'Leads', format: 'integer' },
  { key: 'mqls', label: 'MQLs', format: 'integer' },
  { key: 'won', label: 'Won', format: 'integer' },
  { key: 'conversion_rate', label: 'Conversion', format: 'percent' },
  { key: 'revenue', label: 'Revenue', format: 'currency' },
  { key: 'spend', label: 'Spend', format: 'currency' },
  { key: 'cost_per_lead', label: 'Cost / lead', format: 'currency' },
  { key: 'cost_per_mql', label: 'Cost / MQL', format: 'currency' },
  { key: 'acquisition_cost', label: 'CAC', format: 'currency' },
  { key: 'roi', label: 'ROI', format: 'percent' },
  { key: 'median_days_to_close', label: 'Median days to close', format: 'days' },
  { key: 'mean_open_probability', label: 'Mean p (open)', format: 'percent' },
  { key: 'predicted_pipeline_value', label: 'Predicted pipeline', format: 'currency' },
  { key: 'note', label: 'Note', format: 'text' },
];

/** Columns shown whatever their values: the funnel counts every dataset has. */
const alwaysShown = new Set(['channel', 'leads', 'mqls', 'won', 'conversion_rate']);

/** Why a channel row has no ROI when the data as a whole could have one; null when it has one. */
export function roiNote(row: ChannelRow, tables: RoiTables, facts: RoiFacts): string | null {
  const notes: string[] = [];
  // Reasons that hold for every row are said once, in "What this report cannot compute".
  if (facts.costsConfigured && row.roi === null) {
    // "no ROI" only where revenue is known: otherwise no row has one, which is said once.
    const prefix = tables.hasAmounts ? 'no ROI: ' : '';
    if (row.spend === null) notes.push(`${prefix}no spend recorded for this channel in the period`);
    else if (row.spend === 0) notes.push(`${prefix}spend is 0`);
  }
  if (row.leads === 0 && (row.spend ?? 0) > 0) notes.push('spend but no leads in the period');
  return notes.length ? notes.join('; ') : null;
}

/** Drops the columns no row has a value for; the reasons are listed in cannotCompute. */
function shownColumns(columns: ReportColumn[], rows: Array<Record<string, Cell>>, keep: Set<string>): ReportColumn[] {
  return columns.filter((c) => keep.has(c.key) || rows.some((row) => row[c.key] !== null && row[c.key] !== undefined));
}

export function channelTable(tables: RoiTables, facts: RoiFacts): TableSection {
  const rows = tables.channels.map((row) => {
    const { is_total: _total, won_without_amount: _noAmount, cost_months: _months, open_leads: _open, open_leads_scored: _scored, ...shown } = row;
    return { ...shown, note: row.is_total ? null : roiNote(row, tables, facts) } as Record<string, Cell>;
  });
  const channels = tables.channels.filter((row) => !row.is_total);
  const withoutSpend = channels.filter((row) => row.spend === null).map((row) => row.channel);
  const zeroSpend = channels.filter((row) => row.spend === 0).map((row) => row.channel);
  const notes: string[] = [];
  if (facts.costsConfigured && withoutSpend.length > 0) {
    const missing = tables.hasAmounts ? 'spend, costs and ROI' : 'spend and costs';
    notes.push(`No spend recorded in the period for ${withoutSpend.join(', ')}: every number but ${missing} is shown.`);
  }
  if (zeroSpend.length > 0) notes.push(`Spend 0 for ${zeroSpend.join(', ')}: costs 0${tables.hasAmounts ? ', ROI undefined' : ''}.`);
  const unscored = facts.openLeadsInPeriod - facts.openLeadsScored;
  if (unscored > 0) {
    notes.push(`${unscored} of ${facts.openLeadsInPeriod} open leads have no prediction by this model (not in its last scoring run): they are left out of the mean probability and the pipeline value; run leadscore score to include them.`);
  }
  return {
    kind: 'table',
    id: 'channels',
    title: 'ROI by channel',
    columns: shownColumns(channelColumns, rows, alwaysShown),
    rows,
    note: notes.length ? notes.join(' ') : undefined,
  };
}

/** Channels ranked by ROI and by predicted pipeline value, side by side, best first. */
export function rankingTable(tables: RoiTables): { section: TableSection | null; byRoi: RankEntry[]; byPredictedValue: RankEntry[] } {
  const channels = tables.channels.filter((row) => !row.is_total);
  const ranked = (value: (row: ChannelRow) => number | null): RankEntry[] =>
    channels
      .filter((row) => value(row) !== null)
      .map((row) => ({ channel: row.channel, value: value(row)! }))
      .sort((a, b) => b.value - a.value || a.channel.localeCompare(b.channel));
  const byRoi = ranked((row) => row.roi);
  const byPredictedValue = ranked((row) => row.predicted_pipeline_value);
  const length = Math.max(byRoi.length, byPredictedValue.length);
  if (length === 0) return { section: null, byRoi, byPredictedValue };
  const rows = Array.from({ length }, (_, i) => ({
    rank: i + 1,
    roi_channel: byRoi[i]?.channel ?? null,
    roi: byRoi[i]?.value ?? null,
    value_channel: byPredictedValue[i]?.channel ?? null,
    predicted_pipeline_value: byPredictedValue[i]?.value ?? null,
  }));
  const unranked = channels.filter((row) => row.roi === null).map((row) => row.channel);
  const columns: ReportColumn[] = [
    { key: 'rank', label: 'Rank', format: 'integer' },
    ...(byRoi.length ? [{ key: 'roi_channel', label: 'By ROI', format: 'text' as const }, { key: 'roi', label: 'ROI', format: 'percent' as const }] : []),
    ...(byPredictedValue.length
      ? [
          { key: 'value_channel', label: 'By predicted pipeline value', format: 'text' as const },
          { key: 'predicted_pipeline_value', label: 'Predicted pipeline', format: 'currency' as const },
        ]
      : []),
  ];
  return {
    section: {
      kind: 'table',
      id: 'ranking',
      title: 'Channels ranked: realised ROI beside predicted pipeline value',
      columns,
      rows,
      note:
        'A channel high on the right and low on the left is filling the pipeline now and has not paid back yet; ' +
        'the reverse has paid back and is drying up.' +
        (byRoi.length && unranked.length ? ` Not ranked by ROI: ${unranked.join(', ')}.` : ''),
    },
    byRoi,
    byPredictedValue,
  };
}

export interface RankEntry {
  channel: string;
  value: number;
}

const campaignColumns: ReportColumn[] = [
  { key: 'channel', label: 'Channel', format: 'text' },
  { key: 'campaign', label: 'Campaign', format: 'text' },
  { key: 'leads', label: 'Leads', format: 'integer' },
  { key: 'mqls', label: 'MQLs', format: 'integer' },
  { key: 'won', label: 'Won', format: 'integer' },
  { key: 'conversion_rate', label: 'Conversion', format: 'percent' },
  { key: 'revenue', label: 'Revenue', format: 'currency' },
  { key: 'median_days_to_close', label: 'Median days to close', format: 'days' },
  { key: 'mean_open_probability', label: 'Mean p (open)', format: 'percent' },
  { key: 'predicted_pipeline_value', label: 'Predicted pipeline', format: 'currency' },
];

export function campaignTable(tables: RoiTables): TableSection | null {
  if (!tables.hasCampaigns) return null;
  const rows = tables.campaigns.map(({ open_leads: _open, ...row }) => row as unknown as Record<string, Cell>);
  return {
    kind: 'table',
    id: 'campaigns',
    title: 'Funnel by campaign',
    columns: shownColumns(campaignColumns, rows, new Set(['channel', 'campaign', 'leads', 'mqls', 'won', 'conversion_rate'])),
    rows,
    note: 'No spend per campaign: channel_costs holds spend per channel and month.',
  };
}

/** Everything the data does not allow, each with the reason; empty when everything was computed. */
export function cannotCompute(tables: RoiTables, facts: RoiFacts): string[] {
  const lines: string[] = [];
  const total = tables.channels.find((row) => row.is_total);
  const costNames = 'Spend, cost per lead, cost per MQL, customer acquisition cost and ROI';
  if (!facts.costsConfigured) {
    lines.push(`${costNames}: the config has no channel_costs source (spend per channel and month; see data/CONTRACT.md).`);
  } else if (!tables.channels.some((row) => row.spend !== null)) {
    lines.push(`${costNames}: channel_costs has no month in the period.`);
  }
  if (!tables.hasAmounts) {
    const why = facts.wide
      ? 'a wide source has no outcomes table, so no deal amounts'
      : 'no won deal has an amount (map an amount column in sources.outcomes)';
    lines.push(`Revenue, ROI and predicted pipeline value: ${why}.`);
  } else if (total && total.won_without_amount > 0) {
    lines.push(`Revenue counts only won deals with an amount: ${total.won_without_amount} won deal(s) in the period have none.`);
  }
  if (total && total.won > 0 && total.median_days_to_close === null) {
    lines.push(facts.wide ? 'Median days to close: a wide source has no dates.' : 'Median days to close: the won deals have no close dates.');
  }
  if (facts.openLeadsInPeriod === 0) {
    const why = facts.wide ? 'every lead has its label' : 'every lead is won or lost';
    lines.push(`Mean predicted probability and predicted pipeline value: no open leads in the period (${why}).`);
  }
  if (!tables.hasCampaigns) lines.push('Breakdown by campaign: the leads have no campaign column.');
  return lines;
}

export function textSection(id: string, title: string, lines: string[]): TextSection | null {
  return lines.length ? { kind: 'text', id, title, lines } : null;
}
