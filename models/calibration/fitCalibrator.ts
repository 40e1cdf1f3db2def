/** Picks a calibrator by name, fitted or read back from a saved artifact. */
import { InputError } from '../../core/errors.ts';
import type { Labels } from '../estimator.ts';
import { invalidCalibratorState, type CalibrationKind, type Calibrator } from './calibrator.ts';
import { IdentityCalibrator } from './IdentityCalibrator.ts';
import { IsotonicCalibrator } from './IsotonicCalibrator.ts';
import { PlattCalibrator } from './PlattCalibrator.ts';

export const calibrationKinds: readonly CalibrationKind[] = ['platt', 'isotonic', 'none'];

/** An unfitted calibrator of `kind`. */
export function createCalibrator(kind: CalibrationKind): Calibrator {
  switch (kind) {
    case 'platt':
      return new PlattCalibrator();
    case 'isotonic':
      return new IsotonicCalibrator();
    case 'none':
      return new IdentityCalibrator();
    default:
      throw new InputError(`calibration must be one of ${calibrationKinds.join(', ')}, got ${JSON.stringify(kind)}`, {
        received: kind,
        expected: calibrationKinds.join(' | '),
      });
  }
}

/** A calibrator of `kind` fitted on held-out probabilities `p` and their labels `y`. */
export function fitCalibrator(kind: CalibrationKind, p: ArrayLike<number>, y: Labels): Calibrator {
  return createCalibrator(kind).fit(p, y);
}

/** Reads any calibrator's `toJSON()` back, dispatching on its `kind`. */
export function calibratorFromJSON(json: unknown): Calibrator {
  const kind = typeof json === 'object' && json !== null ? (json as { kind?: unknown }).kind : undefined;
  switch (kind) {
    case 'platt':
      return PlattCalibrator.fromJSON(json);
    case 'isotonic':
      return IsotonicCalibrator.fromJSON(json);
    case 'none':
      return IdentityCalibrator.fromJSON(json);
    default:
      throw invalidCalibratorState('calibrator', `kind is ${JSON.stringify(kind)}, expected one of ${calibrationKinds.join(', ')}`);
  }
}
