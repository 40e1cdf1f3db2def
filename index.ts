/**
 * leadscore's library API. The CLI (pipelines/cli) is a thin layer over these calls.
 *
 *   const config = loadConfig('leadscore.yaml');
 *   const trained = await trainModel(config);
 *   const scored = await scoreLeads(config, { model: trained.models[0].id });
 */

// Config and data contract
export { loadConfig, resolveConfig, type Config, type ResolvedConfig } from './data/config.ts';
export { contract, canonicalColumns } from './data/contract.ts';
export { generateSampleCrm, type GeneratedCrm } from './data/generator/index.ts';

// Pipelines
export { buildTrainingSet, type TrainingSetResult } from './pipelines/buildTrainingSet.ts';
export { trainModel, type TrainResult } from './pipelines/trainModel.ts';
export { scoreLeads, type ScoreResult, type ScoreOptions } from './pipelines/scoreLeads.ts';
export { runDemo, demoConfig, type DemoResult, type DemoOptions } from './pipelines/runDemo.ts';
export { buildFeatureTables } from './pipelines/featureTables.ts';
export { buildRoiReport } from './pipelines/reports/roiReport.ts';
export { buildModelReport } from './pipelines/reports/modelReport.ts';
export { buildCompareReport } from './pipelines/reports/compareReport.ts';
export { scoreHoldout, type HoldoutScores } from './pipelines/holdoutScores.ts';
export { listModels, showModel, promoteModel } from './pipelines/modelRegistry.ts';
export { buildReport, reportBuilders, reportNames } from './pipelines/reports/reportBuilders.ts';
export type { ReportOptions, ReportPeriod } from './pipelines/reports/reportOptions.ts';
export type { Report, ReportSection, TableSection, ChartSection, TextSection } from './pipelines/reports/report.ts';
export { renderTerminal } from './pipelines/reports/render/terminal.ts';
export { renderJson } from './pipelines/reports/render/json.ts';
export { renderCsv, writeCsvTables } from './pipelines/reports/render/csv.ts';
export { renderHtml, writeHtml } from './pipelines/reports/render/html.ts';

// Feature stages and encoders
export type { FeatureFrame, FrameColumn } from './features/frame/featureFrame.ts';
export { readFeatureFrame } from './features/frame/readFeatureFrame.ts';
export { FrameEncoder } from './features/encoding/frameEncoder.ts';
export { readTrainingSet } from './features/trainingSet/readTrainingSet.ts';
export { writeTrainingSet } from './features/trainingSet/writeTrainingSet.ts';
export { checkLeakage } from './features/leakage/checkLeakage.ts';
export type { LeakageFinding } from './features/leakage/leakageFinding.ts';

// Models and evaluation
export type { Estimator, Contribution } from './models/estimator.ts';
export type { Matrix } from './models/matrix.ts';
export { LogisticRegression } from './models/logistic/LogisticRegression.ts';
export * as metrics from './models/evaluation/metrics.ts';
export { evaluate, type MetricSet } from './models/evaluation/evaluate.ts';
export { spearman, kendallTauB } from './models/evaluation/rankCorrelation.ts';
export { tiedLiftByDecile } from './models/evaluation/tiedLift.ts';
export * as curves from './models/evaluation/curves.ts';
export { timeHoldout, stratifiedHoldout, stratifiedKFold } from './models/evaluation/split.ts';
export { loadArtifact, type ModelArtifact } from './models/registry/artifact.ts';

// Errors
export { LeadscoreError, ConfigError, InputError, ExitCode } from './core/errors.ts';
