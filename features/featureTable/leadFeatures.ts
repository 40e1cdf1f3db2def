/**
 * Builds `lead_features`: one row per lead joining lead_labels, the lead's attributes, calendar
 * parts of created_at and lead_engagement. The column list depends on the data (which
 * attributes, which event types), so the SQL is generated here; its shape is:
 *
 *   select lead_labels.lead_id, created_at, snapshot_at, label, is_training, is_open,
 *          <channel, campaign, attributes>, <calendar parts>, <engagement, 0 when no events>
 *   from lead_labels join (<those columns of leads>) using (lead_id) left join lead_engagement using (lead_id)
 *
 * It is a view, not a table: readers take a few columns or a subset of rows once or twice, and
 * joining three 1M-row tables on the fly costs less than writing a 1M × 50 table that, on top of
 * the events, would push the workspace past its memory limit and spill to disk (at 1M leads the
 * table took longer to build than all its reads together).
 *
 * Its categoricals are ENUMs (types named `lead_features.<column>`, of the values in `leads`, or
 * the fixed values of a calendar part): readFeatureFrame then reads their codes in one pass, where
 * VARCHAR columns take a first pass through the view, its joins included, to list their values.
 * A lead column with more than readFeatureFrame's enumLimit values stays VARCHAR.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { InputError } from '../../core/errors.ts';
import { ident, literal } from '../../core/sql.ts';
import { zeroWhenNoEvents } from '../engagement/engagement.ts';
import { enumLimit } from '../frame/readFeatureFrame.ts';

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

/** Every value calendarExpr can give, sorted. */
const calendarValues: Record<CalendarPart, string[]> = {
  month: Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')),
  weekday: ['Friday', 'Monday', 'Saturday', 'Sunday', 'Thursday', 'Tuesday', 'Wednesday'],
  hour: Array.from({ length: 24 }, (_, i) => String(i).padStart(2, '0')),
};

/** Name of the ENUM type of lead_features' categorical `column`. */
function categoryType(column: string): string {
  return ident(`lead_features.${column}`);
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

/**
 * The view's SQL. `enums` names the categoricals cast to their ENUM type (created by
 * buildLeadFeatures); the others stay VARCHAR.
 */
export function leadFeaturesSql(spec: LeadFeaturesSpec, enums: ReadonlySet<string> = new Set()): string {
  // Through VARCHAR: the ENUM's values are the column's text (an attribute may be numbers or booleans).
  const asCategory = (expr: string, column: string) => (enums.has(column) ? `${expr}::varchar::${categoryType(column)}` : expr);
  // The lead columns are converted before the joins, where a one-byte ENUM code is cheaper to
  // carry than text (15% of reading the training rows at 1M leads).
  const leadColumns = ['lead_id', ...spec.leadColumns.map((c) => `${asCategory(ident(c.name), c.name)} as ${ident(c.name)}`)];
  const select = [
    'lead_labels.lead_id',
    'lead_labels.created_at',
    'lead_labels.snapshot_at',
    'lead_labels.label',
    'lead_labels.is_training',
    'lead_labels.is_open',
    ...spec.leadColumns.map((c) => `lead_columns.${ident(c.name)}`),
    ...spec.calendarParts.map((part) => `${asCategory(calendarExpr[part], calendarColumnName(part))} as ${ident(calendarColumnName(part))}`),
    // In their own types: counts stay INTEGERs, which readFeatureFrame reads in half the bytes.
    ...spec.engagementColumns.map((name) =>
      zeroWhenNoEvents(name)
        ? `coalesce(lead_engagement.${ident(name)}, 0) as ${ident(name)}`
        : `lead_engagement.${ident(name)} as ${ident(name)}`,
    ),
  ];
  const engagementJoin = spec.engagementColumns.length
    ? '\nleft join lead_engagement on lead_engagement.lead_id = lead_labels.lead_id'
    : '';
  return (
    `select\n    ${select.join(',\n    ')}\nfrom lead_labels\n` +
    `inner join (select ${leadColumns.join(', ')} from leads) as lead_columns on lead_columns.lead_id = lead_labels.lead_id${engagementJoin}`
  );
}

/** Creates (or replaces) view `lead_features`, with the ENUM types of its categoricals, and returns its feature columns. */
export async function buildLeadFeatures(connection: DuckDBConnection, spec: LeadFeaturesSpec): Promise<FeatureColumn[]> {
  const columns = featureColumns(spec);
  const enums = new Set<string>();
  const categorical = spec.leadColumns.filter((column) => column.kind === 'categorical');
  if (categorical.length) {
    // Every categorical's values in one scan of leads; a list longer than enumLimit stays in DuckDB.
    await connection.run(
      `create or replace temp table lead_feature_categories as select ${categorical
        .map(({ name }, j) => `list(distinct ${ident(name)}::varchar) filter (where ${ident(name)} is not null) as values_${j}`)
        .join(', ')} from leads`,
    );
    try {
      const reader = await connection.runAndReadAll(
        `select ${categorical.map((_, j) => `coalesce(len(values_${j}), 0)::integer`).join(', ')} from lead_feature_categories`,
      );
      const counts = reader.getRowsJS()[0] as number[];
      for (const [j, { name }] of categorical.entries()) {
        if (counts[j] === 0 || counts[j] > enumLimit) continue;
        await connection.run(
          `create or replace type ${categoryType(name)} as enum (select unnest(values_${j}) as value from lead_feature_categories order by value)`,
        );
        enums.add(name);
      }
    } finally {
      await connection.run('drop table if exists lead_feature_categories');
    }
  }
  for (const part of spec.calendarParts) {
    const column = calendarColumnName(part);
    await connection.run(`create or replace type ${categoryType(column)} as enum (${calendarValues[part].map(literal).join(', ')})`);
    enums.add(column);
  }
  await connection.run(`create or replace view lead_features as ${leadFeaturesSql(spec, enums)}`);
  return columns;
}
