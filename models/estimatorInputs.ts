/** Input handling every estimator shares: class-weighted row weights, the column check at predict time, contribution arguments. */
import { InputError, LeadscoreError } from '../core/errors.ts';
import type { Contribution, Labels } from './estimator.ts';
import type { Matrix } from './matrix.ts';

/**
 * Sample weights (1 when absent) times class weights; 'balanced' weights each class by
 * n / (2 · n_class), counting rows rather than sample weight, as scikit-learn's compute_class_weight.
 */
export function classWeightedRows(y: Labels, sampleWeight: Float64Array | undefined, classWeight: 'balanced' | null): Float64Array {
  const n = y.length;
  const weight = sampleWeight ? Float64Array.from(sampleWeight) : new Float64Array(n).fill(1);
  if (classWeight === 'balanced') {
    let positives = 0;
    for (let i = 0; i < n; i++) positives += y[i];
    const w1 = n / (2 * positives);
    const w0 = n / (2 * (n - positives));
    for (let i = 0; i < n; i++) weight[i] *= y[i] === 1 ? w1 : w0;
  }
  return weight;
}

/** Throws a `model` error unless X has exactly the training columns, in the training order. */
export function checkTrainingColumns(model: string, expected: readonly string[], X: Matrix): void {
  if (X.cols === expected.length && X.columns.every((c, j) => c === expected[j])) return;
  const missing = expected.filter((c) => !X.columns.includes(c));
  throw new LeadscoreError(
    'model',
    `${model} was trained on ${expected.length} columns, the data has ${X.cols}${missing.length ? ` (missing: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''})` : ' in a different order'}`,
    { expected: expected.join(', '), received: X.columns.join(', '), hint: 'score with the feature pipeline the model was trained with' },
  );
}

/** Refuses a row outside X or a negative / fractional `top` before contributions are computed. */
export function checkContributionArgs(X: Matrix, row: number, top: number): void {
  if (!Number.isInteger(row) || row < 0 || row >= X.rows) {
    throw new InputError(`contributions: row must be an integer in [0, ${X.rows}), got ${row}`, { received: row });
  }
  if (!Number.isInteger(top) || top < 0) {
    throw new InputError(`contributions: top must be a non-negative integer, got ${top}`, { received: top });
  }
}

/** The `top` contributions largest in absolute value, largest first. */
export function largestContributions(all: Contribution[], top: number): Contribution[] {
  all.sort((a, b) => Math.abs(b.logOdds) - Math.abs(a.logOdds));
  return all.slice(0, top);
}
