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
import { buildRuleEngagement, RULE_ENGAGEMENT_TABLE, RULE_LEADS_TABLE } from '../models/rules/ruleEngagementSql.ts';
import { readEngagementPoints } from '../models/rules/readEngagementPoints.ts';
import { RuleScorer, type ScoringContext } from '../models/rules/RuleScorer.ts';
import type { EngagementPoints } from '../models/rules/engagementPoints.ts';
import type { FeatureFrame, NumericFrameColumn } from '../features/frame/featureFrame.ts';
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

/**
 * Everything but the in-process fold: the checks, the attribute frame, the engagement SQL and the
 * statuses. The leads are selected once, into table rule_leads (their ids, scoring times, the
 * attributes rules read and, for open leads, the outcome status as a code), which the frame is
 * read from and the engagement SQL joins the events to; its rowid is the lead's key in
 * rule_engagement.
 */
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
  checkRulesAgainstData(ruleSet, { attributes: columns, eventTypes: await eventTypesToCheck(connection, ruleSet) });
  const where =
    rowsToScore.kind === 'open'
      ? scoringLeadsWhere(rowsToScore.includeLost ?? false)
      : rowsToScore.kind === 'training'
        ? 'lead_labels.is_training'
        : 'true';
  const scoredAt =
    rowsToScore.kind === 'open'
      ? `timestamp ${literal(rowsToScore.asOf.toISOString().replace('T', ' ').replace('Z', ''))}`
      : 'lead_labels.snapshot_at';
  const withStatus = rowsToScore.kind === 'open';
  // Only the attributes some rule reads: at a million leads, every other column is seconds of
  // reading for nothing.
  const used = new Set([...ruleSet.fit.map((rule) => rule.attribute), ...ruleSet.disqualifiers.map((rule) => rule.attribute)]);
  const ruleColumns = columns.filter((column) => used.has(column.name));
  // Both tables are dropped once read: the workspace's memory is better left to the stages after.
  try {
    await connection.run(
      `create or replace temp table ${RULE_LEADS_TABLE} as
       select ${[
         'leads.lead_id',
         `${scoredAt} as scored_at`,
         ...(withStatus ? [`${outcomeCodeSql('lead_labels.status')} as outcome_code`] : []),
         ...ruleColumns.map((column, j) => `leads.${ident(column.name)} as attribute_${j}`),
       ].join(', ')}
       from leads inner join lead_labels on lead_labels.lead_id = leads.lead_id
       where ${where}`,
    );
    const { frame, leadKeys, outcomeCodes } = await readRuleLeads(connection, ruleColumns, withStatus);
    await buildRuleEngagement(connection, ruleSet);
    const engagement = await readEngagementPoints(connection, ruleSet, { leadIds: frame.leadIds, leadKeys });
    if (!outcomeCodes) return { frame, engagement, context: {} };
    const outcomeStatus = new Array<OutcomeStatus | null>(frame.rows);
    for (let row = 0; row < frame.rows; row++) outcomeStatus[row] = OUTCOME_STATUSES[outcomeCodes[row]] ?? null;
    return { frame, engagement, context: { outcomeStatus } };
  } finally {
    await connection.run(`drop table if exists ${RULE_ENGAGEMENT_TABLE}; drop table if exists ${RULE_LEADS_TABLE}`);
  }
}

/**
 * The attribute frame from rule_leads, in lead_id order, with each row's key (rowid) and outcome
 * code. In rule_leads the attributes are attribute_<j>, so no attribute name can clash with the
 * table's own columns; the frame gets their names back.
 */
async function readRuleLeads(
  connection: DuckDBConnection,
  ruleColumns: FeatureColumn[],
  withStatus: boolean,
): Promise<{ frame: FeatureFrame; leadKeys: Float64Array; outcomeCodes: Float64Array | null }> {
  const stored = ruleColumns.map((column, j) => ({ name: `attribute_${j}`, kind: column.kind }));
  const extra: FeatureColumn[] = [{ name: 'lead_key', kind: 'numeric' }, ...(withStatus ? [{ name: 'outcome_code', kind: 'numeric' as const }] : [])];
  const read = await readFeatureFrame(
    connection,
    `select lead_id, rowid::integer as lead_key${withStatus ? ', outcome_code' : ''}${stored.map((column) => `, ${column.name}`).join('')}
     from ${RULE_LEADS_TABLE} order by lead_id`,
    [...stored, ...extra],
  );
  const values = (j: number) => (read.columns[stored.length + j] as NumericFrameColumn).values;
  return {
    frame: { ...read, columns: read.columns.slice(0, stored.length).map((column, j) => ({ ...column, name: ruleColumns[j].name })) },
    leadKeys: values(0),
    outcomeCodes: withStatus ? values(1) : null,
  };
}

/** The outcome statuses RuleScorer tells apart, coded in SQL: a number per lead reads faster than a text column. */
const OUTCOME_STATUSES: readonly OutcomeStatus[] = ['open', 'lost', 'won'];

function outcomeCodeSql(status: string): string {
  return `case ${status} ${OUTCOME_STATUSES.map((value, code) => `when ${literal(value)} then ${code}`).join(' ')} end`;
}

/**
 * The event types checkRulesAgainstData needs: the rules' own when each occurs in events (one
 * LIMIT 1 probe per type stops at its first event: milliseconds, where listing every event type
 * reads all of events), else every event type of the data, for the message.
 */
async function eventTypesToCheck(connection: DuckDBConnection, ruleSet: RuleSet): Promise<string[]> {
  const types = [...new Set(ruleSet.engagement.flatMap((rule) => rule.eventTypes))];
  if (!types.length) return [];
  const probes = types.map((type, j) => `(select 1 from events where event_type = ${literal(type)} limit 1) as found_${j}`);
  const found = (await connection.runAndReadAll(`select ${probes.join(', ')}`)).getRowsJS()[0];
  return found.every((value) => value !== null) ? types : listEventTypes(connection);
}
