import { describe, expect, it } from 'vitest';
import { InputError, LeadscoreError, NotFittedError } from '../../../core/errors.ts';
import { logit, sigmoid } from '../../../models/calibration/logit.ts';
import { PlattCalibrator } from '../../../models/calibration/PlattCalibrator.ts';
import { distortedSample } from './calibrationData.ts';

const labels = (...v: number[]) => Uint8Array.from(v);

describe('PlattCalibrator', () => {
  it('solves a two-score case exactly (hand-computed)', () => {
    // N₊ = N₋ = 4, so targets are 5/6 and 1/6. Two distinct scores make the fit saturated: each
    // group's calibrated value is its mean target, ⅓ at p = 0.2 and ⅔ at p = 0.6.
    const p = [0.2, 0.2, 0.2, 0.2, 0.6, 0.6, 0.6, 0.6];
    const y = labels(1, 0, 0, 0, 1, 1, 1, 0);
    const platt = new PlattCalibrator().fit(p, y);
    const slope = (2 * Math.log(2)) / Math.log(6);
    expect(platt.slope).toBeCloseTo(slope, 12);
    expect(platt.intercept).toBeCloseTo(-Math.log(2) + slope * Math.log(4), 12);
    const out = platt.transform([0.2, 0.6]);
    expect(out[0]).toBeCloseTo(1 / 3, 12);
    expect(out[1]).toBeCloseTo(2 / 3, 12);
    expect(platt.fitFacts).toMatchObject({ converged: true, rows: 8, positives: 4 });
  });

  it('recovers a known sigmoid distortion, p_true = σ(2·logit(p) − 1)', () => {
    const { p, y, truth } = distortedSample(20_000, 7);
    const platt = new PlattCalibrator().fit(p, y);
    expect(platt.slope).toBeGreaterThan(1.9);
    expect(platt.slope).toBeLessThan(2.1);
    expect(platt.intercept).toBeGreaterThan(-1.1);
    expect(platt.intercept).toBeLessThan(-0.9);
    const calibrated = platt.transform(p);
    let worst = 0;
    for (let i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(calibrated[i] - truth[i]));
    expect(worst).toBeLessThan(0.03);
  });

  it('stops at the exact optimum: the gradient of the smoothed log-loss is zero', () => {
    const { p, y } = distortedSample(2_000, 11, 0.7, 0.4);
    const platt = new PlattCalibrator().fit(p, y);
    let positives = 0;
    for (const v of y) positives += v;
    const hi = (positives + 1) / (positives + 2);
    const lo = 1 / (y.length - positives + 2);
    let gSlope = 0;
    let gIntercept = 0;
    for (let i = 0; i < p.length; i++) {
      const f = logit(p[i]);
      const r = sigmoid(platt.slope * f + platt.intercept) - (y[i] === 1 ? hi : lo);
      gSlope += r * f;
      gIntercept += r;
    }
    expect(Math.abs(gSlope)).toBeLessThan(1e-8);
    expect(Math.abs(gIntercept)).toBeLessThan(1e-8);
    expect(platt.fitFacts.iterations).toBeLessThan(15);
  });

  it('stays finite when every score is the same, with one class, and at p = 0 or 1', () => {
    const same = new PlattCalibrator().fit([0.3, 0.3, 0.3, 0.3], labels(1, 0, 0, 0));
    // Every row gets the mean smoothed target: (2/3 + 3·1/5) / 4.
    expect(same.transform([0.3])[0]).toBeCloseTo((2 / 3 + 3 / 5) / 4, 9);
    const negativesOnly = new PlattCalibrator().fit([0.1, 0.5, 0.9], labels(0, 0, 0));
    expect(Array.from(negativesOnly.transform([0, 0.5, 1])).every((v) => v > 0 && v < 0.5)).toBe(true);
    const extremes = new PlattCalibrator().fit([0, 1, 0, 1, 0.5], labels(0, 1, 0, 1, 1));
    expect(Array.from(extremes.transform([0, 1])).every(Number.isFinite)).toBe(true);
  });

  it('round-trips through JSON and rejects a damaged state', () => {
    const { p, y } = distortedSample(500, 3);
    const platt = new PlattCalibrator().fit(p, y);
    const json = JSON.parse(JSON.stringify(platt.toJSON()));
    expect(json).toMatchObject({ kind: 'platt', format: 1 });
    const loaded = PlattCalibrator.fromJSON(json);
    expect(Array.from(loaded.transform(p))).toEqual(Array.from(platt.transform(p)));
    expect(() => PlattCalibrator.fromJSON({ ...json, slope: 'steep' })).toThrow(LeadscoreError);
    expect(() => PlattCalibrator.fromJSON({ ...json, kind: 'isotonic' })).toThrow(/not valid/);
  });

  it('names bad input and use before fit', () => {
    expect(() => new PlattCalibrator().transform([0.5])).toThrow(NotFittedError);
    expect(() => new PlattCalibrator().fit([0.5], labels(1, 0))).toThrow(InputError);
    expect(() => new PlattCalibrator().fit([0.5, NaN], labels(1, 0))).toThrow(/row 1 is NaN/);
    expect(() => new PlattCalibrator().fit([0.5, 0.4], labels(1, 2))).toThrow(/expected 0 or 1/);
    expect(() => new PlattCalibrator().fit([], labels())).toThrow(/no rows/);
    const platt = new PlattCalibrator().fit([0.2, 0.8], labels(0, 1));
    expect(() => platt.transform([1.5])).toThrow(/expected a number in \[0, 1\]/);
  });
});
