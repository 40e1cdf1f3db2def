/**
 * Everything reported about one set of predictions: the standard metric set, lift by decile and
 * the confusion matrix at a threshold.
 *
 * Without a threshold the report uses the one maximising F1 on these rows rather than 0.5. Lead
 * scoring data are imbalanced (often 5–15 % positives), so a calibrated model rarely scores a lead
 * above 0.5 and a confusion matrix at 0.5 mostly says "nobody": it describes the base rate, not
 * the model. The max-F1 cut-off is chosen on the evaluated rows, so its precision and recall are
 * slightly optimistic; the report names the rule so nobody mistakes it for a tuned operating
 * point. Pass a threshold chosen elsewhere (on training rows, or a sales capacity) to avoid that.
 */
import { InputError } from '../../core/errors.ts';
import type { Labels } from '../estimator.ts';
import { evaluate, type MetricSet } from './evaluate.ts';
import { maxF1Threshold } from './maxF1Threshold.ts';
import { confusionAt, liftByDecile, type Confusion, type DecileLift } from './metrics.ts';

/** How the threshold was picked: given by the caller, max F1 on these rows, or 0.5 when F1 is undefined (no positives). */
export type ThresholdRule = 'given' | 'max_f1' | 'default_0.5';

export interface FullReport {
  metrics: MetricSet;
  threshold: { value: number; rule: ThresholdRule };
  confusion: Confusion;
  liftByDecile: DecileLift[];
}

export function fullReport(y: Labels, p: ArrayLike<number>, threshold?: number): FullReport {
  const metrics = evaluate(y, p);
  let chosen: FullReport['threshold'];
  if (threshold !== undefined) {
    if (!Number.isFinite(threshold)) throw new InputError(`fullReport: threshold must be a finite number, got ${threshold}`, { received: threshold });
    chosen = { value: threshold, rule: 'given' };
  } else {
    const best = maxF1Threshold(y, p);
    chosen = Number.isNaN(best.threshold) ? { value: 0.5, rule: 'default_0.5' } : { value: best.threshold, rule: 'max_f1' };
  }
  return {
    metrics,
    threshold: chosen,
    confusion: confusionAt(y, p, chosen.value),
    liftByDecile: liftByDecile(y, p),
  };
}
