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
import { topReasons } from '../models/explain/topReasons.ts';
import { loadArtifact } from '../models/registry/artifact.ts';
import { buildFeatureTables, featureRowsSql } from './featureTables.ts';
import { summarizeIngest, type IngestSummary, type TemperatureCounts } from './summaries.ts';
import { DuckDbWarehouse } from './warehouse/duckdbWarehouse.ts';
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
  /** The five most likely to convert, with their reasons. */
  topLeads: Array<{ leadId: string; probability: number; temperature: Temperature; reasons: string[] }>;
  ingest: IngestSummary;
}

function topLeadsOf(batch: PredictionBatch, count: number): ScoreResult['topLeads'] {
  const order = Array.from(batch.probability.keys()).sort(
    (a, b) => batch.probability[b] - batch.probability[a] || (batch.leadIds[a] < batch.leadIds[b] ? -1 : 1),
  );
  return order.slice(0, count).map((i) => ({
    leadId: batch.leadIds[i],
    probability: batch.probability[i],
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
    const batch: PredictionBatch = {
      leadIds: frame.leadIds,
      probability,
      temperature: Array.from(probability, (p) => temperatureOf(p, config.scoring.temperature)),
      topReasons: topReasonsJson,
    };
    done(`${frame.rows} leads`);
    return { batch, ingest: summarizeIngest(tables.ingest) };
  });

  const runId = randomUUID();
  const table = config.output.predictions_table;
  const done = progress.stage(`writing predictions to ${config.output.warehouse}`);
  const warehouse = await DuckDbWarehouse.open(config.output.warehouse);
  let written: number;
  try {
    written = await warehouse.writePredictions(table, scored.batch, { runId, modelId: artifact.id, scoredAt: new Date() });
  } finally {
    warehouse.close();
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
    ingest: scored.ingest,
  };
}
