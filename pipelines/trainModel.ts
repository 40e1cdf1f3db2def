/**
 * `leadscore train`: features → leakage checks → split → for each model kind: recipe fitted on
 * the training part, probabilities on the holdout, calibrator fitted on them, metrics; optional
 * k-fold cross-validation; then the recipe refitted on every labelled lead → versioned artifact.
 *
 * The holdout metrics describe the refitted model's recipe on leads it had not seen. Calibrated
 * metrics are cross-fitted on the holdout (the calibrator judged on the half it was not fitted
 * on), so calibration is evaluated as honestly as the model.
 */
import { join } from 'node:path';
import type { ResolvedConfig } from '../data/config.ts';
import { InputError } from '../core/errors.ts';
import { silentProgress, type Progress } from '../core/progress.ts';
import type { FeatureFrame } from '../features/frame/featureFrame.ts';
import { takeFrameRows } from '../features/frame/takeFrameRows.ts';
import { checkLeakage } from '../features/leakage/checkLeakage.ts';
import { checkEventsAfterOutcome } from '../features/leakage/eventsAfterOutcome.ts';
import type { LeakageFinding } from '../features/leakage/leakageFinding.ts';
import { writeTrainingSet } from '../features/trainingSet/writeTrainingSet.ts';
import type { CalibrationKind } from '../models/calibration/calibrator.ts';
import { fitCalibrator } from '../models/calibration/fitCalibrator.ts';
import { crossValidate } from '../models/evaluation/crossValidate.ts';
import { evaluate, type MetricSet } from '../models/evaluation/evaluate.ts';
import { fullReport } from '../models/evaluation/fullReport.ts';
import { stratifiedHoldout, stratifiedKFold, timeHoldout } from '../models/evaluation/split.ts';
import { artifactFormat, newModelId, saveArtifact, type ModelArtifact } from '../models/registry/artifact.ts';
import { holdoutFingerprint } from '../models/registry/holdoutFingerprint.ts';
import { version } from './version.ts';
import { prepareTrainingData, type TrainingSetMetadata } from './buildTrainingSet.ts';
import { fitRecipe, labelsOf, predictFrame, type ModelKindName } from './modelRecipe.ts';
import { summarizeIngest, type IngestSummary } from './summaries.ts';
import { withWorkspace } from './withWorkspace.ts';
import { loadRuleFile } from '../models/rules/loadRuleFile.ts';
import { scoreLeadsByRules } from './ruleStage.ts';

export interface TrainOptions {
  progress?: Progress;
  /** Model kinds to train; default: the config's `model.kinds`. */
  kinds?: ModelKindName[];
  /** Report metrics over this many stratified folds too; default: `evaluation.cv_folds`. */
  cv?: number | null;
  /** Leakage findings stop training (exit 2); default: `leakage.strict`. */
  strict?: boolean;
}

export interface CrossValidationSummary {
  k: number;
  mean: MetricSet;
  std: MetricSet;
}

export interface TrainedModelSummary {
  kind: ModelKindName;
  id: string;
  /** Holdout metrics of the calibrated probabilities the scorer will use. */
  metrics: MetricSet;
  uncalibratedMetrics: MetricSet;
  calibration: CalibrationKind;
  /** Lift and capture by decile and the confusion matrix at the reported threshold, on the holdout. */
  report: ReturnType<typeof fullReport>;
  crossValidation?: CrossValidationSummary;
  artifactPath: string;
  fit: Record<string, unknown>;
}

export interface TrainResult {
  models: TrainedModelSummary[];
  /** The first model's artifact (kept for callers that train one kind). */
  artifactPath: string;
  trainingSetPath: string;
  evaluation: { strategy: 'time' | 'stratified'; trainRows: number; testRows: number; fraction: number; seed: number };
  trainingSet: { rows: number; positives: number; features: number; fingerprint: string };
  leakage: LeakageFinding[];
  /** The config's rule score measured on the same holdout, each lead as of its snapshot; null without rules. */
  rules: { file: string; metrics: MetricSet } | null;
  labelRule: string;
  ingest: IngestSummary;
}

function chooseStrategy(config: ResolvedConfig, frame: FeatureFrame): 'time' | 'stratified' {
  if (config.evaluation.strategy !== 'auto') return config.evaluation.strategy;
  return !config.wide && frame.createdAt.some((t) => !Number.isNaN(t)) ? 'time' : 'stratified';
}

/**
 * Calibrated holdout probabilities without judging a calibrator on the rows it was fitted on:
 * two stratified halves, each calibrated by the calibrator fitted on the other.
 */
function crossFitCalibration(kind: CalibrationKind, raw: Float64Array, y: Uint8Array, seed: number): Float64Array {
  if (kind === 'none') return raw;
  const out = new Float64Array(raw.length);
  for (const { train, test } of stratifiedKFold(y, 2, seed)) {
    const calibrator = fitCalibrator(
      kind,
      Array.from(train, (i) => raw[i]),
      Uint8Array.from(train, (i) => y[i]),
    );
    const calibrated = calibrator.transform(Array.from(test, (i) => raw[i]));
    test.forEach((row, j) => (out[row] = calibrated[j]));
  }
  return out;
}

/** Warnings one by one; informational findings (already harmless) folded into one line. */
function describeFindings(findings: LeakageFinding[], progress: Progress): void {
  const info = findings.filter((f) => f.severity === 'info');
  for (const finding of findings) {
    if (finding.severity !== 'info') progress.warn(`leakage (${finding.severity}): ${finding.evidence}`);
  }
  if (info.length) {
    progress.info(
      `${info.length} informational leakage finding(s), e.g. ${info[0].evidence} (all of them in the artifact and in --json)`,
    );
  }
}

export async function trainModel(config: ResolvedConfig, options: TrainOptions = {}): Promise<TrainResult> {
  const progress = options.progress ?? silentProgress;
  const kinds = options.kinds ?? config.model.kinds;
  const cvFolds = options.cv === undefined ? config.evaluation.cv_folds : options.cv;
  const strict = options.strict ?? config.leakage.strict;
  // A bad rule file fails before any data is read.
  const ruleSet = config.rules ? loadRuleFile(config.rules) : null;
  return withWorkspace(config.output.dir, async (connection) => {
    const { tables, frame, metadata } = await prepareTrainingData(connection, config, progress);
    const y = labelsOf(frame);
    const positives = y.reduce((s, v) => s + v, 0);
    if (frame.rows < 20 || positives < 2 || positives > frame.rows - 2) {
      throw new InputError(
        `cannot train on ${frame.rows} labelled leads with ${positives} positives: need at least 20 leads and both outcomes`,
        { hint: 'check the label rule (label.window_days, outcomes) and the quarantine file' },
      );
    }

    let done = progress.stage('leakage checks');
    const leakage = [
      ...checkLeakage(frame, {
        aucThreshold: config.leakage.auc_threshold,
        pureRate: config.leakage.pure_rate,
        minSupportShare: config.leakage.min_support_share,
        minSupportRows: config.leakage.min_support_rows,
      }),
      ...(tables.spec.hasEvents ? await checkEventsAfterOutcome(connection) : []),
    ];
    done(leakage.length ? `${leakage.length} finding(s)` : 'nothing suspicious');
    describeFindings(leakage, progress);
    const blocking = leakage.filter((f) => f.severity !== 'info');
    if (strict && blocking.length) {
      throw new InputError(
        `training stopped by --strict: ${blocking.length} leakage finding(s)\n${blocking.map((f) => `  ${f.evidence}`).join('\n')}`,
        { hint: 'exclude the flagged columns (sources.leads.attributes.exclude) or train without --strict' },
      );
    }

    const trainingSetPath = join(config.output.dir, 'training-set.arrow');
    await writeTrainingSet(trainingSetPath, frame, metadata as unknown as Record<string, unknown>);

    const strategy = chooseStrategy(config, frame);
    const { holdout_fraction: fraction, seed } = config.evaluation;
    const split = strategy === 'time' ? timeHoldout(frame.createdAt, fraction) : stratifiedHoldout(y, fraction, seed);
    const trainFrame = takeFrameRows(frame, split.train);
    const testFrame = takeFrameRows(frame, split.test);
    const yTest = labelsOf(testFrame);
    const testFingerprint = holdoutFingerprint(testFrame.leadIds, testFrame.label);

    let rules: TrainResult['rules'] = null;
    if (ruleSet && config.rules) {
      done = progress.stage('rule score on the holdout');
      // Training rows come back in lead_id order, as the frame's do.
      const scores = await scoreLeadsByRules(connection, ruleSet, tables.ingest, { kind: 'training' });
      const ruleProbability = Float64Array.from(split.test, (i) => scores.score[i] / 100);
      rules = { file: config.rules, metrics: evaluate(yTest, ruleProbability) };
      done(`AUC ${rules.metrics.auc.toFixed(3)}`);
    }

    const models: TrainedModelSummary[] = [];
    for (const kind of kinds) {
      done = progress.stage(`${kind}: fitting on ${split.train.length} leads, ${strategy} holdout of ${split.test.length}`);
      const holdoutRecipe = await fitRecipe(kind, config, trainFrame, progress);
      const raw = predictFrame(holdoutRecipe, testFrame);
      const calibrationKind = config.model.calibration;
      const calibrated = crossFitCalibration(calibrationKind, raw, yTest, seed);
      const uncalibratedMetrics = evaluate(yTest, raw);
      // Ranking metrics come from the raw probabilities: calibration is monotone, and the two
      // cross-fitted halves would otherwise reorder leads across the halves by accident.
      const metrics: MetricSet = {
        ...evaluate(yTest, calibrated),
        auc: uncalibratedMetrics.auc,
        pr_auc: uncalibratedMetrics.pr_auc,
        ks: uncalibratedMetrics.ks,
      };
      const report = fullReport(yTest, calibrated);
      // The scorer's calibrator: fitted on every holdout probability of the holdout recipe.
      const calibrator = fitCalibrator(calibrationKind, raw, yTest);
      done(`holdout AUC ${metrics.auc.toFixed(3)}, log loss ${metrics.logloss.toFixed(3)}`);

      let crossValidation: CrossValidationSummary | undefined;
      if (cvFolds) {
        done = progress.stage(`${kind}: ${cvFolds}-fold cross-validation`);
        const cv = await crossValidate(cvFolds, y, seed, async (train, test) =>
          predictFrame(await fitRecipe(kind, config, takeFrameRows(frame, train), silentProgress), takeFrameRows(frame, test)),
        );
        crossValidation = { k: cvFolds, mean: cv.mean, std: cv.std };
        done(`AUC ${cv.mean.auc.toFixed(3)} ± ${cv.std.auc.toFixed(3)}`);
      }

      done = progress.stage(`${kind}: refitting on all ${frame.rows} labelled leads`);
      const final = await fitRecipe(kind, config, frame, progress);
      done();

      const createdAt = new Date();
      const modelJson = final.model.toJSON();
      const id = newModelId(kind, createdAt, JSON.stringify(modelJson) + metadata.fingerprint);
      const artifact: ModelArtifact = {
        format: artifactFormat,
        id,
        kind,
        createdAt: createdAt.toISOString(),
        dataset: config.name,
        featureSpec: tables.spec,
        encoder: final.encoder.toJSON(),
        model: modelJson,
        calibration: calibrator.toJSON(),
        evaluation: {
          strategy,
          trainRows: split.train.length,
          testRows: split.test.length,
          fraction,
          seed,
          holdoutFingerprint: testFingerprint,
          metrics: { ...metrics },
          uncalibratedMetrics: { ...uncalibratedMetrics },
          report,
          crossValidation,
        },
        trainingSet: trainingSetFacts(metadata),
        versions: { leadscore: version, node: process.version, ...backendOf(final.model.describe().fit) },
        leakage,
      };
      const artifactPath = saveArtifact(config.output.dir, artifact);
      progress.info(`model ${id} saved to ${artifactPath}`);
      models.push({
        kind,
        id,
        metrics,
        uncalibratedMetrics,
        calibration: calibrationKind,
        report,
        crossValidation,
        artifactPath,
        fit: final.model.describe().fit,
      });
    }

    return {
      models,
      artifactPath: models[0].artifactPath,
      trainingSetPath,
      evaluation: { strategy, trainRows: split.train.length, testRows: split.test.length, fraction, seed },
      trainingSet: { rows: frame.rows, positives, features: frame.columns.length, fingerprint: metadata.fingerprint },
      leakage,
      rules,
      labelRule: metadata.labelRule,
      ingest: summarizeIngest(tables.ingest),
    };
  });
}

/** The tfjs backend a neural model ran on, recorded with the library versions. */
function backendOf(fit: Record<string, unknown>): Record<string, string> {
  return typeof fit.backend === 'string' ? { tfjsBackend: fit.backend } : {};
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
