import { choleskySolve } from './cholesky.ts';
import { dot, type SecondOrderFunction, type SolverOptions, type SolverResult, type StopReason } from './solver.ts';

const ARMIJO = 1e-4;
const MAX_HALVINGS = 30;
/** A relative decrease this small is rounding noise (the threshold L-BFGS uses too). */
const FLAT = 64 * Number.EPSILON;

/**
 * Damped Newton (equivalently IRLS) with the exact Hessian: each iteration solves H·d = −g by
 * Cholesky and backtracks until the objective decreases enough. The penalised logistic
 * objective is strictly convex in w and smooth, so from the intercept-only start this takes
 * full steps after the first one or two and converges quadratically, to machine precision in
 * well under 20 iterations.
 */
export function newton(objective: SecondOrderFunction, x0: Float64Array, options: SolverOptions): SolverResult {
  const dim = objective.dim;
  const { maxIter, tol, onProgress } = options;
  let x = Float64Array.from(x0);
  let trial = new Float64Array(dim);
  const g = new Float64Array(dim);
  const H = new Float64Array(dim * dim);
  const rhs = new Float64Array(dim);
  const step = new Float64Array(dim);
  let iterations = 0;
  let evaluations = 0;
  let stopReason: StopReason = 'max-iter';
  let value = 0;
  let gradientNorm = Infinity;
  let flat = false;

  while (true) {
    value = objective.valueGradientHessian(x, g, H);
    evaluations++;
    gradientNorm = objective.stationarity(g);
    if (onProgress) {
      onProgress(`newton iteration ${iterations}: objective ${value.toPrecision(12)}, max |gradient| ${gradientNorm.toExponential(2)}`);
    }
    if (gradientNorm <= tol) {
      stopReason = 'gradient';
      break;
    }
    if (flat) {
      // The last step was accepted only by rounding noise: no further step can improve.
      stopReason = 'stalled';
      break;
    }
    if (iterations >= maxIter) break;

    solveNewtonSystem(H, g, rhs, step, dim);
    let slope = dot(g, step);
    if (!(slope < 0)) {
      // Only reachable if the Hessian solve failed numerically: fall back to steepest descent.
      for (let j = 0; j < dim; j++) step[j] = -g[j];
      slope = -dot(g, g);
    }

    let t = 1;
    let accepted = false;
    let trialValue = value;
    for (let k = 0; k < MAX_HALVINGS; k++) {
      for (let j = 0; j < dim; j++) trial[j] = x[j] + t * step[j];
      trialValue = objective.value(trial);
      evaluations++;
      if (trialValue <= value + ARMIJO * t * slope) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      // Near the optimum the predicted decrease falls below the rounding error of the summed
      // loss; Armijo then cannot be verified although the point is as good as it gets.
      stopReason = Math.abs(slope) <= 1e-12 * Math.max(1, Math.abs(value)) ? 'stalled' : 'line-search';
      break;
    }
    [x, trial] = [trial, x];
    iterations++;
    flat = value - trialValue <= FLAT * Math.max(Math.abs(value), 1);
  }

  return { x, value, gradientNorm, iterations, evaluations, converged: gradientNorm <= tol, stopReason };
}

/**
 * step = −H⁻¹·g. H is positive definite in exact arithmetic (λ·I on w, and the intercept's
 * curvature Σ s_i p_i(1 − p_i) > 0), but saturated probabilities can make it numerically
 * singular, so failed factorisations retry with a growing ridge on the diagonal.
 */
function solveNewtonSystem(H: Float64Array, g: Float64Array, rhs: Float64Array, step: Float64Array, dim: number): void {
  const saved = Float64Array.from(H);
  let maxDiagonal = 0;
  for (let j = 0; j < dim; j++) maxDiagonal = Math.max(maxDiagonal, Math.abs(H[j * dim + j]));
  let ridge = 0;
  for (let attempt = 0; attempt < 12; attempt++) {
    if (attempt > 0) {
      H.set(saved);
      ridge = ridge === 0 ? 1e-12 * Math.max(maxDiagonal, 1e-300) : ridge * 100;
      for (let j = 0; j < dim; j++) H[j * dim + j] += ridge;
    }
    for (let j = 0; j < dim; j++) rhs[j] = -g[j];
    if (choleskySolve(H, dim, rhs, step)) return;
  }
  step.fill(0);
}
