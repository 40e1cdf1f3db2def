/**
 * `leadscore score`: rebuild the features of every open lead exactly as the model was trained
 * (its saved feature spec and encoder), predict, explain, and write the predictions to the
 * warehouse in one all-or-nothing run.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ResolvedConfig } from '../data/config.ts';
import { silentProgress, type Progress } from '../core/progress.ts';
import type { EncodedSource } from '../features/encoding/columnEncoder.ts';
import { readFeatureFrame } from '../features/frame/readFeatureFrame.ts';
import { calibratorFromJSON } from '../models/calibration/fitCalibrator.ts';
import { loadModel } from '../models/registry/loadModel.ts';
import { useBackend } from '../models/neural/backend.ts';
import { loadRuleFile } from '../models/rules/loadRuleFile.ts';
import { scoreLeadsByRules } from './ruleStage.ts';
import type { RuleColumns } from './warehouse/predictions.ts';
import { topReasons } from '../models/explain/topReasons.ts';
import { loadArtifact } from '../models/registry/artifact.ts';
import { buildFeatureTables, featureRowsSql } from './featureTables.ts';
import { summarizeIngest, type IngestSummary, type TemperatureCounts } from './summaries.ts';
import { openWarehouse } from './warehouse/warehouse.ts';
import type { PredictionBatch, Temperature } from './warehouse/predictions.ts';
import { withWorkspace } from './withWorkspace.ts';

export interface ScoreOptions {
  /** Model id, `latest`, or `champion` (the default). */
  model?: string;
  progress?: Progress;
  /** How many reasons to keep per lead. */
  reasons?: number;
}

export interface ScoreResult {
  modelId: string;
  runId: string;
  predictionsWritten: number;
  warehouse: string;
  table: string;
  temperatures: TemperatureCounts;
  meanProbability: number;
  /** Leads per lifecycle status (new, MQL, ...) from the rule engine; null without rules. */
  statuses: Record<string, number> | null;
  /** The five most likely to convert, with their reasons. */
  topLeads: Array<{ leadId: string; probability: number; blendedScore: number; ruleScore: number | null; temperature: Temperature; reasons: string[] }>;
  ingest: IngestSummary;
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

function topLeadsOf(batch: PredictionBatch, count: number): ScoreResult['topLeads'] {
  const order = Array.from(batch.probability.keys()).sort(
    (a, b) => batch.probability[b] - batch.probability[a] || (batch.leadIds[a] < batch.leadIds[b] ? -1 : 1),
  );
  return order.slice(0, count).map((i) => ({
    leadId: batch.leadIds[i],
    probability: batch.probability[i],
    blendedScore: batch.blendedScore[i],
    ruleScore: batch.rules ? batch.rules.ruleScore[i] : null,
    temperature: batch.temperature[i],
    reasons: JSON.parse(batch.topReasons[i]) as string[],
  }));
}

const scoringBatchRows = 65_536;

export function temperatureOf(probability: number, cutoffs: { hot: number; warm: number }): Temperature {
  return probability >= cutoffs.hot ? 'hot' : probability >= cutoffs.warm ? 'warm' : 'cold';
}

export async function scoreLeads(config: ResolvedConfig, options: ScoreOptions = {}): Promise<ScoreResult> {
  const progress = options.progress ?? silentProgress;
  // The rule file is validated before any data is read, so a bad one fails fast (exit 2).
  const ruleSet = config.rules ? loadRuleFile(config.rules) : null;
  const { artifact } = loadArtifact(config.output.dir, options.model ?? 'champion');
  // A neural model scores on the tfjs backend chosen before it is loaded (wasm is ~20× faster than cpu).
  if (artifact.kind === 'neural') progress.info(`tfjs backend: ${await useBackend('auto')}`);
  const { encoder, model } = loadModel(artifact);
  // Artifacts from before calibration existed score with raw probabilities.
  const calibrator = artifact.calibration === undefined ? null : calibratorFromJSON(artifact.calibration);
  progress.info(`model ${artifact.id} (${artifact.kind}, holdout AUC ${artifact.evaluation.metrics.auc?.toFixed(3)})`);

  const scored = await withWorkspace(config.output.dir, async (connection) => {
    const tables = await buildFeatureTables(connection, config, {
      quarantinePath: join(config.output.dir, 'quarantine.csv'),
      progress,
      spec: artifact.featureSpec,
    });
    const done = progress.stage('scoring open leads');
    const frame = await readFeatureFrame(connection, featureRowsSql('open'), tables.features);
    const sources = new Map<string, EncodedSource>(encoder.featureNames.map((name, j) => [name, encoder.sources[j]]));
    const keep = options.reasons ?? 3;
    const probability = new Float64Array(frame.rows);
    const topReasonsJson: string[] = new Array(frame.rows);
    // Encode in batches into one reused buffer: memory stays flat however many leads are open.
    let buffer: Float64Array | undefined;
    for (let start = 0; start < frame.rows; start += scoringBatchRows) {
      const end = Math.min(frame.rows, start + scoringBatchRows);
      const X = encoder.transformRows(frame, start, end, buffer);
      buffer = X.data;
      const raw = model.predictProba(X);
      probability.set(calibrator ? calibrator.transform(raw) : raw, start);
      for (let row = 0; row < X.rows; row++) {
        const reasons = model.contributions ? topReasons(model.contributions(X, row, X.cols), sources, frame, start + row, keep) : [];
        topReasonsJson[start + row] = JSON.stringify(reasons.map((r) => r.text));
      }
    }
    let rules: RuleColumns | null = null;
    if (ruleSet) {
      const ruleDone = progress.stage(`rule score (${config.rules})`);
      const scores = await scoreLeadsByRules(connection, ruleSet, tables.ingest, { kind: 'open', asOf: tables.asOf ?? new Date() });
      const labels = scores.labelColumns();
      rules = {
        ruleScore: scores.score,
        fitScore: scores.fitScore,
        engagementScore: scores.engagementScore,
        grade: labels.grade,
        matrixCell: labels.matrixCell,
        status: labels.status,
      };
      ruleDone();
    }
    const weight = rules ? config.blend.weight : 1;
    const blendedScore = Float64Array.from(probability, (p, i) => 100 * (weight * p + (1 - weight) * (rules ? rules.ruleScore[i] / 100 : 0)));
    const batch: PredictionBatch = {
      leadIds: frame.leadIds,
      probability,
      blendedScore,
      temperature: Array.from(blendedScore, (b) => temperatureOf(b / 100, config.scoring.temperature)),
      topReasons: topReasonsJson,
      rules,
    };
    done(`${frame.rows} leads`);
    return { batch, ingest: summarizeIngest(tables.ingest) };
  });

  const runId = randomUUID();
  const table = config.output.predictions_table;
  const done = progress.stage(`writing predictions to ${config.output.warehouse}`);
  const warehouse = await openWarehouse(config.output);
  let written: number;
  try {
    written = await warehouse.writePredictions(table, scored.batch, { runId, modelId: artifact.id, scoredAt: new Date() });
  } finally {
    await warehouse.close();
  }
  done(`${written} rows, run ${runId}`);

  const temperatures: TemperatureCounts = { hot: 0, warm: 0, cold: 0 };
  for (const t of scored.batch.temperature) temperatures[t]++;
  const sum = scored.batch.probability.reduce((s, p) => s + p, 0);
  return {
    modelId: artifact.id,
    runId,
    predictionsWritten: written,
    warehouse: config.output.warehouse,
    table,
    temperatures,
    meanProbability: written ? sum / written : 0,
    topLeads: topLeadsOf(scored.batch, 5),
    statuses: scored.batch.rules ? countBy(scored.batch.rules.status) : null,
    ingest: scored.ingest,
  };
}
