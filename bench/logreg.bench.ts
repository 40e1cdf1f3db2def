/**
 * Logistic-regression timings on a synthetic matrix (default 1M rows × 60 columns):
 * fit with each solver, predictProba throughput, and scikit-learn's lbfgs on the same data when
 * a Python with scikit-learn is available (`/usr/bin/python3` on Debian with python3-sklearn).
 *
 *   node bin/run-ts.js bench/logreg.bench.ts [--rows 1000000] [--cols 60] [--solvers lbfgs,newton] [--no-sklearn]
 *
 * Prints figures only; nothing is asserted, because timings depend on the machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogisticRegression, type LogisticSolver } from '../models/logistic/LogisticRegression.ts';
import { LogisticObjective } from '../models/logistic/objective.ts';
import { createMatrix, type Matrix } from '../models/matrix.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const rows = Number(option('rows', '1000000'));
const cols = Number(option('cols', '60'));
const solvers = option('solvers', 'lbfgs,newton').split(',') as LogisticSolver[];
const python = option('python', '/usr/bin/python3');
const withSklearn = !args.includes('--no-sklearn');

/** Deterministic data: correlated Gaussian features, a skewed count-like column, ~10% positives. */
function syntheticData(n: number, p: number): { X: Matrix; y: Uint8Array } {
  let state = 0x9e3779b9;
  const uniform = (): number => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const coef = Float64Array.from({ length: p }, (_, j) => (j % 3 === 0 ? 0 : (uniform() - 0.5) * 0.6));
  const data = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const shared = normal();
    let z = -2.6;
    for (let j = 0; j < p; j++) {
      const v = j === p - 1 ? -Math.log(uniform()) : 0.5 * shared + 0.87 * normal();
      data[i * p + j] = v;
      z += coef[j] * v;
    }
    y[i] = uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  const columns = Array.from({ length: p }, (_, j) => `f${j}`);
  return { X: createMatrix(n, columns, data), y };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) m = Math.max(m, Math.abs(a[j] - b[j]));
  return m;
}

/** A NumPy .npy (format 1.0) file for a C-ordered array: header padded to 64 bytes, then data. */
function writeNpy(path: string, descr: string, shape: number[], bytes: Uint8Array): void {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix[6] = 1;
  prefix[7] = 0;
  prefix.writeUInt16LE(header.length, 8);
  writeFileSync(path, Buffer.concat([prefix, Buffer.from(header, 'latin1'), bytes]));
}

const SKLEARN_SCRIPT = `
import json, sys, time
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
X = np.load(sys.argv[1]); y = np.load(sys.argv[2])
started = time.perf_counter()
model = LogisticRegression(C=1.0, solver="lbfgs", max_iter=1000).fit(X, y)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "n_iter": int(model.n_iter_[0]), "coef": model.coef_[0].tolist(),
                  "intercept": float(model.intercept_[0]), "version": sklearn.__version__}))
`;

const fmt = (x: number, digits = 2): string => x.toFixed(digits);

console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}`);
let t = performance.now();
const { X, y } = syntheticData(rows, cols);
let positives = 0;
for (let i = 0; i < rows; i++) positives += y[i];
console.log(`data: ${rows.toLocaleString('en')} × ${cols}, ${fmt((100 * positives) / rows, 1)}% positive, generated in ${fmt((performance.now() - t) / 1000)}s`);

const fitted = new Map<string, LogisticRegression>();
for (const solver of solvers) {
  const model = new LogisticRegression({ solver });
  model.fit(X, y);
  const fit = model.describe().fit;
  fitted.set(solver, model);
  console.log(
    `fit ${solver}: ${fmt(fit.seconds as number)}s, ${fit.iterations} iterations, ${fit.evaluations} data passes, converged=${fit.converged} (${fit.stopReason}), max|grad| ${(fit.gradientNorm as number).toExponential(2)}, objective ${(fit.objective as number).toFixed(4)}`,
  );
}
const models = [...fitted.values()];
if (models.length >= 2) {
  const [a, b] = models;
  console.log(`max |Δcoef| ${solvers[0]} vs ${solvers[1]}: ${Math.max(maxAbsDiff(a.coef, b.coef), Math.abs(a.intercept - b.intercept)).toExponential(2)}`);
}

const model = models[0];
const timings: number[] = [];
let sink = 0;
for (let r = 0; r < 7; r++) {
  t = performance.now();
  const p = model.predictProba(X);
  timings.push(performance.now() - t);
  sink += p[r];
}
timings.sort((a, b) => a - b);
const median = timings[Math.floor(timings.length / 2)];
console.log(`predictProba: median ${fmt(median, 0)} ms for ${rows.toLocaleString('en')} rows × ${cols} = ${fmt(rows / median / 1000, 1)}M rows/s (best ${fmt(rows / timings[0] / 1000, 1)}M rows/s)${sink < 0 ? '' : ''}`);

if (withSklearn) {
  const probe = spawnSync(python, ['-c', 'import sklearn'], { encoding: 'utf8' });
  if (!existsSync(python) || probe.status !== 0) {
    console.log(`sklearn: skipped (${python} cannot import sklearn)`);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'logreg-bench-'));
    try {
      writeNpy(join(dir, 'X.npy'), '<f8', [rows, cols], new Uint8Array(X.data.buffer, X.data.byteOffset, X.data.byteLength));
      writeNpy(join(dir, 'y.npy'), '|u1', [rows], y);
      const run = spawnSync(python, ['-c', SKLEARN_SCRIPT, join(dir, 'X.npy'), join(dir, 'y.npy')], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (run.status !== 0) throw new Error(run.stderr);
      const sk = JSON.parse(run.stdout) as { seconds: number; n_iter: number; coef: number[]; intercept: number; version: string };
      // Judge both answers by the same yardstick: max |gradient| of our scaled objective.
      const objective = new LogisticObjective(X.data, rows, cols, y, new Float64Array(rows).fill(1), 1);
      const beta = Float64Array.from([...sk.coef, sk.intercept]);
      const grad = new Float64Array(cols + 1);
      objective.valueAndGradient(beta, grad);
      const ours = fitted.get('lbfgs') ?? model;
      const ourSeconds = ours.describe().fit.seconds as number;
      console.log(
        `sklearn ${sk.version} lbfgs (default tol, 2 threads): ${fmt(sk.seconds)}s, ${sk.n_iter} iterations, max|grad| ${objective.stationarity(grad).toExponential(2)}; ` +
          `max |Δcoef| vs ours ${Math.max(maxAbsDiff(sk.coef, ours.coef), Math.abs(sk.intercept - ours.intercept)).toExponential(2)}`,
      );
      console.log(`ratio ours (${ours.describe().fit.solver}) / sklearn lbfgs: ${fmt(ourSeconds / sk.seconds)}×`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
