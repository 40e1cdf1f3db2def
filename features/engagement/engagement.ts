/**
 * Feature stage 3, point-in-time engagement: builds table `lead_engagement`
 * (lead_engagement.sql) from `events` and `lead_labels.snapshot_at`. Event types are data, so
 * the per-type window counts are generated here; the list is fixed at training time and reused
 * unchanged at scoring time.
 */
import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, literal, numberLiteral, renderSql } from '../../core/sql.ts';

const template = readFileSync(new URL('./lead_engagement.sql', import.meta.url), 'utf8');

export interface EngagementOptions {
  /** Event types that get window counts, in a fixed order (from training). */
  eventTypes: string[];
  windowsDays: number[];
  decayHalfLifeDays: number;
}

/** Name of the feature counting `eventType` events in the `days` before the snapshot. */
export function windowCountName(eventType: string, days: number): string {
  return `${eventType}_count_${days}d`;
}

/** Every numeric column lead_engagement produces, in order. */
export function engagementColumns(options: EngagementOptions): string[] {
  const counts = options.eventTypes.flatMap((type) => options.windowsDays.map((days) => windowCountName(type, days)));
  return [...counts, 'events_count', 'recency_days', 'decayed_engagement', 'active_days_count'];
}

/** Columns whose value for a lead without events is 0 (the rest stay missing). */
export function zeroWhenNoEvents(column: string): boolean {
  return column !== 'recency_days';
}

export function engagementSql(options: EngagementOptions): string {
  // Slots: type number t (1-based) and narrowest-window index w → t × windows + w (see the .sql).
  const windows = [...new Set(options.windowsDays)].sort((a, b) => a - b);
  const slot = (typeIndex: number, windowIndex: number) => (typeIndex + 1) * windows.length + windowIndex;
  const slotName = (typeIndex: number, windowIndex: number) => ident(`slot_${typeIndex + 1}_${windowIndex}`);
  const slotCounts = options.eventTypes
    .flatMap((_, t) =>
      // count(case …) rather than count(*) filter (…): the same count, about 10% faster here.
      windows.map((_, w) => `        count(case when slot = ${numberLiteral(slot(t, w))} then 1 end) as ${slotName(t, w)},`),
    )
    .join('\n');
  const windowCounts = options.eventTypes
    .flatMap((type, t) =>
      options.windowsDays.map((days) => {
        const slots = windows.slice(0, windows.indexOf(days) + 1).map((_, w) => slotName(t, w));
        return `    (${slots.join(' + ')})::integer as ${ident(windowCountName(type, days))},`;
      }),
    )
    .join('\n');
  const narrowestWindow = `case ${windows.map((days, w) => `when age_days <= ${numberLiteral(days)} then ${w}`).join(' ')} end`;
  return renderSql(template, {
    event_types: options.eventTypes.length ? `[${options.eventTypes.map(literal).join(', ')}]` : 'cast([] as varchar[])',
    windows: numberLiteral(windows.length),
    narrowest_window: narrowestWindow,
    slot_counts: slotCounts,
    window_counts: windowCounts,
    half_life_days: numberLiteral(options.decayHalfLifeDays),
  });
}

/** Event types present in `events`, most frequent first (ties by name, so the order is stable). */
export async function listEventTypes(connection: DuckDBConnection): Promise<string[]> {
  const reader = await connection.runAndReadAll(
    'select event_type from events group by event_type order by count(*) desc, event_type',
  );
  return reader.getRowObjectsJS().map((row) => String(row.event_type));
}

/** Creates (or replaces) table `lead_engagement`. */
export async function buildEngagement(connection: DuckDBConnection, options: EngagementOptions): Promise<void> {
  await connection.run(`create or replace table lead_engagement as ${engagementSql(options)}`);
}
