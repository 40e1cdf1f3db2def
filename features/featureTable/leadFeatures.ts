/**
 * Builds `lead_features`: one row per lead joining lead_labels, the lead's attributes, calendar
 * parts of created_at and lead_engagement. The column list depends on the data (which
 * attributes, which event types), so the SQL is generated here; its shape is:
 *
 *   select lead_labels.lead_id, created_at, snapshot_at, label, is_training, is_open,
 *          <channel, campaign, attributes>, <calendar parts>, <engagement, 0 when no events>
 *   from lead_labels join leads using (lead_id) left join lead_engagement using (lead_id)
 *
 * It is a view, not a table: readers take a few columns or a subset of rows once or twice, and
 * joining three 1M-row tables on the fly costs less than writing a 1M × 50 table that, on top of
 * the events, would push the workspace past its memory limit and spill to disk (at 1M leads the
 * table took longer to build than all its reads together).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { InputError } from '../../core/errors.ts';
import { ident } from '../../core/sql.ts';
import { zeroWhenNoEvents } from '../engagement/engagement.ts';

export type FeatureKind = 'numeric' | 'categorical';

/** A column the model sees, before encoding. */
export interface FeatureColumn {
  name: string;
  kind: FeatureKind;
}

export type CalendarPart = 'month' | 'weekday' | 'hour';

export interface LeadFeaturesSpec {
  /** Lead columns used as features: channel, campaign and attributes. */
  leadColumns: FeatureColumn[];
  calendarParts: CalendarPart[];
  /** Numeric columns of lead_engagement (empty when the source has no events). */
  engagementColumns: string[];
}

const calendarExpr: Record<CalendarPart, string> = {
  month: "strftime(lead_labels.created_at, '%m')",
  weekday: 'dayname(lead_labels.created_at)',
  hour: "strftime(lead_labels.created_at, '%H')",
};

export function calendarColumnName(part: CalendarPart): string {
  return `created_${part}`;
}

/** Every feature column lead_features will have, in order. */
export function featureColumns(spec: LeadFeaturesSpec): FeatureColumn[] {
  const columns: FeatureColumn[] = [
    ...spec.leadColumns,
    ...spec.calendarParts.map((part) => ({ name: calendarColumnName(part), kind: 'categorical' as const })),
    ...spec.engagementColumns.map((name) => ({ name, kind: 'numeric' as const })),
  ];
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column.name)) {
      throw new InputError(`feature name "${column.name}" is used twice (an attribute clashes with a derived feature)`, {
        hint: 'rename the attribute with sources.leads.columns or exclude it',
      });
    }
    seen.add(column.name);
  }
  return columns;
}

export function leadFeaturesSql(spec: LeadFeaturesSpec): string {
  const select = [
    'lead_labels.lead_id',
    'lead_labels.created_at',
    'lead_labels.snapshot_at',
    'lead_labels.label',
    'lead_labels.is_training',
    'lead_labels.is_open',
    ...spec.leadColumns.map((c) => `leads.${ident(c.name)}`),
    ...spec.calendarParts.map((part) => `${calendarExpr[part]} as ${ident(calendarColumnName(part))}`),
    ...spec.engagementColumns.map((name) =>
      zeroWhenNoEvents(name)
        ? `coalesce(lead_engagement.${ident(name)}, 0)::double as ${ident(name)}`
        : `lead_engagement.${ident(name)}::double as ${ident(name)}`,
    ),
  ];
  const engagementJoin = spec.engagementColumns.length
    ? '\nleft join lead_engagement on lead_engagement.lead_id = lead_labels.lead_id'
    : '';
  return `select\n    ${select.join(',\n    ')}\nfrom lead_labels\ninner join leads on leads.lead_id = lead_labels.lead_id${engagementJoin}`;
}

/** Creates (or replaces) view `lead_features` and returns its feature columns. */
export async function buildLeadFeatures(connection: DuckDBConnection, spec: LeadFeaturesSpec): Promise<FeatureColumn[]> {
  const columns = featureColumns(spec);
  await connection.run(`create or replace view lead_features as ${leadFeaturesSql(spec)}`);
  return columns;
}
