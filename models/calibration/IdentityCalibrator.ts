/**
 * The calibrator for `calibration: none`: returns probabilities unchanged. It exists so a model
 * always carries a calibrator and scoring never branches on whether there is one.
 */
import { z } from 'zod';
import type { Labels } from '../estimator.ts';
import { checkCalibrationData, checkProbabilities, invalidCalibratorState, type Calibrator } from './calibrator.ts';

const KIND = 'none';

const stateSchema = z.strictObject({ kind: z.literal(KIND), format: z.literal(1) });

export class IdentityCalibrator implements Calibrator {
  readonly kind = KIND;

  /** Nothing to learn, so it is usable without fit. */
  get fitted(): boolean {
    return true;
  }

  fit(probabilities: ArrayLike<number>, y: Labels): this {
    checkCalibrationData('IdentityCalibrator', probabilities, y);
    return this;
  }

  transform(probabilities: ArrayLike<number>): Float64Array {
    checkProbabilities('IdentityCalibrator.transform', probabilities);
    return Float64Array.from(probabilities);
  }

  toJSON(): { kind: typeof KIND; format: 1 } {
    return { kind: KIND, format: 1 };
  }

  static fromJSON(json: unknown): IdentityCalibrator {
    const parsed = stateSchema.safeParse(json);
    if (!parsed.success) throw invalidCalibratorState('identity calibrator', z.prettifyError(parsed.error));
    return new IdentityCalibrator();
  }
}
