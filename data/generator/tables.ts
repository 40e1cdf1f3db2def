/** Column order of the four generated files and how one row of each is written. */
import type { CanonicalTable } from '../config.ts';
import type { ChannelCost } from './costs.ts';
import { csvField } from './csv-writer.ts';
import type { Lead } from './lead.ts';
import { formatTimestamp } from './timestamps.ts';

export const COLUMNS = {
  leads: [
    'lead_id',
    'created_at',
    'channel',
    'campaign',
    'industry',
    'company_size',
    'job_title',
    'department',
    'country',
    'annual_revenue',
  ],
  events: ['lead_id', 'occurred_at', 'event_type', 'value'],
  outcomes: ['lead_id', 'status', 'closed_at', 'amount'],
  channel_costs: ['channel', 'month', 'cost'],
} as const satisfies Record<CanonicalTable, readonly string[]>;

export const FILE_NAMES: Record<CanonicalTable, string> = {
  leads: 'leads.csv',
  events: 'events.csv',
  outcomes: 'outcomes.csv',
  channel_costs: 'channel_costs.csv',
};

export type OutcomeStatus = 'won' | 'lost' | 'open';

const text = (value: string | null) => (value === null ? '' : csvField(value));
const num = (value: number | null) => (value === null ? '' : String(value));

/** A leads row; `createdAt` overrides the timestamp text (for injected bad rows). */
export function leadRow(lead: Lead, createdAt = formatTimestamp(lead.createdAt)): string {
  return [
    lead.id,
    csvField(createdAt),
    lead.channel,
    text(lead.campaign),
    lead.industry,
    lead.companySize,
    text(lead.jobTitle),
    text(lead.department),
    lead.country,
    num(lead.annualRevenue),
  ].join(',');
}

/** An events row; `value` is written as given (empty for none). */
export function eventRow(leadId: string, occurredAt: string, type: string, value: string): string {
  return leadId + ',' + csvField(occurredAt) + ',' + type + ',' + csvField(value);
}

export function outcomeRow(leadId: string, status: OutcomeStatus, closedAt: string, amount: string): string {
  return leadId + ',' + status + ',' + csvField(closedAt) + ',' + csvField(amount);
}

export function costRow(cost: ChannelCost): string {
  return cost.channel + ',' + cost.month + ',' + cost.cost.toFixed(2);
}
