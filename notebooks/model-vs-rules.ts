/**
 * The model against the rule score, for an analyst deciding what marketing should change: both
 * on the model's evaluation holdout, the leads they disagree on, the compare report (charts in
 * HTML), and the model's suggested points tried as the rule file on the same leads.
 *
 *   node bin/run-ts.js notebooks/model-vs-rules.ts                      # on a generated sample CRM
 *   node bin/run-ts.js notebooks/model-vs-rules.ts --config acme.yaml --out /tmp/nb
 *
 * Uses the champion model, training a logistic regression first when there is none. Cells are
 * marked `// %%`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import {
  buildCompareReport,
  kendallTauB,
  listModels,
  metrics,
  scoreHoldout,
  spearman,
  tiedLiftByDecile,
  trainModel,
  writeHtml,
  type Report,
} from '../index.ts';
import { openNotebook } from './notebookSetup.ts';

// %% Which data: a config file, or a sample CRM generated on the spot
const { config, out, source } = await openNotebook(process.argv.slice(2));
console.log(`# ${config.name}: ${source}`);

// %% A model to compare: the champion, or a logistic regression trained now
if (!listModels(config.output.dir).champion) {
  const trained = await trainModel(config, { kinds: ['logreg'] });
  console.log(`trained ${trained.models[0].id}`);
}

// %% Both scores on the model's holdout: the leads train evaluated on, each rule score as of the lead's snapshot
const holdout = await scoreHoldout(config);
const y = holdout.label;
console.log(`model ${holdout.modelId}; holdout: ${holdout.strategy} split, ${y.length} leads, ${y.reduce((s, v) => s + v, 0)} converted`);
const scores: Array<[string, ArrayLike<number>]> = [['model', holdout.probability]];
if (holdout.rules) scores.unshift(['rule score', holdout.rules.ruleScore]);
if (holdout.rules) scores.push(['blend', holdout.blendedScore]);
for (const [name, score] of scores) {
  const top = tiedLiftByDecile(y, score)[0];
  console.log(`  ${name.padEnd(10)} AUC ${metrics.rocAuc(y, score).toFixed(3)}, top-decile lift ${top.lift.toFixed(2)}×`);
}
if (holdout.rules) {
  const rho = spearman(holdout.rules.ruleScore, holdout.probability);
  const tau = kendallTauB(holdout.rules.ruleScore, holdout.probability);
  console.log(`  rank correlation, rule score vs model: Spearman ${rho.toFixed(3)}, Kendall ${tau.toFixed(3)}`);
} else {
  console.log('  no rule file in the config: the model alone');
}

// %% The compare report: agreement, disagreements with both explanations, rule value, suggested points
const report = await buildCompareReport(config, { top: 5 });
console.log(`compare report: ${await writeHtml(report, join(out, 'model-vs-rules.html'))}`);
const ruleValue = report.sections.find((s) => s.id === 'rule-value');
if (ruleValue?.kind === 'table') for (const row of ruleValue.rows) console.log(`  ${String(row.rule).padEnd(24)} ${row.verdict}`);

// %% The suggested points as a rule file, tried on the same holdout leads
const suggested = report.data.suggestedPoints as { ruleFile?: string; unavailable?: string };
if (suggested.ruleFile) {
  const path = join(out, 'suggested-rules.yaml');
  writeFileSync(path, suggested.ruleFile);
  const tried = await scoreHoldout({ ...config, rules: path });
  const current = holdout.rules ? metrics.rocAuc(y, holdout.rules.ruleScore).toFixed(3) : 'n/a (no rule file)';
  // The points come from the saved model, refitted on every labelled lead: on the holdout they flatter.
  console.log(`suggested rules in ${path}: AUC ${metrics.rocAuc(tried.label, tried.rules!.ruleScore).toFixed(3)} (current rules ${current}, model ${holdout.auc.toFixed(3)}; the points saw these leads)`);
} else {
  console.log(`no suggested points: ${suggested.unavailable}`);
}

// %% Plot: every holdout lead by rule score and probability, coloured by outcome
if (holdout.rules) {
  const rules = holdout.rules;
  const spec: TopLevelSpec = {
    width: 420,
    height: 320,
    data: { values: Array.from(y, (label, i) => ({ rule_score: rules.ruleScore[i], probability: holdout.probability[i], outcome: label ? 'converted' : 'did not convert' })) },
    mark: { type: 'circle', opacity: 0.5 },
    encoding: {
      x: { field: 'rule_score', type: 'quantitative', title: 'rule score (0–100)' },
      y: { field: 'probability', type: 'quantitative', title: 'model probability', axis: { format: '.0%' } },
      color: { field: 'outcome', type: 'nominal', title: null, scale: { domain: ['did not convert', 'converted'], range: ['#999999', '#ff7f0e'] } },
    },
  };
  writeFileSync(join(out, 'model-vs-rules.vl.json'), JSON.stringify(spec, null, 2));
  const page: Report = {
    name: 'compare',
    title: `Rule score against the model: ${holdout.modelId}`,
    context: { data: source },
    mainTable: 'none',
    data: {},
    sections: [{ kind: 'chart', id: 'scatter', title: 'Holdout leads by rule score and probability', spec }],
  };
  console.log(`scatter: ${await writeHtml(page, join(out, 'model-vs-rules-scatter.html'))}`);
}
