/**
 * The curves behind the model report's charts, as scikit-learn defines them where it has one
 * (roc_curve, precision_recall_curve, calibration_curve with uniform bins), plus cumulative gains
 * and the score histogram by outcome. Points come from the same cumulative counts as the metrics
 * (metrics.ts thresholdCurve): one point per distinct score, ties moving together, so the area
 * under the plotted ROC curve is exactly `rocAuc`.
 *
 * A holdout of 100,000 leads has up to 100,000 distinct scores; a chart needs a few hundred
 * points. `maxPoints` thins a curve by keeping evenly spaced points of the full curve (always the
 * first and the last): the plotted line stays on the true curve, with straight segments between.
 */
import { InputError } from '../../core/errors.ts';
import type { Labels } from '../estimator.ts';
import { thresholdCurve } from './metrics.ts';

export interface RocPoint {
  /** False positive rate. */
  fpr: number;
  /** True positive rate (recall). */
  tpr: number;
}

export interface PrPoint {
  recall: number;
  precision: number;
}

export interface GainsPoint {
  /** Share of leads taken, highest scores first. */
  share: number;
  /** Share of all positives among them. */
  captured: number;
  /** captured / share (NaN at share 0). */
  lift: number;
}

export interface CalibrationBin {
  /** Bin b covers [lower, upper); the last bin includes 1. */
  lower: number;
  upper: number;
  count: number;
  positives: number;
  meanPredicted: number;
  observedRate: number;
}

export interface HistogramBin {
  lower: number;
  upper: number;
  /** Rows of this outcome in the bin. */
  count: number;
  /** count / rows of this outcome. */
  share: number;
}

/** ROC points from (0, 0) to (1, 1). Empty when one class is missing. */
export function rocCurve(y: Labels, score: ArrayLike<number>, maxPoints = Infinity): RocPoint[] {
  const c = thresholdCurve(y, score, 'rocCurve');
  if (c.positives === 0 || c.negatives === 0) return [];
  const points: RocPoint[] = [{ fpr: 0, tpr: 0 }];
  for (let k = 0; k < c.length; k++) points.push({ fpr: c.fps[k] / c.negatives, tpr: c.tps[k] / c.positives });
  return thin(points, maxPoints);
}

/**
 * Precision–recall points, recall ascending from (0, 1) as scikit-learn's curve ends: precision
 * at each distinct threshold, highest threshold at the low-recall end. Empty without positives.
 */
export function precisionRecallCurve(y: Labels, score: ArrayLike<number>, maxPoints = Infinity): PrPoint[] {
  const c = thresholdCurve(y, score, 'precisionRecallCurve');
  if (c.positives === 0) return [];
  const points: PrPoint[] = [{ recall: 0, precision: 1 }];
  for (let k = 0; k < c.length; k++) points.push({ recall: c.tps[k] / c.positives, precision: c.tps[k] / (c.tps[k] + c.fps[k]) });
  return thin(points, maxPoints);
}

/** Cumulative gains from (0, 0) to (1, 1): leads taken in score order, ties together. Empty without positives. */
export function cumulativeGains(y: Labels, score: ArrayLike<number>, maxPoints = Infinity): GainsPoint[] {
  const c = thresholdCurve(y, score, 'cumulativeGains');
  if (c.positives === 0) return [];
  const n = c.positives + c.negatives;
  const points: GainsPoint[] = [{ share: 0, captured: 0, lift: NaN }];
  for (let k = 0; k < c.length; k++) {
    const share = (c.tps[k] + c.fps[k]) / n;
    const captured = c.tps[k] / c.positives;
    points.push({ share, captured, lift: captured / share });
  }
  return thin(points, maxPoints);
}

/**
 * Reliability diagram: `bins` equal-width probability bins on [0, 1] (as expectedCalibrationError
 * uses, so the plot and the metric agree); empty bins are left out.
 */
export function calibrationBins(y: Labels, probability: ArrayLike<number>, bins = 10): CalibrationBin[] {
  checkBinned(y, probability, bins, 'calibrationBins');
  const count = new Float64Array(bins);
  const positives = new Float64Array(bins);
  const sum = new Float64Array(bins);
  for (let i = 0; i < y.length; i++) {
    const b = binOf(probability[i], bins);
    count[b]++;
    positives[b] += y[i];
    sum[b] += probability[i];
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    out.push({ lower: b / bins, upper: (b + 1) / bins, count: count[b], positives: positives[b], meanPredicted: sum[b] / count[b], observedRate: positives[b] / count[b] });
  }
  return out;
}

/** Histogram of probabilities per outcome over `bins` equal-width bins of [0, 1], every bin present. */
export function scoreHistogram(y: Labels, probability: ArrayLike<number>, bins = 20): { converted: HistogramBin[]; notConverted: HistogramBin[] } {
  checkBinned(y, probability, bins, 'scoreHistogram');
  const counts = [new Float64Array(bins), new Float64Array(bins)];
  const totals = [0, 0];
  for (let i = 0; i < y.length; i++) {
    counts[y[i]][binOf(probability[i], bins)]++;
    totals[y[i]]++;
  }
  const of = (label: 0 | 1): HistogramBin[] =>
    Array.from(counts[label], (count, b) => ({ lower: b / bins, upper: (b + 1) / bins, count, share: totals[label] ? count / totals[label] : 0 }));
  return { converted: of(1), notConverted: of(0) };
}

function binOf(p: number, bins: number): number {
  return Math.min(Math.floor(p * bins), bins - 1);
}

function checkBinned(y: Labels, probability: ArrayLike<number>, bins: number, name: string): void {
  if (y.length !== probability.length) throw new InputError(`${name}: ${y.length} labels but ${probability.length} probabilities`);
  if (!Number.isInteger(bins) || bins < 1) throw new InputError(`${name}: bins must be a positive integer, got ${bins}`, { received: bins });
  for (let i = 0; i < y.length; i++) {
    const p = probability[i];
    if (!(p >= 0 && p <= 1)) throw new InputError(`${name}: probability at row ${i} is ${p}, expected a number in [0, 1]`, { where: `row ${i}` });
    if (y[i] !== 0 && y[i] !== 1) throw new InputError(`${name}: label at row ${i} is ${y[i]}, expected 0 or 1`, { where: `row ${i}` });
  }
}

/** Evenly spaced points of `points`, first and last always kept. */
function thin<T>(points: T[], maxPoints: number): T[] {
  if (points.length <= maxPoints || maxPoints < 2) return points;
  const out: T[] = [];
  const step = (points.length - 1) / (maxPoints - 1);
  let last = -1;
  for (let k = 0; k < maxPoints; k++) {
    const index = Math.round(k * step);
    if (index !== last) out.push(points[index]);
    last = index;
  }
  return out;
}
