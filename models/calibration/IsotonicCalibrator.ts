/**
 * Isotonic calibration: the non-decreasing step function of the model's probability that best
 * fits the held-out labels in squared error, found by pool-adjacent-violators. Matches
 * scikit-learn's IsotonicRegression(out_of_bounds='clip'): tied scores are first merged into one
 * point (their mean label, weighted by their count); the fit is kept as the first and last
 * score of every pooled block, interpolated linearly in between (flat within a block, a ramp
 * from one block to the next), and clipped to the end values outside the scores seen.
 *
 * It can correct any monotone distortion, not only a sigmoid one, but needs more held-out rows
 * than Platt scaling (a few hundred per class) and can return exactly 0 or 1 at the ends.
 */
import { z } from 'zod';
import { NotFittedError } from '../../core/errors.ts';
import type { Labels } from '../estimator.ts';
import { checkCalibrationData, checkProbabilities, invalidCalibratorState, type Calibrator } from './calibrator.ts';

const KIND = 'isotonic';

export interface IsotonicFit {
  rows: number;
  positives: number;
  /** Pooled blocks: distinct calibrated values. */
  blocks: number;
}

export interface IsotonicCalibratorJSON {
  kind: typeof KIND;
  format: 1;
  /** Model probabilities, strictly increasing. */
  x: number[];
  /** Calibrated probability at each x, non-decreasing. */
  y: number[];
  fit: IsotonicFit;
}

const probability = z.number().min(0).max(1);

const stateSchema = z
  .strictObject({
    kind: z.literal(KIND),
    format: z.literal(1),
    x: z.array(probability).min(1),
    y: z.array(probability).min(1),
    fit: z.strictObject({
      rows: z.number().int().nonnegative(),
      positives: z.number().int().nonnegative(),
      blocks: z.number().int().nonnegative(),
    }),
  })
  .refine((s) => s.x.length === s.y.length, 'x and y must have the same length')
  .refine((s) => s.x.every((v, i) => i === 0 || v > s.x[i - 1]), 'x must be strictly increasing')
  .refine((s) => s.y.every((v, i) => i === 0 || v >= s.y[i - 1]), 'y must be non-decreasing');

export class IsotonicCalibrator implements Calibrator {
  readonly kind = KIND;
  private state: { x: Float64Array; y: Float64Array; fit: IsotonicFit } | null = null;

  get fitted(): boolean {
    return this.state !== null;
  }

  /** The fitted knots (model probability → calibrated probability), for reports and plots. */
  get knots(): { x: Float64Array; y: Float64Array } {
    const { x, y } = this.fittedState();
    return { x: x.slice(), y: y.slice() };
  }

  fit(probabilities: ArrayLike<number>, y: Labels): this {
    checkCalibrationData('IsotonicCalibrator', probabilities, y);
    const n = y.length;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => probabilities[a] - probabilities[b]);

    // Blocks on a stack; pooling compares means by cross-multiplying counts, exact for 0/1 labels.
    const first = new Float64Array(n);
    const last = new Float64Array(n);
    const sum = new Float64Array(n);
    const weight = new Float64Array(n);
    let top = -1;
    let positives = 0;
    for (let k = 0; k < n; ) {
      const x = probabilities[order[k]];
      let s = 0;
      let w = 0;
      while (k < n && probabilities[order[k]] === x) {
        s += y[order[k]];
        w++;
        k++;
      }
      positives += s;
      top++;
      first[top] = x;
      last[top] = x;
      sum[top] = s;
      weight[top] = w;
      // scikit-learn pools equal means too, so block means end strictly increasing.
      while (top > 0 && sum[top - 1] * weight[top] >= sum[top] * weight[top - 1]) {
        sum[top - 1] += sum[top];
        weight[top - 1] += weight[top];
        last[top - 1] = last[top];
        top--;
      }
    }
    const xs: number[] = [];
    const ys: number[] = [];
    for (let b = 0; b <= top; b++) {
      const mean = sum[b] / weight[b];
      xs.push(first[b]);
      ys.push(mean);
      if (last[b] !== first[b]) {
        xs.push(last[b]);
        ys.push(mean);
      }
    }
    this.state = { x: Float64Array.from(xs), y: Float64Array.from(ys), fit: { rows: n, positives, blocks: top + 1 } };
    return this;
  }

  transform(probabilities: ArrayLike<number>): Float64Array {
    const { x, y } = this.fittedState();
    checkProbabilities('IsotonicCalibrator.transform', probabilities);
    const out = new Float64Array(probabilities.length);
    for (let i = 0; i < out.length; i++) out[i] = interpolate(x, y, probabilities[i]);
    return out;
  }

  toJSON(): IsotonicCalibratorJSON {
    const { x, y, fit } = this.fittedState();
    return { kind: KIND, format: 1, x: Array.from(x), y: Array.from(y), fit: { ...fit } };
  }

  static fromJSON(json: unknown): IsotonicCalibrator {
    const parsed = stateSchema.safeParse(json);
    if (!parsed.success) throw invalidCalibratorState('isotonic calibrator', z.prettifyError(parsed.error));
    const calibrator = new IsotonicCalibrator();
    const { x, y, fit } = parsed.data;
    calibrator.state = { x: Float64Array.from(x), y: Float64Array.from(y), fit: { ...fit } };
    return calibrator;
  }

  private fittedState() {
    if (!this.state) throw new NotFittedError('isotonic calibrator');
    return this.state;
  }
}

/** numpy.interp on strictly increasing knots: linear in between, the end values outside. */
function interpolate(x: Float64Array, y: Float64Array, p: number): number {
  const n = x.length;
  if (p <= x[0]) return y[0];
  if (p >= x[n - 1]) return y[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x[mid] <= p) lo = mid;
    else hi = mid;
  }
  return y[lo] + ((p - x[lo]) * (y[hi] - y[lo])) / (x[hi] - x[lo]);
}
