/**
 * One scoring run inside a workspace: the leads to score (open ones, lost ones as recycled)
 * through the model and the rule engine, the blend (configured or learned on the holdout), the
 * lifecycle status (with the MQL threshold from sales' capacity when one is given) and the
 * temperature — everything the warehouse row needs.
 *
 * Determinism: every input is the data and the model; the scoring time is the data's as-of time
 * (label.as_of, default the latest timestamp in the data), never the wall clock, and rows come
 * in lead_id order. The same inputs and model give the same rows.
 */
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ResolvedConfig } from '../../data/config.ts';
import { LeadscoreError } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import { numberLiteral } from '../../core/sql.ts';
import type { EncodedSource } from '../../features/encoding/columnEncoder.ts';
import type { FrameEncoder } from '../../features/encoding/frameEncoder.ts';
import { readFeatureFrame } from '../../features/frame/readFeatureFrame.ts';
import type { FeatureFrame } from '../../features/frame/featureFrame.ts';
import type { Calibrator } from '../../models/calibration/calibrator.ts';
import { topReasons } from '../../models/explain/topReasons.ts';
import type { ModelArtifact } from '../../models/registry/artifact.ts';
import type { LoadedEstimator } from '../../models/registry/loadModel.ts';
import type { RuleSet } from '../../models/rules/ruleSet.ts';
import { buildFeatureTables, featureRowsCount, featureRowsSql, type FeatureTablesResult } from '../featureTables.ts';
import { holdoutScoresIn } from '../holdoutScores.ts';
import { scoreLeadsByRules } from '../ruleStage.ts';
import { summarizeIngest, type IngestSummary } from '../summaries.ts';
import type { PredictionBatch, RuleColumns, Temperature } from '../warehouse/predictions.ts';
import { blendScores, describeBlend, type Blend } from './blend.ts';
import { planCapacity, type CapacityPlan } from './capacity.ts';
import { learnBlend, type LearnedBlend } from './learnBlend.ts';
import { LinearReasons } from './linearReasons.ts';
import { LinearScorer } from './linearScorer.ts';
import { scoringFeatureRowsSql, scoringLeadsWhere } from './scoringLeads.ts';

export interface ScoringInputs {
  config: ResolvedConfig;
  artifact: ModelArtifact;
  encoder: FrameEncoder;
  model: LoadedEstimator;
  calibrator: Calibrator | null;
  ruleSet: RuleSet | null;
  progress: Progress;
  /** Reasons kept per lead. */
  reasons: number;
  includeLost: boolean;
  learnBlend: boolean;
  /** Leads sales can work per week; null = the rule file's MQL threshold. */
  capacityPerWeek: number | null;
}

export interface ScoredRows {
  batch: PredictionBatch;
  /** The data's as-of time (or, for a source without dates, the model's training time). */
  scoredAt: Date;
  blend: Blend;
  learned: LearnedBlend | null;
  capacity: CapacityPlan | null;
  /** Leads scored: open ones, and lost ones (status recycled). */
  leads: { open: number; recycled: number };
  /** Also printed on stderr as they happen: holdout caveats of --learn-blend, a capacity marketing cannot fill. */
  warnings: string[];
  ingest: IngestSummary;
}

const scoringBatchRows = 65_536;

export function temperatureOf(probability: number, cutoffs: { hot: number; warm: number }): Temperature {
  return probability >= cutoffs.hot ? 'hot' : probability >= cutoffs.warm ? 'warm' : 'cold';
}

export async function scoreRows(connection: DuckDBConnection, inputs: ScoringInputs): Promise<ScoredRows> {
  const { config, artifact, ruleSet, progress } = inputs;
  const tables = await buildFeatureTables(connection, config, {
    quarantinePath: join(config.output.dir, 'quarantine.csv'),
    progress,
    spec: artifact.featureSpec,
  });
  const scoredAt = tables.asOf ?? new Date(artifact.createdAt);

  let blend: Blend = { kind: 'weighted', weight: config.blend.weight };
  let learned: LearnedBlend | null = null;
  const warnings: string[] = [];
  if (inputs.learnBlend && ruleSet) {
    const holdout = await holdoutScoresIn(connection, { config, artifact, tables, ruleSet, progress });
    for (const caveat of holdout.caveats) progress.warn(caveat);
    warnings.push(...holdout.caveats);
    const done = progress.stage(`learning the blend on ${holdout.leadIds.length} holdout leads`);
    learned = learnBlend(
      { label: holdout.label, probability: holdout.probability, ruleScore: holdout.rules!.ruleScore },
      { folds: config.blend.cv_folds, seed: config.evaluation.seed, configuredWeight: config.blend.weight },
    );
    blend = learned.blend;
    const a = learned.auc;
    done(`ROC AUC model ${a.model.toFixed(3)}, rules ${a.rules.toFixed(3)}, learned blend ${a.blend.toFixed(3)} (cross-fitted), configured blend ${a.configured.toFixed(3)}`);
    progress.info(`learned blend: ${learned.formula}; rules give ${(100 * learned.ruleShare).toFixed(0)}% of its spread`);
  }

  let done = progress.stage(`scoring ${inputs.includeLost ? 'open and lost' : 'open'} leads`);
  // Open leads only: lead_features' own flag, and a row count known up front (read in one pass).
  const frame = inputs.includeLost
    ? await readFeatureFrame(connection, scoringFeatureRowsSql(true), tables.features)
    : await readFeatureFrame(connection, featureRowsSql('open'), tables.features, { expectedRows: featureRowsCount(tables.labels, 'open') });
  const { probability, topReasonsJson } = predict(inputs, frame);
  const lost = await lostMask(connection, inputs.includeLost, frame.rows);
  done(`${frame.rows} leads`);

  let rules: RuleColumns | null = null;
  let qualified: Uint8Array | null = null;
  if (ruleSet) {
    done = progress.stage(`rule score (${config.rules})`);
    const scores = await scoreLeadsByRules(connection, ruleSet, tables.ingest, { kind: 'open', asOf: scoredAt, includeLost: inputs.includeLost });
    checkSameLeads(scores.leadIds, frame.leadIds);
    const labels = scores.labelColumns();
    rules = {
      ruleScore: scores.score,
      fitScore: scores.fitScore,
      engagementScore: scores.engagementScore,
      grade: labels.grade,
      matrixCell: labels.matrixCell,
      status: labels.status,
    };
    qualified = scores.qualified;
    done();
  }
  if (inputs.learnBlend) progress.info(`blended_score = ${describeBlend(blend)}`);
  const blendedScore = blendScores(blend, probability, rules?.ruleScore ?? null);

  // Without rules every lead qualifies; the status is new (or MQL by capacity) and recycled when lost.
  const status = rules ? rules.status : Array.from(lost, (l) => (l ? 'recycled' : 'new'));
  let capacity: CapacityPlan | null = null;
  if (inputs.capacityPerWeek !== null) {
    const eligible = Uint8Array.from(status, (s, i) => ((s === 'new' || s === 'MQL') && (qualified ? qualified[i] === 1 : true) ? 1 : 0));
    capacity = planCapacity({
      capacityPerWeek: inputs.capacityPerWeek,
      windowWeeks: config.scoring.capacity_window_weeks,
      asOfMs: tables.asOf?.getTime() ?? null,
      arrivals: tables.asOf ? await arrivalsIn(connection, tables, config.scoring.capacity_window_weeks) : null,
      blendedScore,
      probability,
      createdAt: frame.createdAt,
      eligible,
    });
    for (let i = 0; i < status.length; i++) if (eligible[i] === 1) status[i] = blendedScore[i] >= capacity.threshold ? 'MQL' : 'new';
    progress.info(
      `capacity ${capacity.capacityPerWeek} leads a week → MQL threshold ${capacity.threshold.toFixed(2)} on the blended score: ` +
        `${capacity.leadsAbove} MQLs, ${capacity.expectedConversions.toFixed(1)} expected conversions` +
        (capacity.perWeek ? `; per week ${capacity.perWeek.mqls.toFixed(1)} MQLs, ${capacity.perWeek.expectedConversions.toFixed(1)} expected conversions` : ''),
    );
    if (capacity.warning) {
      progress.warn(capacity.warning);
      warnings.push(capacity.warning);
    }
  }

  const batch: PredictionBatch = {
    leadIds: frame.leadIds,
    probability,
    blendedScore,
    temperature: Array.from(blendedScore, (b) => temperatureOf(b / 100, config.scoring.temperature)),
    topReasons: topReasonsJson,
    rules,
    status,
  };
  const recycled = lost.reduce((s, l) => s + l, 0);
  return {
    batch,
    scoredAt,
    blend,
    learned,
    capacity,
    leads: { open: frame.rows - recycled, recycled },
    warnings,
    ingest: summarizeIngest(tables.ingest),
  };
}

/**
 * Calibrated probabilities and top reasons (none with `reasons: 0`). A logistic regression is
 * scored straight from the frame (LinearScorer: no dense matrix, the same probabilities to the
 * bit); other models encode in batches through one reused buffer so memory stays flat.
 */
export function predict(
  inputs: Pick<ScoringInputs, 'encoder' | 'model' | 'calibrator' | 'reasons'>,
  frame: FeatureFrame,
): { probability: Float64Array; topReasonsJson: string[] } {
  const { encoder, model, calibrator } = inputs;
  const explain = inputs.reasons > 0 && model.contributions !== undefined;
  const linear = LinearScorer.of(model, encoder);
  if (linear) return predictLinear(linear, inputs, frame, explain);
  const sources = new Map<string, EncodedSource>(encoder.featureNames.map((name, j) => [name, encoder.sources[j]]));
  const probability = new Float64Array(frame.rows);
  const topReasonsJson: string[] = new Array(frame.rows);
  let buffer: Float64Array | undefined;
  for (let start = 0; start < frame.rows; start += scoringBatchRows) {
    const end = Math.min(frame.rows, start + scoringBatchRows);
    const X = encoder.transformRows(frame, start, end, buffer);
    buffer = X.data;
    const raw = model.predictProba(X);
    probability.set(calibrator ? calibrator.transform(raw) : raw, start);
    if (!explain) {
      topReasonsJson.fill('[]', start, end);
      continue;
    }
    for (let row = 0; row < X.rows; row++) {
      const reasons = topReasons(model.contributions!(X, row, X.cols), sources, frame, start + row, inputs.reasons);
      topReasonsJson[start + row] = JSON.stringify(reasons.map((r) => r.text));
    }
  }
  return { probability, topReasonsJson };
}

/** Rows per pass of the linear scorer: its per-row sums and contributions stay in cache. */
const linearBatchRows = 2048;

function predictLinear(
  linear: LinearScorer,
  inputs: Pick<ScoringInputs, 'calibrator' | 'reasons'>,
  frame: FeatureFrame,
  explain: boolean,
): { probability: Float64Array; topReasonsJson: string[] } {
  const { calibrator } = inputs;
  const score = linear.bind(frame, linearBatchRows);
  const reasons = explain ? new LinearReasons(linear.features, frame, inputs.reasons) : null;
  const stride = linear.features.length;
  const contributions = reasons ? new Float64Array(linearBatchRows * stride) : null;
  const raw = new Float64Array(linearBatchRows);
  const probability = new Float64Array(frame.rows);
  const topReasonsJson: string[] = new Array(frame.rows);
  for (let start = 0; start < frame.rows; start += linearBatchRows) {
    const end = Math.min(frame.rows, start + linearBatchRows);
    score(start, end, raw, contributions);
    const batch = raw.subarray(0, end - start);
    probability.set(calibrator ? calibrator.transform(batch) : batch, start);
    if (!reasons) topReasonsJson.fill('[]', start, end);
    else for (let row = start; row < end; row++) topReasonsJson[row] = reasons.explain(contributions!, (row - start) * stride, row);
  }
  return { probability, topReasonsJson };
}

/** 1 for each scored lead (lead_id order) that was lost. */
async function lostMask(connection: DuckDBConnection, includeLost: boolean, rows: number): Promise<Uint8Array> {
  if (!includeLost) return new Uint8Array(rows);
  const reader = await connection.runAndReadAll(
    `select (lead_labels.status = 'lost')::integer as lost from lead_labels
     where ${scoringLeadsWhere(true)} order by lead_labels.lead_id`,
  );
  const values = (reader.getColumnsJS()[0] ?? []) as number[];
  return Uint8Array.from(values);
}

/** Leads created in the capacity window before the as-of time, whatever their outcome. */
async function arrivalsIn(connection: DuckDBConnection, tables: FeatureTablesResult, weeks: number): Promise<number> {
  const asOfMs = tables.asOf!.getTime();
  const reader = await connection.runAndReadAll(
    `select count(*)::integer as n from lead_labels
     where epoch_ms(created_at) > ${numberLiteral(asOfMs - weeks * 7 * 86_400_000)} and epoch_ms(created_at) <= ${numberLiteral(asOfMs)}`,
  );
  return Number(reader.getRowObjectsJS()[0].n);
}

function checkSameLeads(ruleIds: readonly string[], frameIds: readonly string[]): void {
  if (ruleIds.length !== frameIds.length || ruleIds.some((id, i) => id !== frameIds[i])) {
    throw new LeadscoreError('internal', `rule scores and model scores cover different leads (${ruleIds.length} vs ${frameIds.length}): the scoring selections disagree`);
  }
}
