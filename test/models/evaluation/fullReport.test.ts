import { describe, expect, it } from 'vitest';
import { fullReport } from '../../../models/evaluation/fullReport.ts';
import { maxF1Threshold } from '../../../models/evaluation/maxF1Threshold.ts';

const labels = (...v: number[]) => Uint8Array.from(v);

describe('maxF1Threshold', () => {
  it('picks the score maximising F1 (hand-computed)', () => {
    // F1 = 2·tp / (flagged + positives): ≥ 0.8 → ⅔, ≥ 0.4 → ½, ≥ 0.35 → ⅘, ≥ 0.1 → ⅔.
    expect(maxF1Threshold(labels(0, 0, 1, 1), [0.1, 0.4, 0.35, 0.8])).toEqual({ threshold: 0.35, f1: 0.8 });
  });

  it('breaks ties towards the higher threshold and treats tied scores as one cut', () => {
    // ≥ 0.9 → 2/3 and ≥ 0.6 → 4/6: the same F1, fewer leads flagged at 0.9.
    expect(maxF1Threshold(labels(1, 0, 0, 1), [0.9, 0.8, 0.7, 0.6]).threshold).toBe(0.9);
    // The two 0.5s cannot be separated: ≥ 0.5 → 2·1 / (2 + 1).
    expect(maxF1Threshold(labels(1, 0), [0.5, 0.5])).toEqual({ threshold: 0.5, f1: 2 / 3 });
  });

  it('has no threshold without positives', () => {
    expect(maxF1Threshold(labels(0, 0), [0.2, 0.3]).threshold).toBeNaN();
  });
});

describe('fullReport', () => {
  const y = labels(0, 0, 1, 1);
  const p = [0.1, 0.4, 0.35, 0.8];

  it('uses the max-F1 threshold by default and says so', () => {
    const report = fullReport(y, p);
    expect(report.threshold).toEqual({ value: 0.35, rule: 'max_f1' });
    expect(report.confusion).toMatchObject({ tp: 2, fp: 1, tn: 1, fn: 0, f1: 0.8 });
    expect(report.metrics.auc).toBeCloseTo(0.75, 15);
    expect(report.liftByDecile).toHaveLength(10);
  });

  it('uses a given threshold', () => {
    const report = fullReport(y, p, 0.5);
    expect(report.threshold).toEqual({ value: 0.5, rule: 'given' });
    expect(report.confusion).toMatchObject({ tp: 1, fp: 0, tn: 2, fn: 1 });
    expect(() => fullReport(y, p, NaN)).toThrow(/finite number/);
  });

  it('falls back to 0.5 when F1 is undefined (no positives)', () => {
    const report = fullReport(labels(0, 0, 0), [0.2, 0.6, 0.4]);
    expect(report.threshold).toEqual({ value: 0.5, rule: 'default_0.5' });
    expect(report.confusion).toMatchObject({ fp: 1, tn: 2 });
    expect(report.metrics.auc).toBeNaN();
  });
});
