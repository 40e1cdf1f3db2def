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

/** Bits of one slot's count in a packed sum, and slots per sum (see lead_engagement.sql). */
const slotBits = 17;
const slotsPerSum = 3;

/**
 * How lead_engagement.sql counts events per slot: `packed`, three slots to one DOUBLE sum (exact
 * while every lead has fewer than 2^17 events), or `per slot`, one count each (exact always).
 */
export type SlotCounting = 'packed' | 'per slot';

export function engagementSql(options: EngagementOptions, counting: SlotCounting = 'packed'): string {
  // Slots: type index t and narrowest-window index w (both from 0) → t × windows + w (see the .sql).
  const windows = [...new Set(options.windowsDays)].sort((a, b) => a - b);
  const slot = (typeIndex: number, windowIndex: number) => typeIndex * windows.length + windowIndex;
  const slotCount = options.eventTypes.length * windows.length;
  let slotCounts: string;
  let slotValue: (slot: number) => string;
  if (counting === 'packed') {
    const sums = Math.ceil(slotCount / slotsPerSum);
    const sumName = (group: number) => ident(`slot_sum_${group}`);
    // Multiplying by the group test rather than a CASE or FILTER per sum: the cheapest of the three here.
    slotCounts = Array.from(
      { length: sums },
      (_, g) => `        sum(slot_weight * (slot_group = ${numberLiteral(g)})::double) as ${sumName(g)},`,
    ).join('\n');
    const mask = numberLiteral(2 ** slotBits - 1);
    slotValue = (s) => {
      const shift = numberLiteral(slotBits * (s % slotsPerSum));
      return `((coalesce(${sumName(Math.floor(s / slotsPerSum))}, 0)::bigint >> ${shift}) & ${mask})`;
    };
  } else {
    const countName = (s: number) => ident(`slot_${s}`);
    // count(case …) rather than count(*) filter (…): the same count, about 10% faster here.
    slotCounts = Array.from(
      { length: slotCount },
      (_, s) => `        count(case when slot = ${numberLiteral(s)} then 1 end) as ${countName(s)},`,
    ).join('\n');
    slotValue = countName;
  }
  const windowCounts = options.eventTypes
    .flatMap((type, t) =>
      options.windowsDays.map((days) => {
        const slots = windows.slice(0, windows.indexOf(days) + 1).map((_, w) => slotValue(slot(t, w)));
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

/**
 * Creates (or replaces) table `lead_engagement`. Counts are packed (see lead_engagement.sql) unless
 * some lead has 2^17 events or more, when the table is built again counting slot by slot: a
 * bot-like lead costs that run a second pass, never a wrong count.
 */
export async function buildEngagement(connection: DuckDBConnection, options: EngagementOptions): Promise<void> {
  await connection.run(`create or replace table lead_engagement as ${engagementSql(options, 'packed')}`);
  const reader = await connection.runAndReadAll(
    `select count(*)::integer as busy from lead_engagement where events_count >= ${numberLiteral(2 ** slotBits)}`,
  );
  if (Number(reader.getRowsJS()[0][0]) > 0) {
    await connection.run(`create or replace table lead_engagement as ${engagementSql(options, 'per slot')}`);
  }
}
