/**
 * `leadscore report roi`: per channel (and campaign) over a period of lead creation — leads,
 * MQLs, won, conversion, revenue, spend, cost per lead / MQL / customer, ROI, median days to
 * close, the open leads' mean predicted probability and the predicted pipeline value — with a
 * totals row, the channels ranked by ROI beside predicted value, and charts.
 *
 * The numbers come from SQL over the ingested canonical tables (roi/*.sql); which leads were MQLs
 * is decided by roi/qualifiedLeads.ts, the open leads' probabilities are read from the warehouse
 * (roi/openLeadPredictions.ts). What the data cannot support (no spend, no amounts, no dates, no
 * open leads) is left empty and said in the report, never guessed.
 */
import { join } from 'node:path';
import type { ResolvedConfig } from '../../data/config.ts';
import { silentProgress } from '../../core/progress.ts';
import { loadArtifact, type ModelArtifact } from '../../models/registry/artifact.ts';
import { isPointerName } from '../../models/registry/resolveModelRef.ts';
import { buildFeatureTables } from '../featureTables.ts';
import { summarizeIngest } from '../summaries.ts';
import { withWorkspace } from '../withWorkspace.ts';
import type { Report, ReportSection } from './report.ts';
import { describePeriod, rejectPeriod, type ReportOptions } from './reportOptions.ts';
import { loadOpenLeadPredictions } from './roi/openLeadPredictions.ts';
import { buildMqlTable } from './roi/qualifiedLeads.ts';
import { conversionChart, pipelineValueChart, spendRevenueChart } from './roi/roiCharts.ts';
import { campaignTable, cannotCompute, channelTable, rankingTable, textSection, type RoiFacts } from './roi/roiSections.ts';
import { buildRoiTables, minChannelDeals } from './roi/roiTables.ts';

/**
 * The chosen model, or null when a pointer (champion, latest) names none yet: the report needs a
 * model only for open leads' predictions and, without rules, for MQLs, and says so when it does.
 * A model id the user typed must exist.
 */
function chosenModel(config: ResolvedConfig, ref: string): { artifact: ModelArtifact | null; missing: unknown } {
  try {
    return { artifact: loadArtifact(config.output.dir, ref).artifact, missing: null };
  } catch (error) {
    if (!isPointerName(ref)) throw error;
    return { artifact: null, missing: error };
  }
}

export async function buildRoiReport(config: ResolvedConfig, options: ReportOptions = {}): Promise<Report> {
  const progress = options.progress ?? silentProgress;
  if (config.wide) rejectPeriod(options, 'roi', `${config.file} maps a wide source, whose leads have no created_at`);
  const model = chosenModel(config, options.model ?? 'champion');
  const requireModel = (): ModelArtifact => {
    if (model.artifact) return model.artifact;
    throw model.missing;
  };

  const computed = await withWorkspace(config.output.dir, async (connection) => {
    const features = await buildFeatureTables(connection, config, {
      quarantinePath: join(config.output.dir, 'quarantine.csv'),
      progress,
      spec: model.artifact?.featureSpec,
    });
    let done = progress.stage('MQLs');
    const mql = await buildMqlTable(connection, config, features, config.rules ? model.artifact : requireModel());
    done(mql.by === 'rules' ? `by the rule file ${config.rules}` : `by model ${model.artifact?.id}`);

    done = progress.stage("open leads' predictions");
    const predictions = await loadOpenLeadPredictions(connection, config, features.labels.open > 0 ? requireModel().id : null);
    done(`${predictions.scored} of ${predictions.openLeads} open leads`);

    done = progress.stage('ROI by channel');
    const tables = await buildRoiTables(connection, options.period);
    done(`${tables.channels.length - 1} channels`);
    return { features, mql, predictions, tables };
  });

  const { features, mql, predictions, tables } = computed;
  const total = tables.channels.find((row) => row.is_total)!;
  const facts: RoiFacts = {
    costsConfigured: config.sources.channel_costs !== undefined,
    wide: config.wide,
    openLeadsInPeriod: total.open_leads,
    openLeadsScored: total.open_leads_scored,
  };
  const usedModel = predictions.openLeads > 0 || mql.by === 'model' ? model.artifact : null;
  const ranking = rankingTable(tables);
  const notComputable = cannotCompute(tables, facts);
  const definitions = [
    `Period: ${describePeriod(options.period)}. A cohort: what the leads created in the period went on to do, whenever it happened.`,
    mql.description + '.',
    'Won: outcome won (at any time). Conversion = won / leads, open leads included, so a recent period reads low until its leads close.',
    'Revenue: the amounts of won deals. Spend: the channel_costs months overlapping the period, a partly covered month pro rata by days.',
    'Cost per lead = spend / leads; cost per MQL = spend / MQLs; customer acquisition cost (CAC) = spend / won; ROI = (revenue − spend) / spend.',
    'Median days to close: from created_at to closed_at of the won deals.',
    `Predicted pipeline value: Σ probability × expected deal amount over the open leads, where the expected deal amount is the channel's mean won amount (all history) when it has at least ${minChannelDeals} won deals with an amount, else the mean of all won deals.`,
    predictions.openLeads > 0
      ? `Open leads' probabilities: the latest predictions of model ${usedModel?.id} in ${predictions.warehouse} (table ${config.output.predictions_table}, last scored ${predictions.scoredAt}).`
      : 'Open leads\' probabilities: not needed, the data has no open leads.',
    'Total row: every channel, those without spend included.',
  ];

  const sections: ReportSection[] = [channelTable(tables, facts)];
  for (const section of [
    ranking.section,
    campaignTable(tables),
    spendRevenueChart(tables.channels.filter((row) => !row.is_total)),
    pipelineValueChart(tables.channels.filter((row) => !row.is_total)),
    conversionChart(tables.channels.filter((row) => !row.is_total)),
    textSection('cannot_compute', 'What this report cannot compute', notComputable),
    textSection('definitions', 'Definitions', definitions),
  ]) {
    if (section) sections.push(section);
  }

  const ingest = summarizeIngest(features.ingest);
  return {
    name: 'roi',
    title: `Channel ROI — ${config.name}`,
    context: {
      config: config.file,
      period: describePeriod(options.period),
      leads: total.leads,
      model: usedModel?.id ?? null,
      mql_by: mql.by === 'rules' ? `rules (${config.rules})` : `model ${model.artifact?.id}`,
      as_of: features.asOf ? features.asOf.toISOString() : null,
      rejected_rows: ingest.rowsRejected,
    },
    sections,
    mainTable: 'channels',
    data: {
      period: options.period ?? { from: null, to: null },
      channels: tables.channels.filter((row) => !row.is_total),
      total,
      campaigns: tables.campaigns,
      ranking: { byRoi: ranking.byRoi, byPredictedValue: ranking.byPredictedValue },
      mql,
      expectedDealAmount: { rule: 'channel mean of won amounts (all history), else the overall mean', minChannelDeals },
      predictions: { modelId: usedModel?.id ?? null, ...predictions },
      cannotCompute: notComputable,
      ingest,
    },
  };
}
