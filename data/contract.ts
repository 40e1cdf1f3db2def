/**
 * The CRM data contract: the canonical tables every source is mapped onto (documented in
 * data/CONTRACT.md; a test keeps the two in sync).
 */
import type { CanonicalTable } from './config.ts';

export type ColumnType = 'id' | 'timestamp' | 'text' | 'number' | 'month';

export interface ContractColumn {
  name: string;
  type: ColumnType;
  required: boolean;
  description: string;
}

export const contract: Record<CanonicalTable, ContractColumn[]> = {
  leads: [
    { name: 'lead_id', type: 'id', required: true, description: 'unique lead identifier' },
    { name: 'created_at', type: 'timestamp', required: true, description: 'when the lead was created (optional for a wide source)' },
    { name: 'channel', type: 'text', required: true, description: 'acquisition channel (paid_search, organic, ...)' },
    { name: 'campaign', type: 'text', required: false, description: 'campaign within the channel' },
  ],
  events: [
    { name: 'lead_id', type: 'id', required: true, description: 'the lead the event belongs to' },
    { name: 'occurred_at', type: 'timestamp', required: true, description: 'when it happened' },
    { name: 'event_type', type: 'text', required: true, description: 'page_view, form_submit, email_open, ... (any names)' },
    { name: 'value', type: 'number', required: false, description: 'optional numeric value (seconds on page, ...)' },
  ],
  outcomes: [
    { name: 'lead_id', type: 'id', required: true, description: 'the lead' },
    { name: 'status', type: 'text', required: true, description: 'won | lost | open (or a constant `status` in the config)' },
    { name: 'closed_at', type: 'timestamp', required: false, description: 'when it closed; empty while open' },
    { name: 'amount', type: 'number', required: false, description: 'deal amount when won' },
  ],
  channel_costs: [
    { name: 'channel', type: 'text', required: true, description: 'channel, as in leads.channel' },
    { name: 'month', type: 'month', required: true, description: 'YYYY-MM' },
    { name: 'cost', type: 'number', required: true, description: 'spend in that month' },
  ],
};

/** Canonical column names of a table. */
export function canonicalColumns(table: CanonicalTable): string[] {
  return contract[table].map((c) => c.name);
}
