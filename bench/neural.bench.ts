/**
 * Neural-net timings on a synthetic matrix (default 1M rows × 60 columns): seconds per training
 * epoch and in-process scoring throughput on the backend `auto` picks, then the same on every
 * available backend on a smaller sample, so cpu and wasm (and tfjs-node, if installed) compare.
 *
 *   node bin/run-ts.js bench/neural.bench.ts [--rows 1000000] [--cols 60] [--epochs 2]
 *     [--compare-rows 50000] [--no-compare]
 *
 * With fewer than 1M rows, per-epoch times are also given scaled linearly to 1M rows (an epoch
 * is a fixed number of steps per row), labelled as extrapolated. Prints figures only.
 */
import { cpus } from 'node:os';
import { createMatrix, type Matrix } from '../models/matrix.ts';
import type { BackendName } from '../models/neural/backend.ts';
import { NeuralNet, type NeuralNetParams } from '../models/neural/NeuralNet.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const rows = Number(option('rows', '1000000'));
const cols = Number(option('cols', '60'));
const epochs = Number(option('epochs', '2'));
const compareRows = Math.min(rows, Number(option('compare-rows', '50000')));
const compare = !args.includes('--no-compare');

/** Deterministic data: correlated Gaussian features, ~12% positives, one pairwise interaction. */
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
    let z = -2.4;
    for (let j = 0; j < p; j++) {
      const v = 0.5 * shared + 0.87 * normal();
      data[i * p + j] = v;
      z += coef[j] * v;
    }
    z += 0.8 * data[i * p] * data[i * p + 3];
    y[i] = uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: createMatrix(n, Array.from({ length: p }, (_, j) => `f${j}`), data), y };
}

function firstRows(X: Matrix, y: Uint8Array, n: number): { X: Matrix; y: Uint8Array } {
  return { X: createMatrix(n, X.columns, X.data.subarray(0, n * X.cols)), y: y.subarray(0, n) };
}

interface Timing {
  backend: BackendName;
  /** Seconds of each epoch (training pass plus the validation pass). */
  epochSeconds: number[];
  scoringRowsPerSecond: number;
}

/** Fits `maxEpochs` epochs (no early stop) timing each, then times predictProba over all rows. */
async function time(X: Matrix, y: Uint8Array, params: Partial<NeuralNetParams>): Promise<Timing> {
  const stamps: number[] = [];
  const model = new NeuralNet({ ...params, patience: 1000 });
  await model.fit(X, y, {
    onProgress: (message) => {
      if (message.includes('tfjs backend') || /epoch \d+\/\d+:/.test(message)) stamps.push(performance.now());
    },
  });
  const epochSeconds = stamps.slice(1).map((t, k) => (t - stamps[k]) / 1000);
  const timings: number[] = [];
  for (let r = 0; r < 3; r++) {
    const started = performance.now();
    model.predictProba(X);
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  const backend = model.describe().fit.backend as BackendName;
  model.dispose();
  return { backend, epochSeconds, scoringRowsPerSecond: X.rows / (timings[1] / 1000) };
}

const fmt = (x: number, digits = 2): string => x.toFixed(digits);
const count = (n: number): string => n.toLocaleString('en');

function report(label: string, n: number, t: Timing): void {
  const steady = t.epochSeconds.length > 1 ? t.epochSeconds.slice(1) : t.epochSeconds;
  const perEpoch = steady.reduce((a, b) => a + b, 0) / steady.length;
  const perMillion = (perEpoch * 1e6) / n;
  console.log(
    `${label} [${t.backend}] ${count(n)} rows: epochs ${t.epochSeconds.map((s) => fmt(s, 1)).join(', ')} s` +
      ` → ${fmt(perEpoch, 1)} s/epoch${n === 1e6 ? '' : ` (extrapolated to 1M rows: ${fmt(perMillion, 1)} s/epoch)`}` +
      `; scoring ${count(Math.round(t.scoringRowsPerSecond))} rows/s`,
  );
}

console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}`);
let t = performance.now();
const { X, y } = syntheticData(rows, cols);
const positives = y.reduce((a, b) => a + b, 0);
console.log(`data: ${count(rows)} × ${cols}, ${fmt((100 * positives) / rows, 1)}% positive, generated in ${fmt((performance.now() - t) / 1000)}s`);
const defaults: Partial<NeuralNetParams> = { maxEpochs: epochs };
console.log(`model: default params (hidden [32, 16], batch 256, validation 15%), ${epochs} epochs; the first epoch includes warm-up`);

t = performance.now();
report('auto', rows, await time(X, y, { ...defaults, backend: 'auto' }));

if (compare) {
  const sample = firstRows(X, y, compareRows);
  for (const backend of ['tensorflow', 'wasm', 'cpu'] as const) {
    try {
      report(`compare ${backend}`, compareRows, await time(sample.X, sample.y, { ...defaults, backend }));
    } catch (error) {
      console.log(`compare ${backend}: skipped (${(error as Error).message.split('\n')[0]})`);
    }
  }
}
