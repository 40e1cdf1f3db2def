/**
 * `leadscore train`: features → split → encoder and model fitted on the training part →
 * metrics on the holdout → encoder and model refitted on every labelled lead → artifact.
 * The holdout metrics describe the refitted model's recipe on data it had not seen.
 */
import type { ResolvedConfig } from '../data/config.ts';
import { InputError } from '../core/errors.ts';
import { silentProgress, type Progress } from '../core/progress.ts';
import { FrameEncoder } from '../features/encoding/frameEncoder.ts';
import type { FeatureFrame } from '../features/frame/featureFrame.ts';
import { takeFrameRows } from '../features/frame/takeFrameRows.ts';
import { LogisticRegression } from '../models/logistic/LogisticRegression.ts';
import { evaluate, type MetricSet } from '../models/evaluation/evaluate.ts';
import { stratifiedHoldout, timeHoldout } from '../models/evaluation/split.ts';
import { artifactFormat, newModelId, saveArtifact, type ModelArtifact } from '../models/registry/artifact.ts';
import { version } from './version.ts';
import { join } from 'node:path';
import { writeTrainingSet } from '../features/trainingSet/writeTrainingSet.ts';
import { prepareTrainingData, type TrainingSetMetadata } from './buildTrainingSet.ts';
import { summarizeIngest, type IngestSummary } from './summaries.ts';
import { withWorkspace } from './withWorkspace.ts';

export interface TrainResult {
  models: Array<{ kind: string; id: string; metrics: MetricSet }>;
  artifactPath: string;
  /** The training set the model was fitted on, as Arrow IPC. */
  trainingSetPath: string;
  evaluation: { strategy: 'time' | 'stratified'; trainRows: number; testRows: number };
  trainingSet: { rows: number; positives: number; features: number; encodedColumns: number; fingerprint: string };
  labelRule: string;
  ingest: IngestSummary;
}

function labelsOf(frame: FeatureFrame): Uint8Array {
  return Uint8Array.from(frame.label, (v) => (v === 1 ? 1 : 0));
}

function chooseStrategy(config: ResolvedConfig, frame: FeatureFrame): 'time' | 'stratified' {
  if (config.evaluation.strategy !== 'auto') return config.evaluation.strategy;
  return !config.wide && frame.createdAt.some((t) => !Number.isNaN(t)) ? 'time' : 'stratified';
}

/** Fits encoder + model on `frame` rows; the caller picks the rows. */
function fitOn(config: ResolvedConfig, frame: FeatureFrame, progress: Progress) {
  const { min_category_count, max_categories, log_skew_threshold } = config.features;
  const encoder = new FrameEncoder({ min_category_count, max_categories, log_skew_threshold }).fit(frame);
  const X = encoder.transform(frame);
  const model = new LogisticRegression({
    C: config.model.C,
    classWeight: config.model.class_weight,
    solver: config.model.solver,
  });
  // Solvers report every iteration; a person needs a line every few seconds at most.
  let lastLog = performance.now();
  model.fit(X, labelsOf(frame), {
    onProgress: (message) => {
      if (performance.now() - lastLog < 2000) return;
      lastLog = performance.now();
      progress.info(message);
    },
  });
  return { encoder, model, columns: X.cols };
}

export async function trainModel(config: ResolvedConfig, options: { progress?: Progress } = {}): Promise<TrainResult> {
  const progress = options.progress ?? silentProgress;
  return withWorkspace(config.output.dir, async (connection) => {
    const { tables, frame, metadata } = await prepareTrainingData(connection, config, progress);
    const positives = frame.label.reduce((s, v) => s + (v === 1 ? 1 : 0), 0);
    if (frame.rows < 20 || positives === 0 || positives === frame.rows) {
      throw new InputError(
        `cannot train on ${frame.rows} labelled leads with ${positives} positives: need at least 20 leads and both outcomes`,
        { hint: 'check the label rule (label.window_days, outcomes) and the quarantine file' },
      );
    }

    const trainingSetPath = join(config.output.dir, 'training-set.arrow');
    await writeTrainingSet(trainingSetPath, frame, metadata as unknown as Record<string, unknown>);

    const strategy = chooseStrategy(config, frame);
    const fraction = config.evaluation.holdout_fraction;
    const split =
      strategy === 'time' ? timeHoldout(frame.createdAt, fraction) : stratifiedHoldout(labelsOf(frame), fraction, config.evaluation.seed);

    let done = progress.stage(`fitting logistic regression on ${split.train.length} leads (${strategy} holdout of ${split.test.length})`);
    const trainFrame = takeFrameRows(frame, split.train);
    const testFrame = takeFrameRows(frame, split.test);
    const holdoutFit = fitOn(config, trainFrame, progress);
    const probabilities = holdoutFit.model.predictProba(holdoutFit.encoder.transform(testFrame));
    const metrics = evaluate(labelsOf(testFrame), probabilities);
    done(`holdout AUC ${metrics.auc.toFixed(3)}`);

    done = progress.stage(`refitting on all ${frame.rows} labelled leads`);
    const final = fitOn(config, frame, progress);
    done();

    const createdAt = new Date();
    const modelJson = final.model.toJSON();
    const id = newModelId('logreg', createdAt, JSON.stringify(modelJson) + metadata.fingerprint);
    const artifact: ModelArtifact = {
      format: artifactFormat,
      id,
      kind: 'logreg',
      createdAt: createdAt.toISOString(),
      dataset: config.name,
      featureSpec: tables.spec,
      encoder: final.encoder.toJSON(),
      model: modelJson,
      evaluation: { strategy, trainRows: split.train.length, testRows: split.test.length, metrics: { ...metrics } },
      trainingSet: trainingSetFacts(metadata),
      versions: { leadscore: version, node: process.version },
    };
    const artifactPath = saveArtifact(config.output.dir, artifact);
    progress.info(`model ${id} saved to ${artifactPath}`);
    return {
      models: [{ kind: 'logreg', id, metrics }],
      artifactPath,
      trainingSetPath,
      evaluation: { strategy, trainRows: split.train.length, testRows: split.test.length },
      trainingSet: {
        rows: frame.rows,
        positives,
        features: frame.columns.length,
        encodedColumns: final.columns,
        fingerprint: metadata.fingerprint,
      },
      labelRule: metadata.labelRule,
      ingest: summarizeIngest(tables.ingest),
    };
  });
}

function trainingSetFacts(metadata: TrainingSetMetadata): ModelArtifact['trainingSet'] {
  return {
    rows: metadata.rows.training,
    positives: metadata.rows.positives,
    fingerprint: metadata.fingerprint,
    labelRule: metadata.labelRule,
    snapshotRule: metadata.snapshotRule,
  };
}
