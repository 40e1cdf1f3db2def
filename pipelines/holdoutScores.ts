/**
 * A model's evaluation holdout scored the way the scorer scores open leads: the same rows
 * `train` evaluated the model on (rebuilt with the artifact's split and checked against its
 * holdout fingerprint), each with its label, the model's calibrated probability, the rule
 * engine's scores at the lead's snapshot, and the blended score. `score --learn-blend` fits the
 * blend on these rows; `report compare` holds model, rules and blend against each other on them.
 *
 * Why the probabilities come from a refit. The saved model was refitted on every labelled lead
 * after its evaluation, holdout included, so its predictions on the holdout are in-sample and
 * flattering (see pipelines/modelRegistry.ts). Instead the artifact's recipe (feature spec,
 * encoder and model parameters) is fitted again on the training part of the split — exactly the
 * fit `train` evaluated — and the artifact's calibrator, which `train` fitted on that fit's
 * holdout predictions, turns them into the calibrated probabilities the scorer would give a lead
 * it has not seen. For a logistic model this reproduces train's holdout predictions exactly
 * (`auc` equals the recorded holdout AUC); a neural net refits to within its training noise.
 */
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ResolvedConfig } from '../data/config.ts';
import { LeadscoreError } from '../core/errors.ts';
import { silentProgress, type Progress } from '../core/progress.ts';
import { readFeatureFrame } from '../features/frame/readFeatureFrame.ts';
import type { FeatureFrame } from '../features/frame/featureFrame.ts';
import { takeFrameRows } from '../features/frame/takeFrameRows.ts';
import { calibratorFromJSON } from '../models/calibration/fitCalibrator.ts';
import { rocAuc } from '../models/evaluation/metrics.ts';
import { useBackend } from '../models/neural/backend.ts';
import { loadArtifact, type ModelArtifact } from '../models/registry/artifact.ts';
import { holdoutFingerprint } from '../models/registry/holdoutFingerprint.ts';
import { modelRecipe } from '../models/registry/loadModel.ts';
import { loadRuleFile } from '../models/rules/loadRuleFile.ts';
import type { FiredRule } from '../models/rules/explainLead.ts';
import type { RuleSet } from '../models/rules/ruleSet.ts';
import { buildFeatureTables, featureRowsCount, featureRowsSql, type FeatureTablesResult } from './featureTables.ts';
import { labelsOf, predictFrame, type FittedModel } from './modelRecipe.ts';
import { rebuildHoldout } from './modelRegistry.ts';
import { scoreLeadsByRules } from './ruleStage.ts';
import { blendScores, type Blend } from './scoring/blend.ts';
import { withWorkspace } from './withWorkspace.ts';

export interface HoldoutRuleScores {
  /** 0–100 each. */
  ruleScore: Float64Array;
  fitScore: Float64Array;
  engagementScore: Float64Array;
  /** The rule engine's own temperature (hot / warm / cold). */
  temperature: string[];
  grade: string[];
  /** As of the snapshot: new or MQL (the outcome came later, so never recycled or sales_accepted). */
  status: string[];
  /** Matrix cell (A1 … D3). */
  matrixCell: string[];
  /** 1 where a disqualifier matched. */
  disqualified: Uint8Array;
  /** The rules that fired for holdout row `row`, with their points (line-by-line explanation). */
  explain(row: number): FiredRule[];
}

export interface HoldoutScores {
  modelId: string;
  /** Holdout leads in the split's row order (ascending lead_id). */
  leadIds: string[];
  /** 1 = converted. */
  label: Uint8Array;
  /** Calibrated probability, as the scorer gives, from a fit that never saw these leads. */
  probability: Float64Array;
  /** Null when the config declares no rule file. */
  rules: HoldoutRuleScores | null;
  /** 0–100, by `blend` (the config's weighted blend unless another was passed). */
  blendedScore: Float64Array;
  /** The blend behind blendedScore. */
  blend: Blend;
  /** created_at of each lead, ms since epoch (NaN when unknown). */
  createdAt: Float64Array;
  strategy: 'time' | 'stratified';
  /** holdoutFingerprint() of these rows. */
  fingerprint: string;
  /** True when these are the very rows and labels `train` recorded (same fingerprint). */
  matchesTraining: boolean;
  /** ROC AUC of `probability` on these rows, and the one `train` recorded for the model. */
  auc: number;
  recordedAuc: number | null;
  /** The rule file, when there is one. */
  ruleFile: string | null;
  /** Anything a reader of these numbers should know (changed data, refit drift). */
  caveats: string[];
}

export interface HoldoutOptions {
  /** Model id, `latest` or `champion` (the default). */
  model?: string;
  progress?: Progress;
}

export async function scoreHoldout(config: ResolvedConfig, options: HoldoutOptions = {}): Promise<HoldoutScores> {
  return withHoldout(config, options, async (session) => session.scores);
}

/** Everything a caller of withHoldout may reuse besides the scores, on the open workspace. */
export interface HoldoutSession {
  connection: DuckDBConnection;
  artifact: ModelArtifact;
  tables: FeatureTablesResult;
  ruleSet: RuleSet | null;
  /** Every labelled lead's features as training read them (the holdout's rows are among them). */
  frame: FeatureFrame;
  scores: HoldoutScores;
}

/**
 * Builds the feature tables with the model's spec, reads the training frame once, scores the
 * holdout and hands all of it to `use` while the workspace is open (the reports need more than
 * the scores: the frame, the ingest summary, the rule explanations).
 */
export async function withHoldout<T>(config: ResolvedConfig, options: HoldoutOptions, use: (session: HoldoutSession) => Promise<T>): Promise<T> {
  const progress = options.progress ?? silentProgress;
  const ruleSet = config.rules ? loadRuleFile(config.rules) : null;
  const { artifact } = loadArtifact(config.output.dir, options.model ?? 'champion');
  return withWorkspace(config.output.dir, async (connection) => {
    const tables = await buildFeatureTables(connection, config, {
      quarantinePath: join(config.output.dir, 'quarantine.csv'),
      progress,
      spec: artifact.featureSpec,
    });
    const frame = await readFeatureFrame(connection, featureRowsSql('training'), tables.features, { expectedRows: featureRowsCount(tables.labels, 'training') });
    const scores = await holdoutScoresIn(connection, { config, artifact, tables, ruleSet, progress, frame });
    return use({ connection, artifact, tables, ruleSet, frame, scores });
  });
}

export interface HoldoutContext {
  config: ResolvedConfig;
  artifact: ModelArtifact;
  /** Feature tables built with the artifact's feature spec on `connection`. */
  tables: FeatureTablesResult;
  ruleSet: RuleSet | null;
  progress: Progress;
  /** Default: the config's weighted blend. */
  blend?: Blend;
  /** The training frame when the caller has already read it from `tables`. */
  frame?: FeatureFrame;
}

/** scoreHoldout on a workspace whose feature tables are already built (the scorer shares its own). */
export async function holdoutScoresIn(connection: DuckDBConnection, context: HoldoutContext): Promise<HoldoutScores> {
  const { config, artifact, tables, ruleSet, progress } = context;
  const caveats: string[] = [];
  const frame = context.frame ?? (await readFeatureFrame(connection, featureRowsSql('training'), tables.features, { expectedRows: featureRowsCount(tables.labels, 'training') }));
  const split = rebuildHoldout(artifact, frame, config);
  const holdout = takeFrameRows(frame, split.test);
  const label = labelsOf(holdout);
  const fingerprint = holdoutFingerprint(holdout.leadIds, holdout.label);
  const matchesTraining = artifact.evaluation.holdoutFingerprint === fingerprint;
  if (!matchesTraining) {
    caveats.push(
      artifact.evaluation.holdoutFingerprint === undefined
        ? `model ${artifact.id} did not record its holdout's fingerprint: the holdout was rebuilt from today's data and may differ from the one train evaluated`
        : `the data changed since model ${artifact.id} was trained: the rebuilt holdout (${holdout.rows} leads) is not the one train evaluated`,
    );
  }
  if (split.splitFrom === 'config') {
    caveats.push(`model ${artifact.id} did not record its holdout fraction and seed; the config's were used`);
  }

  let done = progress.stage(`refitting model ${artifact.id}'s recipe on its ${split.train.length} training leads`);
  if (artifact.kind === 'neural') await useBackend('auto');
  const recipe = modelRecipe(artifact);
  const trainFrame = takeFrameRows(frame, split.train);
  recipe.encoder.fit(trainFrame);
  await recipe.model.fit(recipe.encoder.transform(trainFrame), labelsOf(trainFrame));
  const raw = predictFrame({ encoder: recipe.encoder, model: recipe.model as FittedModel }, holdout);
  const calibrator = artifact.calibration === undefined ? null : calibratorFromJSON(artifact.calibration);
  const probability = calibrator ? Float64Array.from(calibrator.transform(raw)) : raw;
  const auc = rocAuc(label, raw);
  const recorded = artifact.evaluation.uncalibratedMetrics?.auc ?? artifact.evaluation.metrics.auc;
  const recordedAuc = recorded !== undefined && Number.isFinite(recorded) ? recorded : null;
  if (matchesTraining && recordedAuc !== null && Math.abs(auc - recordedAuc) > 1e-6) {
    caveats.push(`refitting model ${artifact.id}'s recipe gives holdout AUC ${auc.toFixed(4)}, train recorded ${recordedAuc.toFixed(4)}`);
  }
  done(`${holdout.rows} holdout leads, AUC ${auc.toFixed(3)}`);

  let rules: HoldoutRuleScores | null = null;
  if (ruleSet) {
    done = progress.stage('rule scores on the holdout, each lead at its snapshot');
    const scores = await scoreLeadsByRules(connection, ruleSet, tables.ingest, { kind: 'training' });
    const rows = alignRows(scores.leadIds, holdout.leadIds);
    const labels = scores.labelColumns();
    const take = <T>(values: ArrayLike<T>) => Array.from(rows, (r) => values[r]);
    rules = {
      ruleScore: Float64Array.from(rows, (r) => scores.score[r]),
      fitScore: Float64Array.from(rows, (r) => scores.fitScore[r]),
      engagementScore: Float64Array.from(rows, (r) => scores.engagementScore[r]),
      temperature: take(labels.temperature),
      grade: take(labels.grade),
      status: take(labels.status),
      matrixCell: take(labels.matrixCell),
      disqualified: Uint8Array.from(rows, (r) => scores.disqualified[r]),
      explain: (row) => scores.explain(rows[row]),
    };
    done(`rule score AUC ${rocAuc(label, rules.ruleScore).toFixed(3)}`);
  }

  const blend = context.blend ?? { kind: 'weighted', weight: config.blend.weight };
  return {
    modelId: artifact.id,
    leadIds: holdout.leadIds,
    label,
    probability,
    rules,
    blendedScore: blendScores(blend, probability, rules?.ruleScore ?? null),
    blend,
    createdAt: holdout.createdAt,
    strategy: split.strategy,
    fingerprint,
    matchesTraining,
    auc,
    recordedAuc,
    ruleFile: config.rules ?? null,
    caveats,
  };
}

/** For each of `wanted`, its row in `ids`; every wanted lead must be there. */
function alignRows(ids: readonly string[], wanted: readonly string[]): Uint32Array {
  const position = new Map(ids.map((id, i) => [id, i]));
  return Uint32Array.from(wanted, (id) => {
    const row = position.get(id);
    if (row === undefined) throw new LeadscoreError('internal', `holdout lead ${id} has no rule score`);
    return row;
  });
}
