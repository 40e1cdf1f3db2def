/**
 * Model-quality benchmark (`npm run bench:models`): 5-fold stratified cross-validated ROC AUC of
 * each model kind on the real datasets in ../shared/data/real, built from the shipped example
 * configs exactly as `leadscore train --cv 5` builds them, next to scikit-learn's figures and
 * leadscore's targets (issue "Models"), with fit times.
 *
 *   npm run bench:models
 *   npm run bench:models -- --kinds logreg --folds 5
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../data/config.ts';
import { silentProgress } from '../core/progress.ts';
import { takeFrameRows } from '../features/frame/takeFrameRows.ts';
import { crossValidate } from '../models/evaluation/crossValidate.ts';
import { prepareTrainingData } from '../pipelines/buildTrainingSet.ts';
import { fitRecipe, labelsOf, predictFrame, type ModelKindName } from '../pipelines/modelRecipe.ts';
import { withWorkspace } from '../pipelines/withWorkspace.ts';

const { values } = parseArgs({
  options: {
    kinds: { type: 'string', default: 'logreg,neural' },
    folds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '0' },
  },
});
const kinds = values.kinds!.split(',') as ModelKindName[];
const folds = Number(values.folds);

/** scikit-learn 1.2 figures and leadscore targets from the issue, same data and protocol. */
const reference: Record<string, Record<ModelKindName, { sklearn: number; target: number }>> = {
  'x-education': { logreg: { sklearn: 0.905, target: 0.903 }, neural: { sklearn: 0.908, target: 0.908 } },
  olist: { logreg: { sklearn: 0.715, target: 0.71 }, neural: { sklearn: 0.493, target: 0.7 } },
};

const examples = join(import.meta.dirname, '..', 'data', 'examples');
const realData = join(import.meta.dirname, '..', '..', 'shared', 'data', 'real');
if (!existsSync(realData)) {
  console.error(`no real data at ${realData}: this benchmark needs ../shared/data/real beside the repo`);
  process.exit(2);
}

const rows: string[] = [];
const results: unknown[] = [];
for (const dataset of ['x-education', 'olist']) {
  const config = loadConfig(join(examples, `${dataset}.yaml`));
  await withWorkspace(config.output.dir, async (connection) => {
    const { frame } = await prepareTrainingData(connection, config, silentProgress);
    const y = labelsOf(frame);
    for (const kind of kinds) {
      const fitSeconds: number[] = [];
      const cv = await crossValidate(folds, y, Number(values.seed), async (train, test) => {
        const started = performance.now();
        const recipe = await fitRecipe(kind, config, takeFrameRows(frame, train), silentProgress);
        fitSeconds.push((performance.now() - started) / 1000);
        return predictFrame(recipe, takeFrameRows(frame, test));
      });
      const ref = reference[dataset][kind];
      const meanFit = fitSeconds.reduce((a, b) => a + b, 0) / fitSeconds.length;
      const verdict = cv.mean.auc >= ref.target ? 'meets' : 'below';
      rows.push(
        `${dataset.padEnd(12)} ${kind.padEnd(7)} AUC ${cv.mean.auc.toFixed(3)} ± ${cv.std.auc.toFixed(3)}   sklearn ${ref.sklearn.toFixed(3)}   target ≥ ${ref.target.toFixed(3)} (${verdict})   fit ${meanFit.toFixed(2)} s/fold on ${train(frame.rows, folds)} rows`,
      );
      results.push({ dataset, kind, auc: cv.mean.auc, aucStd: cv.std.auc, target: ref.target, sklearn: ref.sklearn, fitSecondsPerFold: meanFit });
      process.stderr.write(rows[rows.length - 1] + '\n');
    }
  });
}

function train(n: number, k: number): number {
  return Math.round((n * (k - 1)) / k);
}

console.log(`${folds}-fold stratified CV (shuffled, seed ${values.seed}), example configs on ../shared/data/real:`);
for (const row of rows) console.log('  ' + row);
console.log(JSON.stringify(results));
