/**
 * Models at scale (`npm run bench:1m`): on the generated 1M-lead CRM's training set, the
 * logistic regression's fit time next to scikit-learn's lbfgs on the very same matrix (when
 * Debian's python3-sklearn is installed), the neural net's seconds per epoch and backend, and
 * in-process scoring throughput of both. Targets: LR fit ≤ scikit-learn's time; LR scoring
 * ≥ 1M rows/s.
 *
 *   npm run bench:1m
 *   npm run bench:1m -- --leads 200000 --epochs 1
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { silentProgress } from '../core/progress.ts';
import { LogisticRegression } from '../models/logistic/LogisticRegression.ts';
import { NeuralNet } from '../models/neural/NeuralNet.ts';
import { prepareTrainingData } from '../pipelines/buildTrainingSet.ts';
import { encoderFor, labelsOf } from '../pipelines/modelRecipe.ts';
import { demoConfig } from '../pipelines/runDemo.ts';
import { withWorkspace } from '../pipelines/withWorkspace.ts';
import { benchCrm } from './sampleCrm.ts';

const { values } = parseArgs({
  options: {
    leads: { type: 'string', default: '1000000' },
    epochs: { type: 'string', default: '2' },
    out: { type: 'string', default: 'bench-out' },
  },
});
const leads = Number(values.leads);
const { root, dataDir } = await benchCrm(leads, values.out);
const config = demoConfig(dataDir, join(root, 'models-out'), { label: { window_days: 90, as_of: '2026-06-30T23:59:59Z' } });

const { frame } = await withWorkspace(config.output.dir, (connection) => prepareTrainingData(connection, config, silentProgress));
const X = encoderFor(config).fit(frame).transform(frame);
const y = labelsOf(frame);
process.stderr.write(`training matrix: ${X.rows} rows × ${X.cols} encoded columns\n`);

const seconds = (started: number) => (performance.now() - started) / 1000;

let started = performance.now();
const lr = new LogisticRegression({ C: 1, solver: 'lbfgs' }).fit(X, y);
const lrFit = seconds(started);
const lrFacts = lr.describe().fit;
process.stderr.write(`logistic regression (lbfgs): ${lrFit.toFixed(1)} s, ${String(lrFacts.iterations)} iterations\n`);

started = performance.now();
new LogisticRegression({ C: 1, solver: 'auto' }).fit(X, y);
const lrAutoFit = seconds(started);

let sklearn: { seconds: number; iterations: number } | null = null;
if (existsSync('/usr/bin/python3')) {
  const xPath = join(root, 'X.f64');
  const yPath = join(root, 'y.u8');
  writeFileSync(xPath, new Uint8Array(X.data.buffer, X.data.byteOffset, X.data.byteLength));
  writeFileSync(yPath, y);
  const script = `
import json, time, numpy as np
try:
    from sklearn.linear_model import LogisticRegression
except ImportError:
    print(json.dumps(None)); raise SystemExit
X = np.fromfile(${JSON.stringify(xPath)}, dtype=np.float64).reshape(${X.rows}, ${X.cols})
y = np.fromfile(${JSON.stringify(yPath)}, dtype=np.uint8)
t = time.perf_counter(); m = LogisticRegression(C=1.0, solver='lbfgs', max_iter=1000).fit(X, y)
print(json.dumps({"seconds": time.perf_counter() - t, "iterations": int(m.n_iter_[0])}))`;
  try {
    sklearn = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' }).trim());
  } catch (error) {
    process.stderr.write(`scikit-learn run failed: ${(error as Error).message}\n`);
  }
}

started = performance.now();
const p = lr.predictProba(X);
const lrRowsPerSecond = X.rows / seconds(started);

const epochs = Number(values.epochs);
const net = new NeuralNet({ maxEpochs: epochs, validationFraction: 0, patience: epochs });
started = performance.now();
await net.fit(X, y);
const netFit = seconds(started);
const netFacts = net.describe().fit;
started = performance.now();
net.predictProba(X);
const netRowsPerSecond = X.rows / seconds(started);

const report = {
  leads,
  matrix: { rows: X.rows, cols: X.cols },
  logreg: {
    lbfgsSeconds: lrFit,
    autoSolverSeconds: lrAutoFit,
    iterations: lrFacts.iterations,
    sklearnLbfgsSeconds: sklearn?.seconds ?? null,
    ratioToSklearn: sklearn ? lrFit / sklearn.seconds : null,
    scoringRowsPerSecond: lrRowsPerSecond,
  },
  neural: { backend: netFacts.backend, epochs, secondsPerEpoch: netFit / epochs, scoringRowsPerSecond: netRowsPerSecond },
  meanProbability: p.reduce((s, v) => s + v, 0) / p.length,
};
console.log(`models on the ${leads}-lead sample's training set (${X.rows} × ${X.cols}):`);
console.log(`  logistic regression fit: lbfgs ${lrFit.toFixed(1)} s, auto solver ${lrAutoFit.toFixed(1)} s` +
  (sklearn ? `; scikit-learn lbfgs ${sklearn.seconds.toFixed(1)} s (${sklearn.iterations} it) → ratio ${(lrFit / sklearn.seconds).toFixed(2)}×` : '; scikit-learn not installed'));
console.log(`  logistic regression scoring: ${(lrRowsPerSecond / 1e6).toFixed(2)}M rows/s (target ≥ 1M)`);
console.log(`  neural net: ${(netFit / epochs).toFixed(1)} s/epoch on backend ${String(netFacts.backend)}; scoring ${(netRowsPerSecond / 1e6).toFixed(2)}M rows/s`);
console.log(JSON.stringify(report));
