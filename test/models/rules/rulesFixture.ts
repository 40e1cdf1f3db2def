/** Shared helpers for the rule tests: rule sets from inline YAML, and engagement points from inline events. */
import { parse as parseYaml } from 'yaml';
import type { EngagementPoints } from '../../../models/rules/engagementPoints.ts';
import { parseRules } from '../../../models/rules/parseRules.ts';
import { leadKeysOf, readEngagementPoints } from '../../../models/rules/readEngagementPoints.ts';
import { buildRuleEngagement } from '../../../models/rules/ruleEngagementSql.ts';
import type { RuleSet } from '../../../models/rules/ruleSet.ts';
import { literal } from '../../../core/sql.ts';
import { memoryConnection, rows } from '../../helpers/duckdb.ts';

export function rulesOf(yaml: string): RuleSet {
  return parseRules(parseYaml(yaml));
}

/** The ConfigError message parseRules throws for `yaml` (fails the test if it does not throw). */
export function problemOf(yaml: string): string {
  try {
    rulesOf(yaml);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the rules to be rejected');
}

export interface EngagementRun {
  points: EngagementPoints;
  /** Table rule_engagement with each row's lead_id (from rule_leads), ordered by lead and rule. */
  table: Record<string, unknown>[];
}

/**
 * Builds rule_engagement in a fresh in-memory DuckDB from `events` (a VALUES list of lead_id,
 * occurred_at, event_type, value) with every lead scored at `scoredAt` (or each at its own), and
 * reads it back.
 */
export async function engagementOf(ruleSet: RuleSet, leadIds: string[], events: string, scoredAt: string | Record<string, string>): Promise<EngagementRun> {
  const c = await memoryConnection();
  await c.run('create table events (lead_id varchar, occurred_at timestamp, event_type varchar, value double)');
  if (events.trim()) await c.run(`insert into events values ${events}`);
  await c.run('create table rule_leads (lead_id varchar, scored_at timestamp)');
  const at = (id: string) => (typeof scoredAt === 'string' ? scoredAt : scoredAt[id]);
  await c.run(`insert into rule_leads values ${leadIds.map((id) => `(${literal(id)}, ${literal(at(id))})`).join(', ')}`);
  await buildRuleEngagement(c, ruleSet);
  const points = await readEngagementPoints(c, ruleSet, { leadIds, leadKeys: await leadKeysOf(c, leadIds) });
  const table = await rows(
    c,
    `select rule_leads.lead_id, rule_engagement.* exclude (lead_key, rule_index)
     from rule_engagement inner join rule_leads on rule_leads.rowid = rule_engagement.lead_key
     order by lead_id, rule_id`,
  );
  return { points, table };
}

/** The sample CRM's lead attributes as a frame's features (data/generator/tables.ts). */
export const sampleAttributes = [
  { name: 'channel', kind: 'categorical' },
  { name: 'campaign', kind: 'categorical' },
  { name: 'industry', kind: 'categorical' },
  { name: 'company_size', kind: 'numeric' },
  { name: 'job_title', kind: 'categorical' },
  { name: 'department', kind: 'categorical' },
  { name: 'country', kind: 'categorical' },
  { name: 'annual_revenue', kind: 'numeric' },
] as const;

/** Sum of a lead's explanation lines: must equal its points. */
export function explainedPoints(explain: (row: number) => Array<{ points: number }>, row: number): number {
  return explain(row).reduce((sum, line) => sum + line.points, 0);
}
