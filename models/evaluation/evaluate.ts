/** The standard metric set reported for every model on a holdout. */
import type { Labels } from '../estimator.ts';
import { brier, expectedCalibrationError, ksStatistic, logLoss, prAuc, rocAuc } from './metrics.ts';

export interface MetricSet {
  auc: number;
  pr_auc: number;
  logloss: number;
  brier: number;
  ece: number;
  ks: number;
  /** Share of positives in the evaluated rows, to read pr_auc against. */
  positive_rate: number;
}

export function evaluate(y: Labels, probability: ArrayLike<number>): MetricSet {
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i];
  return {
    auc: rocAuc(y, probability),
    pr_auc: prAuc(y, probability),
    logloss: logLoss(y, probability),
    brier: brier(y, probability),
    ece: expectedCalibrationError(y, probability),
    ks: ksStatistic(y, probability),
    positive_rate: y.length ? positives / y.length : 0,
  };
}
