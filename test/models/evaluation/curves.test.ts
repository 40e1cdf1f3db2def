import { describe, expect, it } from 'vitest';
import { calibrationBins, cumulativeGains, precisionRecallCurve, rocCurve, scoreHistogram } from '../../../models/evaluation/curves.ts';
import { rocAuc } from '../../../models/evaluation/metrics.ts';

// Ten leads, scores distinct, 4 converted. Ranked: 0.9+ 0.8− 0.7+ 0.6+ 0.55− 0.4− 0.3+ 0.2− 0.1− 0.05−
const y = Uint8Array.from([1, 0, 1, 1, 0, 0, 1, 0, 0, 0]);
const p = [0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2, 0.1, 0.05];

function close(actual: Array<Record<string, number>>, expected: Array<Record<string, number>>) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((point, i) => {
    for (const key of Object.keys(expected[i])) expect(point[key], `point ${i} ${key}`).toBeCloseTo(expected[i][key], 12);
  });
}

/** Trapezoid area under (x, y) points. */
function area(points: Array<{ x: number; y: number }>): number {
  let sum = 0;
  for (let k = 1; k < points.length; k++) sum += ((points[k].x - points[k - 1].x) * (points[k].y + points[k - 1].y)) / 2;
  return sum;
}

describe('rocCurve', () => {
  it('walks the ranking one distinct score at a time (worked by hand)', () => {
    // Cumulative (fp, tp) after each lead: (0,1) (1,1) (1,2) (1,3) (2,3) (3,3) (3,4) (4,4) (5,4) (6,4); 6 negatives, 4 positives.
    const expected = [
      [0, 0], [0, 1], [1, 1], [1, 2], [1, 3], [2, 3], [3, 3], [3, 4], [4, 4], [5, 4], [6, 4],
    ].map(([fp, tp]) => ({ fpr: fp / 6, tpr: tp / 4 }));
    close(rocCurve(y, p) as unknown as Array<Record<string, number>>, expected);
  });

  it('moves tied scores together, diagonally', () => {
    const points = rocCurve(Uint8Array.from([1, 0, 1, 0]), [0.5, 0.5, 0.2, 0.1]);
    expect(points).toEqual([
      { fpr: 0, tpr: 0 },
      { fpr: 0.5, tpr: 0.5 },
      { fpr: 0.5, tpr: 1 },
      { fpr: 1, tpr: 1 },
    ]);
  });

  it('encloses exactly the AUC: 19 of 24 positive–negative pairs ordered right', () => {
    const points = rocCurve(y, p).map((q) => ({ x: q.fpr, y: q.tpr }));
    expect(area(points)).toBeCloseTo(19 / 24, 12);
    expect(rocAuc(y, p)).toBeCloseTo(19 / 24, 12);
  });

  it('thins a long curve to the asked number of points, staying on it', () => {
    let seed = 3;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const n = 5000;
    const score = Array.from({ length: n }, random);
    const labels = Uint8Array.from(score, (s) => (random() < s ? 1 : 0));
    const full = rocCurve(labels, score);
    const thin = rocCurve(labels, score, 200);
    expect(thin.length).toBeLessThanOrEqual(200);
    expect(thin[0]).toEqual(full[0]);
    expect(thin[thin.length - 1]).toEqual(full[full.length - 1]);
    const onCurve = new Set(full.map((q) => `${q.fpr},${q.tpr}`));
    for (const q of thin) expect(onCurve.has(`${q.fpr},${q.tpr}`)).toBe(true);
    expect(Math.abs(area(thin.map((q) => ({ x: q.fpr, y: q.tpr }))) - rocAuc(labels, score))).toBeLessThan(0.002);
  });

  it('is empty when one outcome is missing', () => {
    expect(rocCurve(Uint8Array.from([0, 0]), [0.1, 0.2])).toEqual([]);
  });
});

describe('precisionRecallCurve', () => {
  it('gives precision and recall at every cut-off (worked by hand)', () => {
    const expected = [
      [0, 1], [1 / 4, 1], [1 / 4, 1 / 2], [2 / 4, 2 / 3], [3 / 4, 3 / 4], [3 / 4, 3 / 5], [3 / 4, 3 / 6], [1, 4 / 7], [1, 4 / 8], [1, 4 / 9], [1, 4 / 10],
    ].map(([recall, precision]) => ({ recall, precision }));
    close(precisionRecallCurve(y, p) as unknown as Array<Record<string, number>>, expected);
  });
});

describe('cumulativeGains', () => {
  it('gives the share of conversions among the top k leads (worked by hand)', () => {
    const captured = [0, 1, 1, 2, 3, 3, 3, 4, 4, 4, 4].map((tp) => tp / 4);
    const expected = captured.map((c, k) => ({ share: k / 10, captured: c }));
    close(cumulativeGains(y, p) as unknown as Array<Record<string, number>>, expected);
    // Lift at the top 30%: 50% of conversions in 30% of leads.
    expect(cumulativeGains(y, p)[3].lift).toBeCloseTo(0.5 / 0.3, 12);
  });
});

describe('calibrationBins', () => {
  it('averages prediction and outcome per tenth of the probability range (worked by hand)', () => {
    const probability = [0.05, 0.08, 0.12, 0.15, 0.18, 0.55, 0.58, 0.91, 0.95, 1.0];
    const labels = Uint8Array.from([0, 0, 0, 1, 0, 1, 0, 1, 1, 1]);
    const bins = calibrationBins(labels, probability);
    expect(bins.map((b) => [b.lower, b.count, b.positives])).toEqual([
      [0, 2, 0],
      [0.1, 3, 1],
      [0.5, 2, 1],
      [0.9, 3, 3], // 1.0 falls in the last bin
    ]);
    const expectedMeans = [(0.05 + 0.08) / 2, (0.12 + 0.15 + 0.18) / 3, (0.55 + 0.58) / 2, (0.91 + 0.95 + 1) / 3];
    bins.forEach((b, i) => expect(b.meanPredicted).toBeCloseTo(expectedMeans[i], 12));
    expect(bins.map((b) => b.observedRate)).toEqual([0, 1 / 3, 0.5, 1]);
  });

  it('refuses probabilities outside [0, 1], naming the row', () => {
    expect(() => calibrationBins(Uint8Array.from([1, 0]), [0.5, 1.2])).toThrow(/row 1/);
  });
});

describe('scoreHistogram', () => {
  it('counts each outcome per bin and shares sum to one per outcome', () => {
    const probability = [0.02, 0.07, 0.12, 0.33, 0.36, 0.61, 0.97];
    const labels = Uint8Array.from([0, 0, 1, 0, 1, 0, 1]);
    const { converted, notConverted } = scoreHistogram(labels, probability, 10);
    expect(converted.map((b) => b.count)).toEqual([0, 1, 0, 1, 0, 0, 0, 0, 0, 1]);
    expect(notConverted.map((b) => b.count)).toEqual([2, 0, 0, 1, 0, 0, 1, 0, 0, 0]);
    expect(converted[1].share).toBeCloseTo(1 / 3, 12);
    expect(notConverted[0].share).toBeCloseTo(2 / 4, 12);
  });
});
