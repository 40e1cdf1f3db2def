/**
 * Binary-classification metrics for lead scores, matching scikit-learn's definitions where it
 * has one (roc_auc_score, average_precision_score, log_loss, brier_score_loss). Labels are 1 for
 * converted, 0 otherwise; scores are probabilities or anything monotone in them for the ranking
 * metrics. Metrics that need both classes return NaN when one is missing (a tiny holdout can
 * lack positives; NaN shows up in a report where an exception would abort a whole run).
 */
import { InputError } from '../../core/errors.ts';
import type { Labels } from '../estimator.ts';

/** Area under the ROC curve; tied scores count half (average rank). O(n log n). */
export function rocAuc(y: Labels, score: ArrayLike<number>): number {
  const curve = thresholdCurve(y, score, 'rocAuc');
  if (curve.positives === 0 || curve.negatives === 0) return NaN;
  // Trapezoids between consecutive distinct thresholds: a tie group is a diagonal segment,
  // which is exactly the Mann–Whitney statistic with average ranks.
  let area = 0;
  let tpPrev = 0;
  let fpPrev = 0;
  for (let k = 0; k < curve.length; k++) {
    const tp = curve.tps[k];
    const fp = curve.fps[k];
    area += (fp - fpPrev) * (tp + tpPrev);
    tpPrev = tp;
    fpPrev = fp;
  }
  return area / (2 * curve.positives * curve.negatives);
}

/**
 * Average precision, as scikit-learn's average_precision_score: Σ (R_k − R_{k−1})·P_k over
 * distinct thresholds, highest first (a step function, no interpolation).
 */
export function prAuc(y: Labels, score: ArrayLike<number>): number {
  const curve = thresholdCurve(y, score, 'prAuc');
  if (curve.positives === 0) return NaN;
  let ap = 0;
  let tpPrev = 0;
  for (let k = 0; k < curve.length; k++) {
    const tp = curve.tps[k];
    ap += ((tp - tpPrev) / curve.positives) * (tp / (tp + curve.fps[k]));
    tpPrev = tp;
  }
  return ap;
}

/** Mean negative log-likelihood, with probabilities clipped to [eps, 1 − eps]. */
export function logLoss(y: Labels, probability: ArrayLike<number>, eps = 1e-15): number {
  checkProbabilities(y, probability, 'logLoss');
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const p = Math.min(Math.max(probability[i], eps), 1 - eps);
    sum -= y[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / y.length;
}

/** Brier score: mean squared difference between probability and outcome. */
export function brier(y: Labels, probability: ArrayLike<number>): number {
  checkProbabilities(y, probability, 'brier');
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const d = probability[i] - y[i];
    sum += d * d;
  }
  return sum / y.length;
}

/**
 * Expected calibration error over `bins` equal-width probability bins on [0, 1] (1.0 falls in
 * the last): Σ_b (n_b / n)·|observed rate_b − mean probability_b|.
 */
export function expectedCalibrationError(y: Labels, probability: ArrayLike<number>, bins = 10): number {
  checkProbabilities(y, probability, 'expectedCalibrationError');
  if (!Number.isInteger(bins) || bins < 1) {
    throw new InputError(`expectedCalibrationError: bins must be a positive integer, got ${bins}`, { received: bins });
  }
  const count = new Float64Array(bins);
  const positives = new Float64Array(bins);
  const confidence = new Float64Array(bins);
  for (let i = 0; i < y.length; i++) {
    const p = probability[i];
    const b = Math.min(Math.floor(p * bins), bins - 1);
    count[b]++;
    positives[b] += y[i];
    confidence[b] += p;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] > 0) ece += Math.abs(positives[b] - confidence[b]) / y.length;
  }
  return ece;
}

/**
 * Kolmogorov–Smirnov statistic: the largest gap between the score distributions of positives
 * and negatives, max over thresholds of |TPR − FPR|.
 */
export function ksStatistic(y: Labels, score: ArrayLike<number>): number {
  const curve = thresholdCurve(y, score, 'ksStatistic');
  if (curve.positives === 0 || curve.negatives === 0) return NaN;
  let ks = 0;
  for (let k = 0; k < curve.length; k++) {
    ks = Math.max(ks, Math.abs(curve.tps[k] / curve.positives - curve.fps[k] / curve.negatives));
  }
  return ks;
}

export interface DecileLift {
  /** 1 = the highest-scored tenth. */
  decile: number;
  count: number;
  positives: number;
  /** positives / count. */
  rate: number;
  /** rate / overall positive rate (NaN without positives). */
  lift: number;
  /** Share of all positives found in deciles 1 … this one. */
  cumulativeCapture: number;
  minScore: number;
  maxScore: number;
}

/**
 * Rows ranked by score, highest first, cut into ten groups whose sizes differ by at most one
 * (decile d holds ranks ⌊(d−1)·n/10⌋ … ⌊d·n/10⌋ − 1). Tied scores are ranked by row index, so a
 * tie group straddling a cut is split deterministically. Fewer than 10 rows give empty deciles.
 */
export function liftByDecile(y: Labels, score: ArrayLike<number>): DecileLift[] {
  checkInputs(y, score, 'liftByDecile');
  const n = y.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => score[b] - score[a] || a - b);
  let total = 0;
  for (let i = 0; i < n; i++) total += y[i];
  const baseRate = total / n;
  const out: DecileLift[] = [];
  let captured = 0;
  for (let d = 0; d < 10; d++) {
    const start = Math.floor((d * n) / 10);
    const end = Math.floor(((d + 1) * n) / 10);
    let positives = 0;
    for (let k = start; k < end; k++) positives += y[order[k]];
    captured += positives;
    const count = end - start;
    const rate = count > 0 ? positives / count : NaN;
    out.push({
      decile: d + 1,
      count,
      positives,
      rate,
      lift: total > 0 ? rate / baseRate : NaN,
      cumulativeCapture: total > 0 ? captured / total : NaN,
      minScore: count > 0 ? score[order[end - 1]] : NaN,
      maxScore: count > 0 ? score[order[start]] : NaN,
    });
  }
  return out;
}

export interface Confusion {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  /** tp / (tp + fp); NaN when nothing is predicted positive. */
  precision: number;
  /** tp / (tp + fn); NaN without positives. */
  recall: number;
  /** tn / (tn + fp); NaN without negatives. */
  specificity: number;
  accuracy: number;
  /** Harmonic mean of precision and recall; NaN when either is. */
  f1: number;
}

/** The confusion matrix when rows scoring ≥ `threshold` are predicted positive. */
export function confusionAt(y: Labels, score: ArrayLike<number>, threshold: number): Confusion {
  checkInputs(y, score, 'confusionAt');
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < y.length; i++) {
    const predicted = score[i] >= threshold;
    if (y[i] === 1) {
      if (predicted) tp++;
      else fn++;
    } else if (predicted) fp++;
    else tn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : NaN;
  const recall = tp + fn > 0 ? tp / (tp + fn) : NaN;
  return {
    threshold,
    tp,
    fp,
    tn,
    fn,
    precision,
    recall,
    specificity: tn + fp > 0 ? tn / (tn + fp) : NaN,
    accuracy: (tp + tn) / y.length,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : NaN,
  };
}

/** Cumulative counts at each distinct score, highest first; entries past `length` are unused. */
export interface ThresholdCurve {
  length: number;
  tps: Float64Array;
  fps: Float64Array;
  positives: number;
  negatives: number;
}

/**
 * Cumulative true and false positives at each distinct score, highest first (scikit-learn's
 * _binary_clf_curve). The scores of each class are sorted separately with the native numeric
 * sort and merged, which is several times faster than sorting row indices with a comparator.
 */
export function thresholdCurve(y: Labels, score: ArrayLike<number>, name: string): ThresholdCurve {
  checkInputs(y, score, name);
  const n = y.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i];
  const pos = new Float64Array(positives);
  const neg = new Float64Array(n - positives);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (y[i] === 1) pos[a++] = score[i];
    else neg[b++] = score[i];
  }
  pos.sort();
  neg.sort();
  const tps = new Float64Array(n);
  const fps = new Float64Array(n);
  let length = 0;
  let a = pos.length - 1;
  let b = neg.length - 1;
  let tp = 0;
  let fp = 0;
  while (a >= 0 || b >= 0) {
    const value = Math.max(a >= 0 ? pos[a] : -Infinity, b >= 0 ? neg[b] : -Infinity);
    while (a >= 0 && pos[a] === value) {
      tp++;
      a--;
    }
    while (b >= 0 && neg[b] === value) {
      fp++;
      b--;
    }
    tps[length] = tp;
    fps[length] = fp;
    length++;
  }
  return { length, tps, fps, positives, negatives: n - positives };
}

function checkInputs(y: Labels, score: ArrayLike<number>, name: string): void {
  if (y.length !== score.length) {
    throw new InputError(`${name}: ${y.length} labels but ${score.length} scores`, { received: score.length, expected: `${y.length}` });
  }
  if (y.length === 0) throw new InputError(`${name}: no rows to evaluate`);
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new InputError(`${name}: label at row ${i} is ${y[i]}, expected 0 or 1`, { received: y[i] });
    if (Number.isNaN(score[i])) throw new InputError(`${name}: score at row ${i} is NaN`, { where: `row ${i}` });
  }
}

function checkProbabilities(y: Labels, probability: ArrayLike<number>, name: string): void {
  checkInputs(y, probability, name);
  for (let i = 0; i < probability.length; i++) {
    const p = probability[i];
    if (!(p >= 0 && p <= 1)) {
      throw new InputError(`${name}: probability at row ${i} is ${p}, expected a number in [0, 1]`, { where: `row ${i}`, received: p });
    }
  }
}
