/**
 * Retrain and explore: build the training set, look at the features and at what the leakage
 * checks found, train the logistic regression and the neural net on the same holdout, hold both
 * against the rule score, and plot their ROC curves and lift into one HTML file.
 *
 *   node bin/run-ts.js notebooks/train-models.ts                        # on a generated sample CRM
 *   node bin/run-ts.js notebooks/train-models.ts --config data/examples/x-education.yaml
 *   node bin/run-ts.js notebooks/train-models.ts --config acme.yaml --epochs 20 --out /tmp/nb
 *
 * Cells are marked `// %%`: read them top to bottom, change one, run the file again.
 */
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import {
  buildTrainingSet,
  checkLeakage,
  curves,
  listModels,
  metrics,
  readTrainingSet,
  scoreHoldout,
  tiedLiftByDecile,
  trainModel,
  writeHtml,
  type Report,
} from '../index.ts';
import { describeColumn } from './explore-training-set.ts';
import { openNotebook } from './notebookSetup.ts';

// %% Which data: a config file, or a sample CRM generated on the spot
const { config, out, source } = await openNotebook(process.argv.slice(2));
console.log(`# ${config.name}: ${source}`);

// %% Build the training set: ingest, labels, point-in-time features, one Arrow file
const built = await buildTrainingSet(config);
const { frame, metadata } = await readTrainingSet(built.trainingSet.path);
const positives = frame.label.reduce((sum, v) => sum + (v === 1 ? 1 : 0), 0);
console.log(`training set: ${frame.rows} leads, ${positives} converted (${((100 * positives) / frame.rows).toFixed(1)}%), ${frame.columns.length} features`);
console.log(`label rule: ${String(metadata.labelRule)}`);

// %% The features: coverage of each, and how the common categories convert
for (const column of frame.columns) console.log('  ' + describeColumn(frame, column));

// %% Leakage: features too good to be honest (the same checks train runs, with the config's thresholds)
const findings = checkLeakage(frame, {
  aucThreshold: config.leakage.auc_threshold,
  pureRate: config.leakage.pure_rate,
  minSupportShare: config.leakage.min_support_share,
  minSupportRows: config.leakage.min_support_rows,
});
console.log(findings.length ? `leakage findings: ${findings.length}` : 'leakage findings: none');
for (const finding of findings) console.log(`  ${finding.severity}: ${finding.evidence}`);

// %% Train both kinds on the same holdout (the first model trained becomes the champion)
const trained = await trainModel(config, { kinds: ['logreg', 'neural'] });
console.log(`holdout: ${trained.evaluation.strategy} split, ${trained.evaluation.testRows} leads`);
for (const model of trained.models) {
  const m = model.metrics;
  console.log(`  ${model.kind.padEnd(7)} ${model.id}: AUC ${m.auc.toFixed(3)}, PR AUC ${m.pr_auc.toFixed(3)}, log loss ${m.logloss.toFixed(3)}, Brier ${m.brier.toFixed(3)}`);
}
if (trained.rules) console.log(`  rules   ${trained.rules.file}: AUC ${trained.rules.metrics.auc.toFixed(3)}`);
else console.log('  rules   none in the config');

// %% The registry: every model trained so far, which one is champion
const registry = listModels(config.output.dir);
console.log(`registry ${registry.registry}: ${registry.models.length} model(s), champion ${registry.champion ?? 'none'}`);
for (const row of registry.models.slice(0, 5)) {
  console.log(`  ${row.champion ? '*' : ' '} ${row.id}  holdout AUC ${row.holdout.auc?.toFixed(3) ?? 'n/a'}`);
}

// %% Against the rule score, on each model's own holdout (probabilities from a fit that never saw those leads)
const series: Array<{ name: string; y: Uint8Array; score: ArrayLike<number> }> = [];
for (const model of trained.models) {
  const holdout = await scoreHoldout(config, { model: model.id });
  series.push({ name: model.kind, y: holdout.label, score: holdout.probability });
  if (holdout.rules && series.every((s) => s.name !== 'rule score')) series.push({ name: 'rule score', y: holdout.label, score: holdout.rules.ruleScore });
}
for (const s of series) {
  const top = tiedLiftByDecile(s.y, s.score)[0];
  console.log(`  ${s.name.padEnd(10)} AUC ${metrics.rocAuc(s.y, s.score).toFixed(3)}, top-decile lift ${top.lift.toFixed(2)}×, capture ${(100 * top.cumulativeCapture).toFixed(1)}%`);
}

// %% Plot: ROC curves and lift by decile, one HTML file
const roc = series.flatMap((s) => curves.rocCurve(s.y, s.score, 200).map((p, step) => ({ score: s.name, step, fpr: p.fpr, tpr: p.tpr })));
const lift = series.flatMap((s) => tiedLiftByDecile(s.y, s.score).map((d) => ({ score: s.name, decile: d.decile, lift: d.lift })));
const rocSpec: TopLevelSpec = {
  width: 360,
  height: 300,
  data: { values: roc },
  mark: { type: 'line', strokeWidth: 2 },
  encoding: {
    x: { field: 'fpr', type: 'quantitative', title: 'false positive rate' },
    y: { field: 'tpr', type: 'quantitative', title: 'true positive rate' },
    order: { field: 'step', type: 'quantitative' },
    color: { field: 'score', type: 'nominal', title: null },
  },
};
const liftSpec: TopLevelSpec = {
  width: 360,
  height: 250,
  data: { values: lift },
  mark: 'bar',
  encoding: {
    x: { field: 'decile', type: 'ordinal', title: 'decile (1 = highest scores)' },
    xOffset: { field: 'score', type: 'nominal' },
    y: { field: 'lift', type: 'quantitative', title: 'lift' },
    color: { field: 'score', type: 'nominal', title: null },
  },
};
const page: Report = {
  name: 'model',
  title: `Retraining ${config.name}`,
  context: { data: source, holdout: `${trained.evaluation.strategy} split, ${trained.evaluation.testRows} leads` },
  mainTable: 'metrics',
  data: {},
  sections: [
    {
      kind: 'table',
      id: 'metrics',
      title: 'Holdout metrics',
      columns: [
        { key: 'model', label: 'model', format: 'text' },
        { key: 'auc', label: 'ROC AUC', format: 'number' },
        { key: 'pr_auc', label: 'PR AUC', format: 'number' },
        { key: 'logloss', label: 'log loss', format: 'number' },
      ],
      rows: trained.models.map((m) => ({ model: `${m.kind} (${m.id})`, auc: m.metrics.auc, pr_auc: m.metrics.pr_auc, logloss: m.metrics.logloss })),
    },
    { kind: 'chart', id: 'roc', title: 'ROC curves on the holdout', spec: rocSpec },
    { kind: 'chart', id: 'lift', title: 'Lift by decile', spec: liftSpec },
  ],
};
console.log(`charts: ${await writeHtml(page, join(out, 'train-models.html'))}`);
