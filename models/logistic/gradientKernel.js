// The loss-and-gradient pass of the logistic objective over rows [start, end), in plain
// JavaScript so a worker thread can load it without the TypeScript loader. Same arithmetic as
// LogisticObjective.valueAndGradient (objective.ts); `out` receives the gradient of the loss part
// (p coefficients, then the intercept) followed by the loss, all weighted by sw.
export function partialLossGradient(data, y, sw, beta, cols, start, end, out) {
  const c4 = cols - (cols % 4);
  out.fill(0);
  let loss = 0;
  let gb = 0;
  for (let i = start, off = start * cols; i < end; i++, off += cols) {
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
    const z = z0 + z1 + (z2 + z3);
    const e = Math.exp(-Math.abs(z));
    const q = 1 / (1 + e);
    const yi = y[i];
    const s = sw[i];
    loss += s * (Math.max(z, 0) + Math.log1p(e) - yi * z);
    const r = s * ((z > 0 ? q : e * q) - yi);
    if (r === 0) continue;
    gb += r;
    j = 0;
    for (; j < c4; j += 4) {
      out[j] += r * data[off + j];
      out[j + 1] += r * data[off + j + 1];
      out[j + 2] += r * data[off + j + 2];
      out[j + 3] += r * data[off + j + 3];
    }
    for (; j < cols; j++) out[j] += r * data[off + j];
  }
  out[cols] = gb;
  out[cols + 1] = loss;
}
