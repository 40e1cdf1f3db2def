/**
 * Builds table `rule_engagement` (rule_engagement.sql) for a rule set: the rules' parameters
 * become VALUES lists, so the query reads the same whatever the rules, and every value passes
 * through core/sql.ts.
 */
import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, literal, numberLiteral, renderSql } from '../../core/sql.ts';
import type { RuleSet } from './ruleSet.ts';

const template = readFileSync(new URL('./rule_engagement.sql', import.meta.url), 'utf8');

export const RULE_ENGAGEMENT_TABLE = 'rule_engagement';

const orNull = (value: number | null) => (value === null ? 'null' : numberLiteral(value));

/** VALUES rows, one per line; a single all-null row (filtered out in SQL) when there are none. */
function valuesRows(rows: string[][], width: number): string {
  const lines = rows.length ? rows : [new Array<string>(width).fill('null')];
  return lines.map((cells) => `        (${cells.join(', ')})`).join(',\n');
}

export function ruleEngagementSql(ruleSet: RuleSet): string {
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
  return renderSql(template, {
    rules: valuesRows(rules, 10),
    rule_event_types: valuesRows(eventTypes, 2),
    frequency_bands: valuesRows(bands, 4),
  });
}

/**
 * Creates (or replaces) the rule_engagement table from `events` and `rule_leads(lead_id,
 * scored_at)`, which the caller fills with the leads to score and their scoring time.
 */
export async function buildRuleEngagement(connection: DuckDBConnection, ruleSet: RuleSet, table = RULE_ENGAGEMENT_TABLE): Promise<void> {
  await connection.run(`create or replace table ${ident(table)} as\n${ruleEngagementSql(ruleSet)}`);
}
