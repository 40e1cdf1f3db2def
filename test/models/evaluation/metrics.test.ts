import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.ts';
import {
  brier,
  confusionAt,
  expectedCalibrationError,
  ksStatistic,
  liftByDecile,
  logLoss,
  prAuc,
  rocAuc,
} from '../../../models/evaluation/metrics.ts';
import { loadSklearnFixture } from '../modelFixtures.ts';

const labels = (...v: number[]) => Uint8Array.from(v);

describe('ranking metrics on tiny inputs (hand-computed)', () => {
  // scikit-learn's documentation example: AUC 0.75, AP 0.8333.
  const y = labels(0, 0, 1, 1);
  const s = [0.1, 0.4, 0.35, 0.8];

  it('rocAuc', () => {
    expect(rocAuc(y, s)).toBeCloseTo(0.75, 15);
    expect(rocAuc(labels(0, 1), [0.2, 0.9])).toBe(1);
    expect(rocAuc(labels(0, 1), [0.9, 0.2])).toBe(0);
  });

  it('rocAuc counts tied positive/negative pairs as half', () => {
    // Pairs (pos, neg): (0.9, 0.5) 1, (0.9, 0.2) 1, (0.5, 0.5) ½, (0.5, 0.2) 1 → 3.5 / 4.
    expect(rocAuc(labels(0, 1, 0, 1), [0.5, 0.5, 0.2, 0.9])).toBeCloseTo(0.875, 15);
    expect(rocAuc(labels(0, 1, 0, 1), [0.3, 0.3, 0.3, 0.3])).toBe(0.5);
  });

  it('prAuc is average precision', () => {
    // Thresholds 0.8 → P 1, R ½; 0.4 → P ½, R ½; 0.35 → P ⅔, R 1: AP = ½·1 + ½·⅔.
    expect(prAuc(y, s)).toBeCloseTo(5 / 6, 15);
    // A tie group is one threshold: 0.9 → P 1, R ½; 0.5 → P ⅔, R 1.
    expect(prAuc(labels(0, 1, 0, 1), [0.5, 0.5, 0.2, 0.9])).toBeCloseTo(5 / 6, 15);
  });

  it('ksStatistic is max |TPR − FPR|', () => {
    expect(ksStatistic(y, s)).toBeCloseTo(0.5, 15);
    expect(ksStatistic(labels(0, 0, 1, 1), [0.1, 0.2, 0.8, 0.9])).toBe(1);
  });

  it('is NaN when a class is missing', () => {
    expect(rocAuc(labels(1, 1), [0.2, 0.3])).toBeNaN();
    expect(ksStatistic(labels(0, 0), [0.2, 0.3])).toBeNaN();
    expect(prAuc(labels(0, 0), [0.2, 0.3])).toBeNaN();
  });
});

describe('probability metrics on tiny inputs (hand-computed)', () => {
  it('logLoss', () => {
    expect(logLoss(labels(1, 0), [0.8, 0.3])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 15);
    // Clipped at 1e-15: a confident miss costs −ln(1e-15), not Infinity.
    expect(logLoss(labels(1), [0])).toBeCloseTo(-Math.log(1e-15), 10);
  });

  it('brier', () => {
    expect(brier(labels(0, 1, 1, 0), [0.1, 0.9, 0.8, 0.3])).toBeCloseTo(0.0375, 15);
  });

  it('expectedCalibrationError uses 10 equal-width bins, 1.0 in the last', () => {
    // Bin 0: p 0.05, y 0 → 0.05; bin 1: p 0.15, y 1 → 0.85; bin 9: p 0.95 + 0.92 + 1.0 = 2.87
    // against 2 positives → 0.87. ECE = (0.05 + 0.85 + 0.87) / 5.
    expect(expectedCalibrationError(labels(0, 1, 1, 0, 1), [0.05, 0.15, 0.95, 0.92, 1])).toBeCloseTo(0.354, 14);
    expect(expectedCalibrationError(labels(0, 1), [0.25, 0.75], 2)).toBeCloseTo(0.25, 15);
  });

  it('rejects values that are not probabilities', () => {
    expect(() => brier(labels(1), [1.2])).toThrow(/row 0 is 1.2/);
    expect(() => logLoss(labels(1), [NaN])).toThrow(InputError);
  });
});

describe('liftByDecile', () => {
  it('counts positives per tenth of the ranking', () => {
    const n = 20;
    const y = new Uint8Array(n);
    for (const i of [0, 1, 2, 5, 10]) y[i] = 1;
    const scores = Array.from({ length: n }, (_, i) => n - i);
    const lift = liftByDecile(y, scores);
    expect(lift.map((d) => d.count)).toEqual(Array(10).fill(2));
    expect(lift.map((d) => d.positives)).toEqual([2, 1, 1, 0, 0, 1, 0, 0, 0, 0]);
    expect(lift[0]).toEqual({ decile: 1, count: 2, positives: 2, rate: 1, lift: 4, cumulativeCapture: 0.4, minScore: 19, maxScore: 20 });
    expect(lift[1]).toMatchObject({ rate: 0.5, lift: 2, cumulativeCapture: 0.6 });
    expect(lift.map((d) => d.cumulativeCapture)).toEqual([0.4, 0.6, 0.8, 0.8, 0.8, 1, 1, 1, 1, 1]);
  });

  it('splits uneven row counts into tenths differing by at most one, ties by row index', () => {
    const y = Uint8Array.from({ length: 25 }, (_, i) => (i < 5 ? 1 : 0));
    const lift = liftByDecile(y, new Array(25).fill(0.5));
    expect(lift.map((d) => d.count)).toEqual([2, 3, 2, 3, 2, 3, 2, 3, 2, 3]);
    expect(lift.map((d) => d.positives)).toEqual([2, 3, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('confusionAt', () => {
  it('predicts positive at score ≥ threshold', () => {
    expect(confusionAt(labels(1, 1, 0, 0, 1), [0.9, 0.4, 0.6, 0.2, 0.5], 0.5)).toEqual({
      threshold: 0.5,
      tp: 2,
      fp: 1,
      tn: 1,
      fn: 1,
      precision: 2 / 3,
      recall: 2 / 3,
      specificity: 0.5,
      accuracy: 0.6,
      f1: 2 / 3,
    });
  });

  it('has NaN precision when nothing is predicted positive', () => {
    expect(confusionAt(labels(1, 0), [0.1, 0.2], 0.9)).toMatchObject({ tp: 0, fp: 0, precision: NaN, recall: 0 });
  });
});

describe('against scikit-learn (scores with ties, test/fixtures/sklearn_logreg.json)', () => {
  const { y, metrics } = loadSklearnFixture();

  it('roc_auc_score, average_precision_score, log_loss, brier_score_loss', () => {
    expect(rocAuc(y, metrics.scores)).toBeCloseTo(metrics.roc_auc, 12);
    expect(prAuc(y, metrics.scores)).toBeCloseTo(metrics.average_precision, 12);
    expect(logLoss(y, metrics.scores)).toBeCloseTo(metrics.log_loss, 12);
    expect(brier(y, metrics.scores)).toBeCloseTo(metrics.brier, 12);
  });
});

describe('input checks', () => {
  it('rejects mismatched lengths, empty input and bad labels', () => {
    expect(() => rocAuc(labels(0, 1), [0.1])).toThrow(/2 labels but 1 scores/);
    expect(() => rocAuc(labels(), [])).toThrow(/no rows/);
    expect(() => rocAuc(labels(0, 2), [0.1, 0.2])).toThrow(/row 1 is 2/);
    expect(() => rocAuc(labels(0, 1), [0.1, NaN])).toThrow(/NaN/);
  });
});
