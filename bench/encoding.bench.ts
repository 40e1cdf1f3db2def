/**
 * Encoding throughput on a synthetic frame shaped like a real one: 30 numeric features (some
 * skewed, some with missing values) and 10 categoricals (5 to 400 categories, some missing).
 * Run: node bin/run-ts.js bench/encoding.bench.ts [rows=1000000] [repeats=3] [max_categories=50]
 *
 * Reports two transforms: `transform` (a fresh matrix for all rows) and `transformRows` in
 * batches through one reused buffer (how scoring should run). The fresh matrix is bound by the
 * cost of first touching new memory (page faults), not by the encoding.
 */
import { FrameEncoder } from '../features/encoding/frameEncoder.ts';
import type { FeatureFrame, FrameColumn } from '../features/frame/featureFrame.ts';
import { seededRandom } from '../core/random.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
const repeats = Number(process.argv[3] ?? 3);
const maxCategories = Number(process.argv[4] ?? 50);
const batchRows = 65_536;

function syntheticFrame(n: number): FeatureFrame {
  const rand = seededRandom(42);
  const columns: FrameColumn[] = [];
  for (let j = 0; j < 30; j++) {
    const values = new Float64Array(n);
    const missingRate = j % 3 === 0 ? 0.1 : 0;
    for (let i = 0; i < n; i++) {
      if (rand() < missingRate) values[i] = NaN;
      else values[i] = j % 2 === 0 ? Math.floor((-Math.log(rand())) ** 3 * 5) : rand() * 100 - 20; // counts: skewed
    }
    columns.push({ kind: 'numeric', name: `num_${j}`, values });
  }
  for (let j = 0; j < 10; j++) {
    const cardinality = [5, 12, 40, 400, 7, 25, 3, 60, 9, 150][j];
    const dictionary = Array.from({ length: cardinality }, (_, k) => `value ${k}`);
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = rand() < 0.05 ? -1 : Math.floor(rand() ** 2 * cardinality);
    columns.push({ kind: 'categorical', name: `cat_${j}`, codes, dictionary });
  }
  return {
    rows: n,
    leadIds: Array.from({ length: n }, (_, i) => `lead-${i}`),
    createdAt: new Float64Array(n).fill(NaN),
    snapshotAt: new Float64Array(n).fill(NaN),
    label: new Int8Array(n).fill(-1),
    columns,
  };
}

const frame = syntheticFrame(rows);
const train = Int32Array.from({ length: Math.floor(rows * 0.8) }, (_, i) => i);

let started = performance.now();
const encoder = new FrameEncoder({ min_category_count: 20, max_categories: maxCategories, log_skew_threshold: 2 }).fit(frame, train);
const fitMs = performance.now() - started;
const logged = encoder.featureEncoders.filter((e) => e.kind === 'numeric' && e.log).length;
console.log(`frame: ${rows} rows × ${frame.columns.length} features → ${encoder.featureNames.length} encoded columns (${logged} logged)`);
console.log(`fit (${train.length} rows): ${fitMs.toFixed(0)} ms`);

const rate = (ms: number) => (((rows / ms) * 1000) / 1e6).toFixed(2);
function measure(name: string, run: () => void): void {
  const timings: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    run();
    timings.push(performance.now() - t);
  }
  timings.sort((a, b) => a - b);
  const best = timings[0];
  const median = timings[Math.floor(timings.length / 2)];
  console.log(`${name}: best ${best.toFixed(0)} ms (${rate(best)} M rows/s), median ${median.toFixed(0)} ms (${rate(median)} M rows/s)`);
}

const buffer = new Float64Array(batchRows * encoder.featureNames.length);
measure(`transformRows, batches of ${batchRows} into one buffer`, () => {
  let checksum = 0;
  for (let start = 0; start < rows; start += batchRows) {
    const m = encoder.transformRows(frame, start, Math.min(rows, start + batchRows), buffer);
    checksum += m.data[0];
  }
  if (Number.isNaN(checksum)) throw new Error('NaN in the encoded matrix');
});
measure('transform, one fresh matrix', () => {
  const m = encoder.transform(frame);
  if (m.rows !== rows) throw new Error('wrong row count');
});
