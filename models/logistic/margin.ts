/**
 * b + x·w for the row of `data` starting at `off`, with `beta` = [w…, b]. The hottest loop of
 * fitting and scoring: four independent accumulators let V8 overlap the multiply-adds, which it
 * does not vectorise on its own.
 */
export function margin(data: Float64Array, off: number, beta: Float64Array, cols: number): number {
  const c4 = cols - (cols % 4);
  let z0 = beta[cols];
  let z1 = 0;
  let z2 = 0;
  let z3 = 0;
  let j = 0;
  for (; j < c4; j += 4) {
    z0 += data[off + j] * beta[j];
    z1 += data[off + j + 1] * beta[j + 1];
    z2 += data[off + j + 2] * beta[j + 2];
    z3 += data[off + j + 3] * beta[j + 3];
  }
  for (; j < cols; j++) z0 += data[off + j] * beta[j];
  return sumLanes(z0, z1, z2, z3);
}

/**
 * The partial sum of `margin` that column j of a `cols`-column row is added to (the columns
 * after the last full group of four go to the first). A scorer that adds only a row's non-zero
 * terms, lane by lane in column order, and closes with sumLanes gets margin's result to the
 * last bit: the terms it skips are exact zeros, which change no partial sum.
 */
export function marginLane(j: number, cols: number): number {
  return j < cols - (cols % 4) ? j & 3 : 0;
}

/** margin's closing sum of its partial sums (z0 starts from the intercept). */
export function sumLanes(z0: number, z1: number, z2: number, z3: number): number {
  return z0 + z1 + (z2 + z3);
}

/** The logistic function, without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
