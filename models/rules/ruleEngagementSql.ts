/**
 * Builds table `rule_engagement` (rule_engagement.sql) for a rule set: the rules' parameters
 * become VALUES lists, so the query reads the same whatever the rules, and every value passes
 * through core/sql.ts. The bounds of the events that can count (from the rules' windows and the
 * leads' scoring times) are rendered as constants, so DuckDB filters events while scanning them.
 */
import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, literal, numberLiteral, renderSql } from '../../core/sql.ts';
import type { RuleSet } from './ruleSet.ts';

const template = readFileSync(new URL('./rule_engagement.sql', import.meta.url), 'utf8');

export const RULE_ENGAGEMENT_TABLE = 'rule_engagement';

/** The leads to score and their scoring time: rule_leads(lead_id, scored_at), a table (its rowid keys rule_engagement). */
export const RULE_LEADS_TABLE = 'rule_leads';

const microsPerDay = 86_400_000_000;
/** 0001-01-01: a window reaching further back bounds nothing (and would leave DuckDB's timestamp range). */
const earliestUs = -62_135_596_800_000_000;

/** Earliest and latest scoring time of rule_leads, in epoch microseconds; null when it is empty. */
export interface ScoringTimes {
  firstUs: number | null;
  lastUs: number | null;
}

const orNull = (value: number | null) => (value === null ? 'null' : numberLiteral(value));

/** VALUES rows, one per line; a single all-null row (filtered out in SQL) when there are none. */
function valuesRows(rows: string[][], width: number): string {
  const lines = rows.length ? rows : [new Array<string>(width).fill('null')];
  return lines.map((cells) => `        (${cells.join(', ')})`).join(',\n');
}

/**
 * The longest window of the rules, when every rule has one: no older event can count. Null when
 * some rule counts events of any age.
 */
export function ruleHorizonDays(ruleSet: RuleSet): number | null {
  const windows = ruleSet.engagement.map((rule) => rule.windowDays);
  return windows.length && windows.every((days) => days !== null) ? Math.max(...(windows as number[])) : null;
}

const timestampOf = (us: number) => `make_timestamp(${numberLiteral(us)})`;

export function ruleEngagementSql(ruleSet: RuleSet, times: ScoringTimes): string {
  const rules = ruleSet.engagement.map((rule, index) => [
    numberLiteral(index),
    literal(rule.id),
    rule.scoring.kind === 'per_occurrence' ? numberLiteral(rule.scoring.points) : 'null',
    rule.scoring.kind === 'frequency' ? 'true' : 'false',
    orNull(rule.value?.min ?? null),
    orNull(rule.value?.max ?? null),
    orNull(rule.windowDays),
    orNull(rule.decay.kind === 'half_life' ? rule.decay.days : null),
    orNull(rule.cap),
    orNull(rule.decay.kind === 'weekly_loss' ? rule.decay.pointsPerWeek : null),
  ]);
  const eventTypes = ruleSet.engagement.flatMap((rule) => rule.eventTypes.map((type) => [literal(rule.id), literal(type)]));
  const bands = ruleSet.engagement.flatMap((rule) =>
    rule.scoring.kind === 'frequency'
      ? rule.scoring.bands.map((band) => [literal(rule.id), numberLiteral(band.min), orNull(band.max), numberLiteral(band.points)])
      : [],
  );
  const horizon = ruleHorizonDays(ruleSet);
  // date_diff counts whole seconds, so an event up to a second older than horizon_days may still
  // be within it: the scan bound keeps a day more, the exact test follows the join.
  const firstUs = times.firstUs === null || horizon === null ? null : times.firstUs - (Math.ceil(horizon) + 1) * microsPerDay;
  const firstEvent =
    times.firstUs === null ? 'null' : firstUs === null || firstUs < earliestUs ? `'-infinity'::timestamp` : timestampOf(firstUs);
  return renderSql(template, {
    rules: valuesRows(rules, 10),
    rule_event_types: valuesRows(eventTypes, 2),
    frequency_bands: valuesRows(bands, 4),
    first_event_at: firstEvent,
    last_event_at: times.lastUs === null ? 'null' : timestampOf(times.lastUs),
    horizon_days: orNull(horizon),
  });
}

/** The scoring times' bounds in rule_leads, exactly (microseconds, not through JS dates). */
export async function readScoringTimes(connection: DuckDBConnection): Promise<ScoringTimes> {
  const reader = await connection.runAndReadAll(
    `select epoch_us(min(scored_at))::double, epoch_us(max(scored_at))::double from ${ident(RULE_LEADS_TABLE)}`,
  );
  const [firstUs, lastUs] = reader.getRowsJS()[0] as [number | null, number | null];
  return { firstUs, lastUs };
}

/**
 * Creates (or replaces) the rule_engagement table from `events` and table `rule_leads(lead_id,
 * scored_at)`, which the caller fills with the leads to score and their scoring time. Rows name
 * their lead by lead_key, its rule_leads.rowid.
 */
export async function buildRuleEngagement(connection: DuckDBConnection, ruleSet: RuleSet, table = RULE_ENGAGEMENT_TABLE): Promise<void> {
  const times = await readScoringTimes(connection);
  await connection.run(`create or replace table ${ident(table)} as\n${ruleEngagementSql(ruleSet, times)}`);
}
