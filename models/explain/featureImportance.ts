/**
 * Which features move a model's scores the most: for each source feature, the mean absolute
 * contribution to the log-odds over a set of leads, each lead's contribution being the sum over
 * the feature's encoded columns (its one-hot categories and missing indicator together).
 *
 * The contributions are the ones each lead's top reasons come from (the logistic model's
 * w·(x − mean), the neural net's integrated gradients), so the ranking agrees with the reasons
 * people read, works for every model kind that explains itself, and is in one unit (log-odds)
 * across kinds. Raw coefficients would not do: their size depends on each column's scale, and a
 * neural net has none.
 */
import { InputError } from '../../core/errors.ts';
import type { FrameEncoder } from '../../features/encoding/frameEncoder.ts';
import type { FeatureFrame } from '../../features/frame/featureFrame.ts';
import type { Estimator, Explainer } from '../estimator.ts';

export interface FeatureImportance {
  feature: string;
  /** Mean over the leads of |Σ contributions of the feature's columns|, in log-odds. */
  meanAbsLogOdds: number;
  /** Mean of the signed sums: positive when the feature mostly raises scores. */
  meanLogOdds: number;
  /** Encoded columns the feature spans. */
  columns: number;
}

export interface FeatureImportanceResult {
  features: FeatureImportance[];
  /** Leads the means were taken over. */
  rows: number;
}

/**
 * Importance over at most `maxRows` rows of `frame`, evenly spaced (deterministic), most important
 * first. `null` when the model cannot explain single predictions.
 */
export function featureImportance(
  encoder: FrameEncoder,
  model: Estimator & Partial<Explainer>,
  frame: FeatureFrame,
  maxRows = 2000,
): FeatureImportanceResult | null {
  if (!model.contributions) return null;
  if (frame.rows === 0) throw new InputError('featureImportance: no rows to explain');
  const names = encoder.featureNames;
  const featureOf = new Map<string, number>();
  const features: string[] = [];
  const columnsOf: number[] = [];
  for (const name of names) {
    const feature = encoder.sourceOf(name)?.feature ?? name;
    if (!featureOf.has(feature)) {
      featureOf.set(feature, features.length);
      features.push(feature);
      columnsOf.push(0);
    }
    columnsOf[featureOf.get(feature)!]++;
  }
  const columnFeature = new Map(names.map((name) => [name, featureOf.get(encoder.sourceOf(name)?.feature ?? name)!]));

  const rows = Math.min(frame.rows, maxRows);
  const absSum = new Float64Array(features.length);
  const signedSum = new Float64Array(features.length);
  const perRow = new Float64Array(features.length);
  for (let k = 0; k < rows; k++) {
    const row = rows === frame.rows ? k : Math.floor((k * frame.rows) / rows);
    const X = encoder.transformRows(frame, row, row + 1);
    perRow.fill(0);
    for (const c of model.contributions(X, 0, names.length)) perRow[columnFeature.get(c.column)!] += c.logOdds;
    for (let f = 0; f < features.length; f++) {
      absSum[f] += Math.abs(perRow[f]);
      signedSum[f] += perRow[f];
    }
  }
  return {
    rows,
    features: features
      .map((feature, f) => ({ feature, meanAbsLogOdds: absSum[f] / rows, meanLogOdds: signedSum[f] / rows, columns: columnsOf[f] }))
      .sort((a, b) => b.meanAbsLogOdds - a.meanAbsLogOdds || (a.feature < b.feature ? -1 : 1)),
  };
}
