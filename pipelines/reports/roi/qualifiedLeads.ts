/**
 * Which historical leads were MQLs, written to table roi_mql (lead_id, is_mql) for every lead of
 * lead_labels. A CRM export rarely says, so the report decides it the way leadscore qualifies
 * leads today, each lead as of its snapshot (the moment its features describe, created_at +
 * snapshot days):
 *
 * - with a rule file (config `rules`): the lead met the rule file's MQL agreement then (score,
 *   grade and band, not disqualified), whatever its outcome later;
 * - without one: the chosen model's probability then reached the warm cut-off
 *   (scoring.temperature.warm), the point where `score` stops calling a lead cold. This is
 *   hindsight for the leads the model was trained on, and says so in the report.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ResolvedConfig } from '../../../data/config.ts';
import { STATUS } from '../../../models/rules/grading.ts';
import { loadRuleFile } from '../../../models/rules/loadRuleFile.ts';
import type { RuleSet } from '../../../models/rules/ruleSet.ts';
import type { ModelArtifact } from '../../../models/registry/artifact.ts';
import type { FeatureTablesResult } from '../../featureTables.ts';
import { scoreLeadsByRules } from '../../ruleStage.ts';
import { probabilitiesOfAllLeads } from './modelProbabilities.ts';

export interface MqlDefinition {
  by: 'rules' | 'model';
  /** The definition in words, for the report. */
  description: string;
}

export async function buildMqlTable(
  connection: DuckDBConnection,
  config: ResolvedConfig,
  tables: FeatureTablesResult,
  artifact: ModelArtifact | null,
): Promise<MqlDefinition> {
  const when = config.wide ? 'as the lead is in the file (no dates)' : `at its snapshot (created_at + ${tables.spec.snapshotDays} days)`;
  if (config.rules) {
    const ruleSet = loadRuleFile(config.rules);
    const scores = await scoreLeadsByRules(connection, ruleSet, tables.ingest, { kind: 'all' });
    // Scored as of each snapshot, the outcome (which came later) does not enter the status: it
    // says whether the lead met the MQL agreement then.
    const isMql = Array.from(scores.status, (status) => status === STATUS.mql);
    await writeMqlTable(connection, scores.leadIds, isMql);
    return { by: 'rules', description: `MQL: met the MQL agreement of ${ruleSet.name} (${describeMqlRule(ruleSet)}) ${when}` };
  }
  if (!artifact) throw new Error('buildMqlTable: without rules the MQL definition needs a model');
  const { leadIds, probability } = await probabilitiesOfAllLeads(connection, tables.features, artifact);
  const cutoff = config.scoring.temperature.warm;
  await writeMqlTable(connection, leadIds, Array.from(probability, (p) => p >= cutoff));
  return {
    by: 'model',
    description:
      `MQL: model ${artifact.id} gives the lead a probability of at least ${cutoff} (scoring.temperature.warm) ${when}; ` +
      'no rule file is configured, and for leads the model was trained on this is hindsight',
  };
}

function describeMqlRule(ruleSet: RuleSet): string {
  const { mql } = ruleSet;
  const parts = [`rule score ≥ ${mql.minScore}`];
  if (mql.fitGradeAtLeast !== null) parts.push(`fit grade ${mql.fitGradeAtLeast} or better`);
  if (mql.engagementBandAtLeast !== null) parts.push(`engagement band ${mql.engagementBandAtLeast} or better`);
  parts.push('not disqualified');
  return parts.join(', ');
}

async function writeMqlTable(connection: DuckDBConnection, leadIds: string[], isMql: boolean[]): Promise<void> {
  await connection.run('create or replace table roi_mql (lead_id varchar, is_mql boolean)');
  const appender = await connection.createAppender('roi_mql');
  for (let i = 0; i < leadIds.length; i++) {
    appender.appendVarchar(leadIds[i]);
    appender.appendBoolean(isMql[i]);
    appender.endRow();
  }
  appender.closeSync();
}
