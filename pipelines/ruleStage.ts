/**
 * Rule scores of the leads a scoring run writes (open leads, and lost ones as `recycled`, as of
 * the scoring time) or of training leads (each at its snapshot, to measure the rules on the
 * holdout like the models): the rule file checked against the data, engagement rules evaluated
 * in DuckDB over the events, fit rules and the fold in models/rules. Leads come out in lead_id
 * order, the same order as the scorer's frame.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { ident, literal } from '../core/sql.ts';
import { readFeatureFrame } from '../features/frame/readFeatureFrame.ts';
import type { FeatureColumn } from '../features/featureTable/leadFeatures.ts';
import { listEventTypes } from '../features/engagement/engagement.ts';
import type { IngestResult } from '../features/ingest/ingest.ts';
import { checkRulesAgainstData } from '../models/rules/checkRulesAgainstData.ts';
import { buildRuleEngagement } from '../models/rules/ruleEngagementSql.ts';
import { readEngagementPoints } from '../models/rules/readEngagementPoints.ts';
import { RuleScorer, type ScoringContext } from '../models/rules/RuleScorer.ts';
import type { EngagementPoints } from '../models/rules/engagementPoints.ts';
import type { FeatureFrame } from '../features/frame/featureFrame.ts';
import type { RuleSet } from '../models/rules/ruleSet.ts';
import type { RuleScores } from '../models/rules/ruleScores.ts';
import type { OutcomeStatus } from '../models/rules/grading.ts';
import { scoringLeadsWhere } from './scoring/scoringLeads.ts';

/**
 * Which leads to score and as of when:
 * - `open`: the leads a scoring run writes (open ones; lost ones too with `includeLost`), as of
 *   the scoring time; a lost lead's status is `recycled`.
 * - `training`: the training leads, each at its own snapshot, so a rule score on the holdout
 *   sees no more than the model did. Their outcome came after the snapshot, so it is not known
 *   there either: the status is what it was at the snapshot (new or MQL), never recycled or
 *   sales_accepted.
 * - `all`: every lead, each at its snapshot, status as for `training` (reports looking back at
 *   which leads qualified as MQLs).
 */
export type RuleScoringRows = { kind: 'open'; asOf: Date; includeLost?: boolean } | { kind: 'training' } | { kind: 'all' };

/** What RuleScorer.score needs for the chosen leads: their attributes, engagement points and outcome statuses. */
export interface RuleInputs {
  frame: FeatureFrame;
  engagement: EngagementPoints;
  context: ScoringContext;
}

export async function scoreLeadsByRules(
  connection: DuckDBConnection,
  ruleSet: RuleSet,
  ingest: IngestResult,
  rowsToScore: RuleScoringRows,
): Promise<RuleScores> {
  const { frame, engagement, context } = await prepareRuleInputs(connection, ruleSet, ingest, rowsToScore);
  return new RuleScorer(ruleSet).score(frame, engagement, context);
}

/** Everything but the in-process fold: the checks, the attribute frame, the engagement SQL and the statuses. */
export async function prepareRuleInputs(
  connection: DuckDBConnection,
  ruleSet: RuleSet,
  ingest: IngestResult,
  rowsToScore: RuleScoringRows,
): Promise<RuleInputs> {
  const columns: FeatureColumn[] = [
    { name: 'channel', kind: 'categorical' },
    { name: 'campaign', kind: 'categorical' },
    ...ingest.attributes.map((a) => ({ name: a.name, kind: a.kind })),
  ];
  checkRulesAgainstData(ruleSet, { attributes: columns, eventTypes: await listEventTypes(connection) });
  const where =
    rowsToScore.kind === 'open'
      ? scoringLeadsWhere(rowsToScore.includeLost ?? false)
      : rowsToScore.kind === 'training'
        ? 'lead_labels.is_training'
        : 'true';
  const selected = `from leads inner join lead_labels on lead_labels.lead_id = leads.lead_id where ${where}`;
  // Only the attributes some rule reads: at a million leads, every other column is seconds of reading for nothing.
  const used = new Set([...ruleSet.fit.map((rule) => rule.attribute), ...ruleSet.disqualifiers.map((rule) => rule.attribute)]);
  const ruleColumns = columns.filter((column) => used.has(column.name));
  const frame = await readFeatureFrame(
    connection,
    `select ${['lead_id', ...ruleColumns.map((c) => c.name)].map((name) => `leads.${ident(name)}`).join(', ')} ${selected} order by leads.lead_id`,
    ruleColumns,
  );
  const scoredAt =
    rowsToScore.kind === 'open'
      ? `timestamp ${literal(rowsToScore.asOf.toISOString().replace('T', ' ').replace('Z', ''))}`
      : 'lead_labels.snapshot_at';
  await connection.run(`create or replace temp table rule_leads as select leads.lead_id, ${scoredAt} as scored_at ${selected}`);
  await buildRuleEngagement(connection, ruleSet);
  const engagement = await readEngagementPoints(connection, ruleSet, frame.leadIds);
  if (rowsToScore.kind !== 'open') return { frame, engagement, context: {} };
  const statuses = await connection.runAndReadAll(`select lead_labels.status ${selected} order by leads.lead_id`);
  const outcomeStatus = (statuses.getColumnsJS()[0] ?? []) as OutcomeStatus[];
  return { frame, engagement, context: { outcomeStatus } };
}
