import type { LogisticObjective } from './objective.ts';
import type { SecondOrderFunction } from './solver.ts';

/**
 * The logistic objective seen in standardised coordinates, without copying the data:
 * u_j = w_j·σ_j and c = b + Σ_j μ_j·w_j, i.e. the model written on (x_j − μ_j)/σ_j. It is an
 * exact change of variables (the penalty still applies to the original w), so its minimiser maps
 * back to the very same (w, b); it only changes the geometry L-BFGS sees. Raw lead features mix
 * scales (counts in the thousands next to 0/1 flags) and non-zero means couple every coefficient
 * to the intercept; both slow L-BFGS down by orders of magnitude and make the raw Hessian too
 * ill-conditioned for an accurate Cholesky solve in Newton.
 */
export class StandardisedObjective implements SecondOrderFunction {
  readonly dim: number;
  private readonly inner: LogisticObjective;
  private readonly mean: Float64Array;
  private readonly scale: Float64Array;
  private readonly invScale: Float64Array;
  private readonly beta: Float64Array;
  private readonly grad: Float64Array;

  /** `mean` and `scale` have one entry per column; scales must be positive. */
  constructor(inner: LogisticObjective, mean: Float64Array, scale: Float64Array) {
    this.inner = inner;
    this.dim = inner.dim;
    this.mean = mean;
    this.scale = scale;
    this.invScale = scale.map((v) => 1 / v);
    this.beta = new Float64Array(inner.dim);
    this.grad = new Float64Array(inner.dim);
  }

  /** Original (w, b) from standardised (u, c). */
  toOriginal(u: Float64Array, beta: Float64Array): void {
    const p = this.dim - 1;
    let shift = 0;
    for (let j = 0; j < p; j++) {
      beta[j] = u[j] / this.scale[j];
      shift += this.mean[j] * beta[j];
    }
    beta[p] = u[p] - shift;
  }

  /** Standardised (u, c) from original (w, b). */
  fromOriginal(beta: Float64Array, u: Float64Array): void {
    const p = this.dim - 1;
    let shift = 0;
    for (let j = 0; j < p; j++) {
      u[j] = beta[j] * this.scale[j];
      shift += this.mean[j] * beta[j];
    }
    u[p] = beta[p] + shift;
  }

  value(u: Float64Array): number {
    this.toOriginal(u, this.beta);
    return this.inner.value(this.beta);
  }

  valueAndGradient(u: Float64Array, gu: Float64Array): number {
    this.toOriginal(u, this.beta);
    const value = this.inner.valueAndGradient(this.beta, this.grad);
    this.gradientToStandardised(this.grad, gu);
    return value;
  }

  valueGradientHessian(u: Float64Array, gu: Float64Array, hessian: Float64Array): number {
    const p = this.dim - 1;
    this.toOriginal(u, this.beta);
    const value = this.inner.valueGradientGram(this.beta, this.grad, hessian, this.mean, this.invScale);
    this.gradientToStandardised(this.grad, gu);
    // The penalty (λ/2)·Σ (u_j/σ_j)² adds λ/σ_j² to the diagonal.
    const lambda = this.inner.lambda;
    for (let j = 0; j < p; j++) hessian[j * this.dim + j] += lambda * this.invScale[j] * this.invScale[j];
    return value;
  }

  /** Chain rule: ∂/∂u_j = (∂/∂w_j − μ_j·∂/∂b) / σ_j and ∂/∂c = ∂/∂b. */
  private gradientToStandardised(g: Float64Array, gu: Float64Array): void {
    const p = this.dim - 1;
    const gb = g[p];
    for (let j = 0; j < p; j++) gu[j] = (g[j] - this.mean[j] * gb) * this.invScale[j];
    gu[p] = gb;
  }

  /** Max |∇F| in the original coordinates, so tol means what it means for Newton. */
  stationarity(gu: Float64Array): number {
    const p = this.dim - 1;
    const gb = gu[p];
    let m = Math.abs(gb);
    for (let j = 0; j < p; j++) {
      const a = Math.abs(gu[j] * this.scale[j] + this.mean[j] * gb);
      if (a > m || Number.isNaN(a)) m = a;
    }
    return m;
  }
}
