import { strongWolfeSearch } from './lineSearch.ts';
import { dot, type SmoothFunction, type SolverOptions, type SolverResult, type StopReason } from './solver.ts';

/** Correction pairs kept: 10 is scikit-learn's (SciPy's) default and plenty for p ≤ a few hundred. */
const MEMORY = 10;
/**
 * Relative decrease below which the objective counts as flat (SciPy's `ftol` default for
 * scikit-learn is 64·ε as well): further progress would be rounding noise.
 */
const FLAT = 64 * Number.EPSILON;

/**
 * Limited-memory BFGS with a strong-Wolfe line search. Each iteration costs one function-and-
 * gradient evaluation in the common case (the unit step is accepted) plus O(MEMORY·dim) vector
 * work, so for 1M rows the data pass dominates. Every buffer is allocated once up front.
 */
export function lbfgs(f: SmoothFunction, x0: Float64Array, options: SolverOptions): SolverResult {
  const dim = f.dim;
  const { maxIter, tol, onProgress } = options;
  let x = Float64Array.from(x0);
  let g = new Float64Array(dim);
  let xNew = new Float64Array(dim);
  let gNew = new Float64Array(dim);
  const d = new Float64Array(dim);
  const S = new Float64Array(MEMORY * dim);
  const Y = new Float64Array(MEMORY * dim);
  const rho = new Float64Array(MEMORY);
  const alpha = new Float64Array(MEMORY);
  let stored = 0;
  let newest = -1;
  let gammaScale = 1;

  let value = f.valueAndGradient(x, g);
  let evaluations = 1;
  let gradientNorm = f.stationarity(g);
  let iterations = 0;
  let stopReason: StopReason = 'max-iter';

  while (true) {
    if (gradientNorm <= tol) {
      stopReason = 'gradient';
      break;
    }
    if (iterations >= maxIter) break;

    twoLoop(g, d, S, Y, rho, alpha, stored, newest, dim, gammaScale);
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Curvature pairs spoiled by rounding can yield an ascent direction: restart from −g.
      stored = 0;
      gammaScale = 1;
      for (let j = 0; j < dim; j++) d[j] = -g[j];
      slope = -dot(g, g);
    }
    // Without curvature history the scale of −g is arbitrary: start with a step of unit length.
    const initial = stored === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let search = strongWolfeSearch(f, x, value, d, slope, initial, { xOut: xNew, gOut: gNew });
    evaluations += search.evaluations;
    if (!search.ok && stored > 0) {
      stored = 0;
      gammaScale = 1;
      for (let j = 0; j < dim; j++) d[j] = -g[j];
      slope = -dot(g, g);
      search = strongWolfeSearch(f, x, value, d, slope, Math.min(1, 1 / Math.sqrt(-slope)), { xOut: xNew, gOut: gNew });
      evaluations += search.evaluations;
    }
    if (!search.ok) {
      stopReason = 'line-search';
      break;
    }
    iterations++;

    // New correction pair s = xNew − x, y = gNew − g, kept only if its curvature is positive
    // (a rejected pair must not overwrite the oldest kept one).
    let sy = 0;
    let yy = 0;
    for (let j = 0; j < dim; j++) {
      const s = xNew[j] - x[j];
      const yv = gNew[j] - g[j];
      sy += s * yv;
      yy += yv * yv;
    }
    if (sy > 1e-12 * yy && yy > 0) {
      const slot = (newest + 1) % MEMORY;
      const o = slot * dim;
      for (let j = 0; j < dim; j++) {
        S[o + j] = xNew[j] - x[j];
        Y[o + j] = gNew[j] - g[j];
      }
      rho[slot] = 1 / sy;
      newest = slot;
      stored = Math.min(stored + 1, MEMORY);
      gammaScale = sy / yy;
    }

    const previous = value;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    value = search.value;
    gradientNorm = f.stationarity(g);
    if (onProgress && iterations % 10 === 0) {
      onProgress(`lbfgs iteration ${iterations}: objective ${value.toPrecision(10)}, max |gradient| ${gradientNorm.toExponential(2)}`);
    }
    if (gradientNorm > tol && previous - value <= FLAT * Math.max(Math.abs(previous), Math.abs(value), 1)) {
      stopReason = 'stalled';
      break;
    }
  }

  return { x, value, gradientNorm, iterations, evaluations, converged: gradientNorm <= tol, stopReason };
}

/** d = −H·g by the two-loop recursion over the stored pairs, newest first (N&W Algorithm 7.4). */
function twoLoop(
  g: Float64Array,
  d: Float64Array,
  S: Float64Array,
  Y: Float64Array,
  rho: Float64Array,
  alpha: Float64Array,
  stored: number,
  newest: number,
  dim: number,
  gammaScale: number,
): void {
  for (let j = 0; j < dim; j++) d[j] = -g[j];
  for (let k = 0; k < stored; k++) {
    const slot = (newest - k + MEMORY) % MEMORY;
    const o = slot * dim;
    let a = 0;
    for (let j = 0; j < dim; j++) a += S[o + j] * d[j];
    a *= rho[slot];
    alpha[slot] = a;
    for (let j = 0; j < dim; j++) d[j] -= a * Y[o + j];
  }
  for (let j = 0; j < dim; j++) d[j] *= gammaScale;
  for (let k = stored - 1; k >= 0; k--) {
    const slot = (newest - k + MEMORY) % MEMORY;
    const o = slot * dim;
    let b = 0;
    for (let j = 0; j < dim; j++) b += Y[o + j] * d[j];
    b *= rho[slot];
    const a = alpha[slot];
    for (let j = 0; j < dim; j++) d[j] += (a - b) * S[o + j];
  }
}

