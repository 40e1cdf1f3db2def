import { describe, expect, it } from 'vitest';
import { InputError, LeadscoreError } from '../../../core/errors.ts';
import { calibratorFromJSON, createCalibrator, fitCalibrator } from '../../../models/calibration/fitCalibrator.ts';
import type { CalibrationKind } from '../../../models/calibration/calibrator.ts';
import { distortedSample } from './calibrationData.ts';

describe('fitCalibrator and calibratorFromJSON', () => {
  const { p, y } = distortedSample(400, 9);

  it.each(['platt', 'isotonic', 'none'] as const)('%s: fits, saves and loads back the same calibrator', (kind) => {
    const calibrator = fitCalibrator(kind, p, y);
    expect(calibrator.kind).toBe(kind);
    expect(calibrator.fitted).toBe(true);
    const loaded = calibratorFromJSON(JSON.parse(JSON.stringify(calibrator.toJSON())));
    expect(loaded.kind).toBe(kind);
    expect(Array.from(loaded.transform(p))).toEqual(Array.from(calibrator.transform(p)));
  });

  it('none returns the probabilities unchanged', () => {
    expect(Array.from(fitCalibrator('none', p, y).transform([0, 0.25, 1]))).toEqual([0, 0.25, 1]);
  });

  it('names an unknown kind', () => {
    expect(() => createCalibrator('beta' as CalibrationKind)).toThrow(InputError);
    expect(() => calibratorFromJSON({ kind: 'beta' })).toThrow(LeadscoreError);
    expect(() => calibratorFromJSON(null)).toThrow(/kind is undefined/);
  });
});
