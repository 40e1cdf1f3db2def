/** What the hand-written solvers share: the function they minimise and what they report. */

/** A smooth function of a parameter vector of length `dim`. */
export interface SmoothFunction {
  readonly dim: number;
  /** f(x); writes ∇f(x) into `grad`. */
  valueAndGradient(x: Float64Array, grad: Float64Array): number;
  /**
   * The convergence measure for a gradient returned by `valueAndGradient`: the largest absolute
   * component of the gradient in the model's own coordinates, so `tol` means the same whatever
   * reparameterisation a solver works in.
   */
  stationarity(grad: Float64Array): number;
}

/** A smooth function whose Hessian is available too (what Newton needs). */
export interface SecondOrderFunction extends SmoothFunction {
  value(x: Float64Array): number;
  /** f(x); writes ∇f(x) into `grad` and ∇²f(x) into `hessian` (dim × dim, row-major). */
  valueGradientHessian(x: Float64Array, grad: Float64Array, hessian: Float64Array): number;
}

export interface SolverOptions {
  maxIter: number;
  /** Stop once `stationarity` ≤ tol. */
  tol: number;
  onProgress?: (message: string) => void;
}

/**
 * Why a solver stopped. `gradient`: tolerance reached. `max-iter`: budget spent. `stalled`: no
 * representable decrease left (the objective is flat to machine precision), usually because tol
 * is below what floating point can resolve for this data. `line-search`: no acceptable step.
 */
export type StopReason = 'gradient' | 'max-iter' | 'stalled' | 'line-search';

export interface SolverResult {
  x: Float64Array;
  value: number;
  /** Stationarity at `x`. */
  gradientNorm: number;
  iterations: number;
  /** Passes over the data (function, gradient or Hessian evaluations). */
  evaluations: number;
  converged: boolean;
  stopReason: StopReason;
}

export function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let j = 0; j < v.length; j++) {
    const a = Math.abs(v[j]);
    if (a > m || Number.isNaN(a)) m = a;
  }
  return m;
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}
