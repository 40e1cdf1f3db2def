/**
 * Rule scores of open leads (as of the scoring time) or of training leads (each at its snapshot,
 * to measure the rules on the holdout like the models): the rule file checked against the
 * data, engagement rules evaluated in DuckDB over the events, fit rules and the fold in
 * models/rules. Leads come out in lead_id order, the same order as the scorer's frame.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal } from '../core/sql.ts';
import { readFeatureFrame } from '../features/frame/readFeatureFrame.ts';
import type { FeatureColumn } from '../features/featureTable/leadFeatures.ts';
import { listEventTypes } from '../features/engagement/engagement.ts';
import type { IngestResult } from '../features/ingest/ingest.ts';
import { checkRulesAgainstData } from '../models/rules/checkRulesAgainstData.ts';
import { buildRuleEngagement } from '../models/rules/ruleEngagementSql.ts';
import { readEngagementPoints } from '../models/rules/readEngagementPoints.ts';
import { RuleScorer } from '../models/rules/RuleScorer.ts';
import type { RuleSet } from '../models/rules/ruleSet.ts';
import type { RuleScores } from '../models/rules/ruleScores.ts';
import type { OutcomeStatus } from '../models/rules/grading.ts';

/**
 * Which leads to score and as of when: the open leads at the scoring time, or the training
 * leads each at its own snapshot (so a rule score on the holdout sees no more than the model did).
 */
export type RuleScoringRows = { kind: 'open'; asOf: Date } | { kind: 'training' };

export async function scoreLeadsByRules(
  connection: DuckDBConnection,
  ruleSet: RuleSet,
  ingest: IngestResult,
  rowsToScore: RuleScoringRows,
): Promise<RuleScores> {
  const columns: FeatureColumn[] = [
    { name: 'channel', kind: 'categorical' },
    { name: 'campaign', kind: 'categorical' },
    ...ingest.attributes.map((a) => ({ name: a.name, kind: a.kind })),
  ];
  checkRulesAgainstData(ruleSet, { attributes: columns, eventTypes: await listEventTypes(connection) });
  const where = rowsToScore.kind === 'open' ? 'lead_labels.is_open' : 'lead_labels.is_training';
  const open = `from leads inner join lead_labels on lead_labels.lead_id = leads.lead_id where ${where}`;
  const frame = await readFeatureFrame(
    connection,
    `select leads.*, lead_labels.status as outcome_status ${open} order by leads.lead_id`,
    columns,
  );
  const scoredAt =
    rowsToScore.kind === 'open'
      ? `timestamp ${literal(rowsToScore.asOf.toISOString().replace('T', ' ').replace('Z', ''))}`
      : 'lead_labels.snapshot_at';
  await connection.run(`create or replace temp table rule_leads as select leads.lead_id, ${scoredAt} as scored_at ${open}`);
  await buildRuleEngagement(connection, ruleSet);
  const engagement = await readEngagementPoints(connection, ruleSet, frame.leadIds);
  const statuses = await connection.runAndReadAll(`select lead_labels.status ${open} order by leads.lead_id`);
  const outcomeStatus = statuses.getRowObjectsJS().map((r) => r.status as OutcomeStatus);
  return new RuleScorer(ruleSet).score(frame, engagement, { outcomeStatus });
}
