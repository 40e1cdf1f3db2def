/**
 * Solves A·x = b for a symmetric positive-definite A (n × n, row-major) by Cholesky
 * factorisation. `A` is overwritten by its factor; returns false when A is not numerically
 * positive definite, so the caller can regularise and retry.
 */
export function choleskySolve(A: Float64Array, n: number, b: Float64Array, x: Float64Array): boolean {
  // Lower factor L in place (A = L·Lᵀ), column by column.
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = A[rj + j];
    for (let k = 0; k < j; k++) d -= A[rj + k] * A[rj + k];
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    A[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = A[ri + j];
      for (let k = 0; k < j; k++) s -= A[ri + k] * A[rj + k];
      A[ri + j] = s / ljj;
    }
  }
  // L·u = b, then Lᵀ·x = u.
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i];
    for (let k = 0; k < i; k++) s -= A[ri + k] * x[k];
    x[i] = s / A[ri + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= A[k * n + i] * x[k];
    x[i] = s / A[i * n + i];
  }
  return true;
}
