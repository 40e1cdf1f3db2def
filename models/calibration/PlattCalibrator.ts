/**
 * Platt scaling: a logistic regression of the label on the model's log-odds,
 * calibrated = σ(slope · logit(p) + intercept). As scikit-learn's `_sigmoid_calibration`, the
 * targets are Platt's smoothed ones, (N₊ + 1)/(N₊ + 2) for positives and 1/(N₋ + 2) for
 * negatives, so a holdout without errors does not push the fit to infinite slope. scikit-learn
 * stores the same fit as a_ = −slope, b_ = −intercept.
 *
 * With two parameters the optimum is found exactly: Newton's method with a backtracking line
 * search (Lin, Lin and Weng, "A note on Platt's probabilistic outputs", 2007) converges in a
 * handful of iterations to machine precision, where scikit-learn's L-BFGS stops at gtol 1e-6.
 */
import { z } from 'zod';
import { NotFittedError } from '../../core/errors.ts';
import type { Labels } from '../estimator.ts';
import { checkCalibrationData, checkProbabilities, invalidCalibratorState, type Calibrator } from './calibrator.ts';
import { logit, sigmoid, softplus } from './logit.ts';

const KIND = 'platt';

export interface PlattFit {
  iterations: number;
  converged: boolean;
  /** Rows calibrated on, and the positives among them. */
  rows: number;
  positives: number;
}

export interface PlattCalibratorJSON {
  kind: typeof KIND;
  format: 1;
  slope: number;
  intercept: number;
  fit: PlattFit;
}

const stateSchema = z.strictObject({
  kind: z.literal(KIND),
  format: z.literal(1),
  slope: z.number().refine(Number.isFinite, 'must be finite'),
  intercept: z.number().refine(Number.isFinite, 'must be finite'),
  fit: z.strictObject({
    iterations: z.number().int().nonnegative(),
    converged: z.boolean(),
    rows: z.number().int().nonnegative(),
    positives: z.number().int().nonnegative(),
  }),
});

const MAX_ITERATIONS = 100;
/** Lin et al.'s ridge on the Hessian: keeps Newton defined when every score is the same. */
const HESSIAN_RIDGE = 1e-12;
const MIN_STEP = 1e-10;

export class PlattCalibrator implements Calibrator {
  readonly kind = KIND;
  private state: { slope: number; intercept: number; fit: PlattFit } | null = null;

  get fitted(): boolean {
    return this.state !== null;
  }

  /** Calibrated log-odds per unit of the model's log-odds (1 = no change of spread). */
  get slope(): number {
    return this.fittedState().slope;
  }

  get intercept(): number {
    return this.fittedState().intercept;
  }

  get fitFacts(): PlattFit {
    return { ...this.fittedState().fit };
  }

  fit(probabilities: ArrayLike<number>, y: Labels): this {
    checkCalibrationData('PlattCalibrator', probabilities, y);
    const n = y.length;
    const f = new Float64Array(n);
    for (let i = 0; i < n; i++) f[i] = logit(probabilities[i]);
    let positives = 0;
    for (let i = 0; i < n; i++) positives += y[i];
    const negatives = n - positives;
    const hi = (positives + 1) / (positives + 2);
    const lo = 1 / (negatives + 2);
    const target = new Float64Array(n);
    for (let i = 0; i < n; i++) target[i] = y[i] === 1 ? hi : lo;
    const solution = newton(f, target, Math.log((positives + 1) / (negatives + 1)));
    this.state = { slope: solution.slope, intercept: solution.intercept, fit: { ...solution.facts, rows: n, positives } };
    return this;
  }

  transform(probabilities: ArrayLike<number>): Float64Array {
    const { slope, intercept } = this.fittedState();
    checkProbabilities('PlattCalibrator.transform', probabilities);
    const out = new Float64Array(probabilities.length);
    for (let i = 0; i < out.length; i++) out[i] = sigmoid(slope * logit(probabilities[i]) + intercept);
    return out;
  }

  toJSON(): PlattCalibratorJSON {
    const { slope, intercept, fit } = this.fittedState();
    return { kind: KIND, format: 1, slope, intercept, fit: { ...fit } };
  }

  static fromJSON(json: unknown): PlattCalibrator {
    const parsed = stateSchema.safeParse(json);
    if (!parsed.success) throw invalidCalibratorState('Platt calibrator', z.prettifyError(parsed.error));
    const calibrator = new PlattCalibrator();
    const { slope, intercept, fit } = parsed.data;
    calibrator.state = { slope, intercept, fit: { ...fit } };
    return calibrator;
  }

  private fittedState() {
    if (!this.state) throw new NotFittedError('Platt calibrator');
    return this.state;
  }
}

/** Cross-entropy of soft targets t under σ(a·f + b), summed over rows. */
function objective(f: Float64Array, t: Float64Array, a: number, b: number): number {
  let sum = 0;
  for (let i = 0; i < f.length; i++) {
    const z = a * f[i] + b;
    sum += softplus(z) - t[i] * z;
  }
  return sum;
}

function newton(f: Float64Array, t: Float64Array, intercept0: number) {
  let a = 0;
  let b = intercept0;
  let value = objective(f, t, a, b);
  let iterations = 0;
  let converged = false;
  while (iterations < MAX_ITERATIONS) {
    let ga = 0;
    let gb = 0;
    let haa = HESSIAN_RIDGE;
    let hab = 0;
    let hbb = HESSIAN_RIDGE;
    for (let i = 0; i < f.length; i++) {
      const q = sigmoid(a * f[i] + b);
      const r = q - t[i];
      const w = q * (1 - q);
      ga += r * f[i];
      gb += r;
      haa += w * f[i] * f[i];
      hab += w * f[i];
      hbb += w;
    }
    // The gradient is a sum over rows; below this it is rounding noise.
    if (Math.max(Math.abs(ga), Math.abs(gb)) <= 1e-12 * f.length) {
      converged = true;
      break;
    }
    iterations++;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(haa * gb - hab * ga) / det;
    const slopeAlongStep = ga * da + gb * db;
    // −slopeAlongStep is the Newton decrement: twice the decrease a full step would bring. Once it
    // is below the rounding of the summed objective, a line search can no longer judge steps, but
    // this close to the optimum a full Newton step is safe and squares the remaining error.
    if (-slopeAlongStep <= 1e-12 * (1 + Math.abs(value))) {
      a += da;
      b += db;
      converged = true;
      break;
    }
    let step = 1;
    let accepted = false;
    while (step >= MIN_STEP) {
      const candidate = objective(f, t, a + step * da, b + step * db);
      if (candidate <= value + 1e-4 * step * slopeAlongStep) {
        a += step * da;
        b += step * db;
        value = candidate;
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) break;
  }
  return { slope: a, intercept: b, facts: { iterations, converged } };
}
