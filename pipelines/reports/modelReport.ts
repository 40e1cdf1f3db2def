/**
 * `leadscore report model`: how good a trained model is and what it rests on. Metrics as `train`
 * recorded them; ROC, precision–recall, calibration, cumulative gains and lift, and the score
 * distribution by outcome, all on the model's evaluation holdout re-scored out of sample
 * (pipelines/holdoutScores.ts: the very leads and the very fit `train` evaluated); feature
 * importance on those holdout leads; the leakage findings stored with the model; and a summary of
 * the data (leads, label balance, rejected rows) as it is today.
 *
 * The builder needs the config's data, not only the artifact: the curves need every holdout
 * prediction, which the artifact does not store, and the data summary counts today's rows.
 */
import type { ResolvedConfig } from '../../data/config.ts';
import { silentProgress } from '../../core/progress.ts';
import { takeFrameRows } from '../../features/frame/takeFrameRows.ts';
import type { LabelSummary } from '../../features/labels/labels.ts';
import { sortFindings, type LeakageFinding } from '../../features/leakage/leakageFinding.ts';
import { calibrationBins, cumulativeGains, precisionRecallCurve, rocCurve, scoreHistogram } from '../../models/evaluation/curves.ts';
import { fullReport } from '../../models/evaluation/fullReport.ts';
import { prAuc, rocAuc } from '../../models/evaluation/metrics.ts';
import { featureImportance, type FeatureImportanceResult } from '../../models/explain/featureImportance.ts';
import type { ModelArtifact } from '../../models/registry/artifact.ts';
import { loadModel } from '../../models/registry/loadModel.ts';
import { readPointer } from '../../models/registry/pointers.ts';
import { currentChampion } from '../../models/registry/resolveModelRef.ts';
import { withHoldout, type HoldoutScores } from '../holdoutScores.ts';
import { summarizeIngest, type IngestSummary } from '../summaries.ts';
import {
  calibrationChart,
  gainsChart,
  importanceChart,
  liftChart,
  precisionRecallChart,
  rocChart,
  scoreDistributionChart,
} from './model/modelCharts.ts';
import type { Cell, Report, ReportSection, TableSection } from './report.ts';
import { defaultTop, rejectPeriod, type ReportOptions } from './reportOptions.ts';

/** Points per plotted curve: plenty for a 400-pixel chart, small enough for JSON and HTML. */
const curvePoints = 200;
/** Leads the feature importance is averaged over (integrated gradients cost a batch per lead). */
const importanceRows = 1000;
/** Bars in the importance chart. */
const importanceBars = 15;

export interface ModelReportInputs {
  artifact: ModelArtifact;
  role: { champion: boolean; latest: boolean };
  configFile: string;
  holdout: Pick<HoldoutScores, 'label' | 'probability' | 'rules' | 'strategy' | 'matchesTraining' | 'caveats'>;
  importance: FeatureImportanceResult | null;
  /** Today's data, from which the holdout was rebuilt. */
  data: { labels: LabelSummary; ingest: IngestSummary };
  top?: number;
  /** When the report was made (context line); default now. */
  generatedAt?: Date;
}

export async function buildModelReport(config: ResolvedConfig, options: ReportOptions = {}): Promise<Report> {
  rejectPeriod(options, 'model', 'the model report describes the model on its evaluation holdout, whatever the leads’ dates');
  const progress = options.progress ?? silentProgress;
  return withHoldout(config, { model: options.model, progress }, async ({ artifact, tables, frame, scores: holdout }) => {
    const role = {
      champion: currentChampion(config.output.dir)?.id === artifact.id,
      latest: readPointer(config.output.dir, 'latest') === artifact.id,
    };
    for (const caveat of holdout.caveats) progress.warn(caveat);

    const done = progress.stage(`feature importance over ${Math.min(importanceRows, holdout.leadIds.length)} holdout leads`);
    const rowOf = new Map(frame.leadIds.map((id, i) => [id, i]));
    const holdoutFrame = takeFrameRows(
      frame,
      holdout.leadIds.map((id) => rowOf.get(id)!),
    );
    const { encoder, model } = loadModel(artifact);
    const importance = featureImportance(encoder, model, holdoutFrame, importanceRows);
    done(importance ? `top: ${importance.features.slice(0, 3).map((f) => f.feature).join(', ')}` : 'this model kind does not explain its scores');

    return assembleModelReport({
      artifact,
      role,
      configFile: config.file,
      holdout,
      importance,
      data: { labels: tables.labels, ingest: summarizeIngest(tables.ingest) },
      top: options.top,
    });
  });
}

const metricRows: Array<{ key: string; label: string; reading: string }> = [
  { key: 'auc', label: 'ROC AUC', reading: '0.5 = random order, 1 = perfect' },
  { key: 'pr_auc', label: 'PR AUC (average precision)', reading: 'read against the positive rate' },
  { key: 'ks', label: 'KS statistic', reading: 'higher separates better' },
  { key: 'logloss', label: 'log loss', reading: 'lower is better' },
  { key: 'brier', label: 'Brier score', reading: 'lower is better' },
  { key: 'ece', label: 'calibration error (ECE)', reading: 'gap predicted vs actual rate' },
];

/** The report from everything it needs, computed here and nowhere else (no I/O). */
export function assembleModelReport(inputs: ModelReportInputs): Report {
  const { artifact, holdout, importance, data } = inputs;
  const top = inputs.top ?? defaultTop;
  const y = holdout.label;
  const p = holdout.probability;
  const holdoutRows = y.length;
  const holdoutPositives = y.reduce((s, v) => s + v, 0);
  const positiveRate = holdoutRows ? holdoutPositives / holdoutRows : NaN;

  // Curves and lift on the probabilities the scorer gives (calibrated), as a reader would use them.
  const auc = rocAuc(y, p);
  const averagePrecision = prAuc(y, p);
  const roc = rocCurve(y, p, curvePoints);
  const pr = precisionRecallCurve(y, p, curvePoints);
  const gains = cumulativeGains(y, p, curvePoints);
  const calibration = calibrationBins(y, p, 10);
  const histogram = scoreHistogram(y, p, 20);
  const atCutoff = fullReport(y, p);
  const leakage = parseLeakage(artifact.leakage);
  const crossValidation = parseCrossValidation(artifact.evaluation.crossValidation);
  const ruleMetrics = holdout.rules
    ? { auc: rocAuc(y, holdout.rules.ruleScore), pr_auc: prAuc(y, holdout.rules.ruleScore) }
    : null;

  const metricsTable: TableSection = {
    kind: 'table',
    id: 'metrics',
    title: 'Holdout metrics',
    columns: [
      { key: 'metric', label: 'metric', format: 'text' },
      { key: 'holdout', label: 'holdout', format: 'number' },
      { key: 'uncalibrated', label: 'uncalibrated', format: 'number' },
      ...(crossValidation
        ? [
            { key: 'cv_mean', label: `${crossValidation.k}-fold CV mean`, format: 'number' as const },
            { key: 'cv_sd', label: 'CV sd', format: 'number' as const },
          ]
        : []),
      ...(ruleMetrics ? [{ key: 'rule_score', label: 'rule score', format: 'number' as const }] : []),
      { key: 'reading', label: 'how to read it', format: 'text' },
    ],
    rows: metricRows.map(({ key, label, reading }) => {
      const row: Record<string, Cell> = {
        metric: label,
        holdout: artifact.evaluation.metrics[key] ?? null,
        uncalibrated: artifact.evaluation.uncalibratedMetrics?.[key] ?? null,
        reading,
      };
      if (crossValidation) {
        row.cv_mean = crossValidation.mean[key] ?? null;
        row.cv_sd = crossValidation.std[key] ?? null;
      }
      if (ruleMetrics) row.rule_score = key === 'auc' || key === 'pr_auc' ? ruleMetrics[key] : null;
      return row;
    }),
    note:
      `As train recorded them on its ${artifact.evaluation.strategy} holdout of ${count(artifact.evaluation.testRows)} leads ` +
      `(calibrated probabilities, the calibration cross-fitted; ranking metrics from the raw scores).` +
      (ruleMetrics ? ' Rule score: the config’s rule points on the same leads, ranking metrics only.' : ''),
  };

  const confusionTable: TableSection = {
    kind: 'table',
    id: 'confusion',
    title: `At a cut-off of ${(atCutoff.threshold.value * 100).toFixed(1)}% probability`,
    columns: [
      { key: 'actual', label: 'actual outcome', format: 'text' },
      { key: 'above', label: 'scored at or above', format: 'integer' },
      { key: 'below', label: 'scored below', format: 'integer' },
      { key: 'leads', label: 'leads', format: 'integer' },
    ],
    rows: [
      { actual: 'converted', above: atCutoff.confusion.tp, below: atCutoff.confusion.fn, leads: atCutoff.confusion.tp + atCutoff.confusion.fn },
      { actual: 'did not convert', above: atCutoff.confusion.fp, below: atCutoff.confusion.tn, leads: atCutoff.confusion.fp + atCutoff.confusion.tn },
    ],
    note:
      `Precision ${pct(atCutoff.confusion.precision)}, recall ${pct(atCutoff.confusion.recall)}, F1 ${fixed(atCutoff.confusion.f1, 3)}. ` +
      (atCutoff.threshold.rule === 'max_f1'
        ? 'The cut-off maximises F1 on these same leads, so these figures are slightly optimistic; choose yours by sales capacity.'
        : 'No lead converted, so the cut-off is 50%.'),
  };

  const liftTable: TableSection = {
    kind: 'table',
    id: 'lift',
    title: 'Lift and capture by decile',
    columns: [
      { key: 'decile', label: 'decile', format: 'integer' },
      { key: 'leads', label: 'leads', format: 'integer' },
      { key: 'converted', label: 'converted', format: 'integer' },
      { key: 'rate', label: 'conversion rate', format: 'percent' },
      { key: 'lift', label: 'lift', format: 'ratio' },
      { key: 'cumulative_capture', label: 'cumulative capture', format: 'percent' },
      { key: 'min_score', label: 'lowest score', format: 'percent' },
      { key: 'max_score', label: 'highest score', format: 'percent' },
    ],
    rows: atCutoff.liftByDecile.map((d) => ({
      decile: d.decile,
      leads: d.count,
      converted: d.positives,
      rate: d.rate,
      lift: d.lift,
      cumulative_capture: d.cumulativeCapture,
      min_score: d.minScore,
      max_score: d.maxScore,
    })),
    note: 'Holdout leads ranked by predicted probability, highest first, in ten groups of equal size.',
  };

  const totalImportance = importance ? importance.features.reduce((s, f) => s + f.meanAbsLogOdds, 0) : 0;
  const importanceSections: ReportSection[] = importance
    ? [
        {
          kind: 'table',
          id: 'importance',
          title: 'Feature importance',
          columns: [
            { key: 'rank', label: 'rank', format: 'integer' },
            { key: 'feature', label: 'feature', format: 'text' },
            { key: 'mean_abs_log_odds', label: 'mean |log-odds|', format: 'number' },
            { key: 'share', label: 'share', format: 'percent' },
            { key: 'columns', label: 'encoded columns', format: 'integer' },
          ],
          rows: importance.features.slice(0, top).map((f, i) => ({
            rank: i + 1,
            feature: f.feature,
            mean_abs_log_odds: f.meanAbsLogOdds,
            share: totalImportance > 0 ? f.meanAbsLogOdds / totalImportance : null,
            columns: f.columns,
          })),
          note:
            `How far each feature moves a lead's log-odds from the training average (the contributions the top reasons come from), ` +
            `averaged over ${count(importance.rows)} holdout leads; share: of the sum over all features. ` +
            (importance.features.length > top ? `Top ${top} of ${importance.features.length} features.` : `All ${importance.features.length} features.`),
        },
        {
          kind: 'chart',
          id: 'importance-chart',
          title: 'Feature importance (top features)',
          spec: importanceChart(importance.features.slice(0, importanceBars)),
        },
      ]
    : [{ kind: 'text', id: 'importance', title: 'Feature importance', lines: [`A ${artifact.kind} model cannot explain single predictions, so no importance is shown.`] }];

  const leakageSection: ReportSection = leakage.length
    ? {
        kind: 'table',
        id: 'leakage',
        title: 'Leakage findings',
        columns: [
          { key: 'severity', label: 'severity', format: 'text' },
          { key: 'check', label: 'check', format: 'text' },
          { key: 'feature', label: 'feature', format: 'text' },
          { key: 'evidence', label: 'evidence', format: 'text' },
        ],
        rows: sortFindings(leakage).map((f) => ({
          severity: f.severity,
          check: f.kind,
          feature: f.value === undefined ? f.feature : `${f.feature} = ${f.value ?? '(missing)'}`,
          evidence: f.evidence,
        })),
        note: 'high: exclude unless you know why it is honest; warning: look at it; info: already kept out of the features.',
      }
    : {
        kind: 'text',
        id: 'leakage',
        title: 'Leakage findings',
        lines: [artifact.leakage === undefined ? 'This model was trained before leakage checks were stored.' : 'None: no feature looked too good to be honest when this model was trained.'],
      };

  const labels = data.labels;
  const labelled = labels.positives + labels.negatives;
  const dataTable: TableSection = {
    kind: 'table',
    id: 'data',
    title: 'Data summary',
    columns: [
      { key: 'item', label: 'leads', format: 'text' },
      { key: 'count', label: 'count', format: 'integer' },
      { key: 'share', label: 'share', format: 'percent' },
    ],
    rows: [
      { item: 'leads in the data today', count: labels.leads, share: null },
      { item: 'labelled (training examples)', count: labelled, share: labels.leads ? labelled / labels.leads : null },
      { item: '  converted', count: labels.positives, share: labelled ? labels.positives / labelled : null },
      { item: '  did not convert', count: labels.negatives, share: labelled ? labels.negatives / labelled : null },
      { item: 'not labelled yet (window still open)', count: labels.unlabelled, share: labels.leads ? labels.unlabelled / labels.leads : null },
      { item: 'excluded (outcome before snapshot)', count: labels.excluded, share: labels.leads ? labels.excluded / labels.leads : null },
      { item: `holdout (${holdout.strategy} split)`, count: holdoutRows, share: labelled ? holdoutRows / labelled : null },
      { item: '  converted', count: holdoutPositives, share: positiveRate },
      { item: 'labelled when the model was trained', count: artifact.trainingSet.rows, share: null },
      { item: '  converted', count: artifact.trainingSet.positives, share: artifact.trainingSet.rows ? artifact.trainingSet.positives / artifact.trainingSet.rows : null },
      { item: 'source rows rejected at ingest', count: data.ingest.rowsRejected, share: data.ingest.rowsRead ? data.ingest.rowsRejected / data.ingest.rowsRead : null },
    ],
    note: data.ingest.quarantine ? `Every rejected row is listed with its reason in ${data.ingest.quarantine}.` : 'No source row was rejected.',
  };

  const ingestTable: TableSection = {
    kind: 'table',
    id: 'ingest',
    title: 'Rows read per source',
    columns: [
      { key: 'table', label: 'table', format: 'text' },
      { key: 'read', label: 'read', format: 'integer' },
      { key: 'accepted', label: 'accepted', format: 'integer' },
      { key: 'rejected', label: 'rejected', format: 'integer' },
      { key: 'file', label: 'source', format: 'text' },
    ],
    rows: Object.entries(data.ingest.tables).map(([table, t]) => ({ table, read: t!.read, accepted: t!.accepted, rejected: t!.rejected, file: t!.file })),
  };

  const caveats: ReportSection[] = holdout.caveats.length ? [{ kind: 'text', id: 'caveats', title: 'Caveats', lines: holdout.caveats } as const] : [];
  const curveNote = `On the ${count(holdoutRows)} holdout leads, probabilities calibrated as the scorer gives them (AUC ${fixed(auc, 3)}).`;

  const sections: ReportSection[] = [
    ...caveats,
    metricsTable,
    { kind: 'chart', id: 'roc', title: 'ROC curve', spec: rocChart(roc, auc), note: curveNote },
    {
      kind: 'chart',
      id: 'precision-recall',
      title: 'Precision and recall',
      spec: precisionRecallChart(pr, averagePrecision, positiveRate),
      note: 'Of the leads scored above a cut-off, the share that converts (precision), against the share of all conversions they hold (recall).',
    },
    {
      kind: 'chart',
      id: 'calibration',
      title: 'Calibration',
      spec: calibrationChart(calibration),
      note: 'Holdout leads in ten probability bins (point size: leads in the bin): a well-calibrated model sits on the dashed diagonal.',
    },
    {
      kind: 'chart',
      id: 'score-distribution',
      title: 'Score distribution by outcome',
      spec: scoreDistributionChart(histogram),
      note: 'Each outcome’s leads across twenty probability bins; the less the two overlap, the better the model separates them.',
    },
    {
      kind: 'chart',
      id: 'gains',
      title: 'Cumulative gains',
      spec: gainsChart(gains, positiveRate),
      note: 'Contacting leads in score order: the share of all conversions reached.',
    },
    { kind: 'chart', id: 'lift-chart', title: 'Lift by decile', spec: liftChart(atCutoff.liftByDecile) },
    liftTable,
    confusionTable,
    ...importanceSections,
    leakageSection,
    dataTable,
    ingestTable,
  ];

  const generatedAt = inputs.generatedAt ?? new Date();
  const roles = [inputs.role.champion && 'champion', inputs.role.latest && 'latest'].filter(Boolean).join(', ');
  return {
    name: 'model',
    title: `Model report: ${artifact.id}`,
    context: {
      dataset: artifact.dataset,
      config: inputs.configFile,
      model: artifact.id,
      kind: artifact.kind,
      role: roles || 'neither champion nor latest',
      trained: artifact.createdAt.replace('T', ' ').slice(0, 16) + ' UTC',
      holdout: `${artifact.evaluation.strategy} split, ${count(holdoutRows)} leads`,
      generated: generatedAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    },
    sections,
    mainTable: 'metrics',
    data: {
      model: { id: artifact.id, kind: artifact.kind, createdAt: artifact.createdAt, dataset: artifact.dataset, ...inputs.role },
      metrics: {
        recorded: artifact.evaluation.metrics,
        uncalibrated: artifact.evaluation.uncalibratedMetrics ?? null,
        crossValidation: crossValidation ?? null,
        rules: ruleMetrics,
      },
      holdout: {
        strategy: holdout.strategy,
        rows: holdoutRows,
        positives: holdoutPositives,
        positiveRate,
        matchesTraining: holdout.matchesTraining,
        auc,
        averagePrecision,
        caveats: holdout.caveats,
      },
      curves: { roc, precisionRecall: pr, gains, calibration, scoreHistogram: histogram },
      threshold: atCutoff.threshold,
      confusion: atCutoff.confusion,
      liftByDecile: atCutoff.liftByDecile,
      importance,
      leakage: sortFindings(leakage),
      dataSummary: { labels, ingest: data.ingest, trainingSet: artifact.trainingSet },
    },
  };
}

/** The artifact stores findings as unknown JSON (older artifacts have none); keep what has the finding's shape. */
function parseLeakage(stored: unknown): LeakageFinding[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter(
    (f): f is LeakageFinding =>
      typeof f === 'object' && f !== null && typeof f.evidence === 'string' && typeof f.feature === 'string' && ['high', 'warning', 'info'].includes(f.severity),
  );
}

function parseCrossValidation(stored: unknown): { k: number; mean: Record<string, number>; std: Record<string, number> } | null {
  if (typeof stored !== 'object' || stored === null) return null;
  const cv = stored as { k?: unknown; mean?: unknown; std?: unknown };
  if (typeof cv.k !== 'number' || typeof cv.mean !== 'object' || typeof cv.std !== 'object' || !cv.mean || !cv.std) return null;
  return { k: cv.k, mean: cv.mean as Record<string, number>, std: cv.std as Record<string, number> };
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

function pct(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : 'n/a';
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}
