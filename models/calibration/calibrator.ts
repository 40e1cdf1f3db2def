/**
 * The surface every probability calibrator shares (scikit-learn's CalibratedClassifierCV
 * methods): `fit` on a model's held-out probabilities and the true labels, then `transform` maps
 * any probability the model produces to a calibrated one. Fitting on the training rows would
 * learn nothing: a model's probabilities on its own training data are overconfident.
 */
import { InputError, LeadscoreError } from '../../core/errors.ts';
import type { Labels } from '../estimator.ts';

export type CalibrationKind = 'platt' | 'isotonic' | 'none';

export interface Calibrator {
  readonly kind: CalibrationKind;
  readonly fitted: boolean;
  fit(probabilities: ArrayLike<number>, y: Labels): this;
  /** Calibrated probability of every input. Throws NotFittedError before fit. */
  transform(probabilities: ArrayLike<number>): Float64Array;
  /** The learned state, JSON-safe; `calibratorFromJSON` reads it back. */
  toJSON(): { kind: CalibrationKind };
}

/** Throws unless `y` and `probabilities` are non-empty, equally long, 0/1 and in [0, 1]. */
export function checkCalibrationData(name: string, probabilities: ArrayLike<number>, y: Labels): void {
  if (probabilities.length !== y.length) {
    throw new InputError(`${name}.fit: ${probabilities.length} probabilities but ${y.length} labels`, {
      received: probabilities.length,
      expected: `${y.length}`,
    });
  }
  if (y.length === 0) throw new InputError(`${name}.fit: no rows to calibrate on`, { hint: 'use a larger holdout' });
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new InputError(`${name}.fit: label at row ${i} is ${y[i]}, expected 0 or 1`, { received: y[i] });
  }
  checkProbabilities(name, probabilities);
}

/** Throws unless every value is a probability (NaN is not). */
export function checkProbabilities(name: string, probabilities: ArrayLike<number>): void {
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    if (!(p >= 0 && p <= 1)) {
      throw new InputError(`${name}: probability at row ${i} is ${p}, expected a number in [0, 1]`, { where: `row ${i}`, received: p });
    }
  }
}

export function invalidCalibratorState(what: string, issues: string): LeadscoreError {
  return new LeadscoreError('model', `saved ${what} state is not valid: ${issues}`, {
    hint: 'the model artifact is damaged or from another version; retrain',
  });
}
