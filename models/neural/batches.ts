/**
 * Moving rows of the float64 row-major Matrix into float32 tensors, a bounded chunk at a time:
 * a 1M × 60 matrix would be a 240 MB tensor (plus the backend's own copy). Inference does not
 * go through `model.predict`, whose default batchSize of 32 is what made an earlier 100k-row
 * call take 35 s on wasm: 16,384 rows took 3.9 s that way and 28 ms as one chunk.
 */
import * as tf from '@tensorflow/tfjs';
import type { Matrix } from '../matrix.ts';
import type { Mlp } from './mlp.ts';

/** Rows per inference call: past ~4k rows wasm throughput is flat, and 16k × 100 floats is 6 MB. */
export const PREDICT_CHUNK_ROWS = 16_384;

/** Rows `rows[start..end)` of X (or rows start..end when `rows` is null) as a float32 tensor. */
export function rowsTensor(X: Matrix, rows: ArrayLike<number> | null, start: number, end: number): tf.Tensor2D {
  const { cols, data } = X;
  const n = end - start;
  if (rows === null) return tf.tensor2d(Float32Array.from(data.subarray(start * cols, end * cols)), [n, cols], 'float32');
  const out = new Float32Array(n * cols);
  for (let k = 0; k < n; k++) {
    const from = rows[start + k] * cols;
    for (let j = 0; j < cols; j++) out[k * cols + j] = data[from + j];
  }
  return tf.tensor2d(out, [n, cols], 'float32');
}

/** The network's logits for every row of X (or for `rows`), `chunkRows` rows per tfjs call. */
export function batchedLogits(net: Mlp, X: Matrix, rows: ArrayLike<number> | null = null, chunkRows = PREDICT_CHUNK_ROWS): Float64Array {
  const n = rows === null ? X.rows : rows.length;
  const out = new Float64Array(n);
  for (let start = 0; start < n; start += chunkRows) {
    const end = Math.min(n, start + chunkRows);
    const logits = tf.tidy(() => net.logits(rowsTensor(X, rows, start, end)));
    try {
      out.set(logits.dataSync(), start);
    } finally {
      logits.dispose();
    }
  }
  return out;
}
