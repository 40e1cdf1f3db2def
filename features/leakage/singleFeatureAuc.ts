/**
 * Check (a): how well one feature alone ranks converted leads above the rest. No honest lead
 * attribute known at creation time gets near-perfect separation on its own; a column filled in
 * by sales after contact ("Closed by ...", lead quality) does.
 *
 * Numeric features rank by their raw value, missing below every value (a post-contact field is
 * often missing exactly for the leads nobody worked). Categorical features rank each row by its
 * category's conversion rate on these rows (missing being a category too), which is the best
 * any model could do with that feature alone on these rows. Either way the reported AUC is
 * max(auc, 1 − auc): a feature that ranks backwards leaks just as much.
 */
import { rocAuc } from '../../models/evaluation/metrics.ts';
import type { FrameColumn } from '../frame/featureFrame.ts';
import { categoryCounts } from './categoryCounts.ts';
import type { LeakageFinding } from './leakageFinding.ts';

export interface FeatureAuc {
  /** max(auc, 1 − auc). */
  auc: number;
  /** ROC AUC of the score as it is (higher value or higher category rate = more likely converted). */
  rawAuc: number;
  /** Labelled rows where the feature is missing. */
  missing: number;
  /** Categorical only: distinct values present, missing excluded. */
  categories?: number;
}

/** `rows` are the labelled frame rows, `y` their labels, aligned. */
export function featureAuc(column: FrameColumn, rows: Uint32Array, y: Uint8Array): FeatureAuc {
  const score = new Float64Array(rows.length);
  let missing = 0;
  let categories: number | undefined;
  if (column.kind === 'numeric') {
    for (let k = 0; k < rows.length; k++) {
      const v = column.values[rows[k]];
      if (Number.isNaN(v)) missing++;
      score[k] = Number.isNaN(v) ? -Infinity : v;
    }
  } else {
    const counts = categoryCounts(column, rows, y);
    for (let k = 0; k < rows.length; k++) {
      const slot = column.codes[rows[k]] + 1;
      score[k] = counts.positives[slot] / counts.rows[slot];
    }
    missing = counts.rows[0];
    categories = 0;
    for (let slot = 1; slot < counts.rows.length; slot++) if (counts.rows[slot] > 0) categories++;
  }
  const rawAuc = rocAuc(y, score);
  return { auc: Math.max(rawAuc, 1 - rawAuc), rawAuc, missing, categories };
}

/** A finding when the feature's AUC reaches `threshold`; `high`, as an attribute known when a lead arrives rarely separates outcomes that well alone. */
export function singleFeatureAucFinding(column: FrameColumn, result: FeatureAuc, rows: number, threshold: number): LeakageFinding | null {
  if (!(result.auc >= threshold)) return null;
  const how =
    column.kind === 'numeric'
      ? `${result.rawAuc >= 0.5 ? 'higher' : 'lower'} values convert more; ${result.missing} of ${rows} missing, ranked lowest`
      : `each of its ${result.categories} values${result.missing > 0 ? ' and missing' : ''} scored by its conversion rate on these rows`;
  const metrics: Record<string, number> = { auc: result.auc, raw_auc: result.rawAuc, rows, missing: result.missing };
  if (result.categories !== undefined) metrics.categories = result.categories;
  return {
    kind: 'single_feature_auc',
    feature: column.name,
    evidence: `${column.name} alone ranks converted leads with ROC AUC ${result.auc.toFixed(3)} (${how}; flagged at ≥ ${threshold})`,
    metrics,
    severity: 'high',
  };
}
