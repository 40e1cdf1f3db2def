import { describe, expect, it } from 'vitest';
import { liftByDecile } from '../../../models/evaluation/metrics.ts';
import { tiedLiftByDecile } from '../../../models/evaluation/tiedLift.ts';

const labels = (...v: number[]) => Uint8Array.from(v);

describe('tiedLiftByDecile', () => {
  // Tie groups: 9 (1 row, 1 positive), 7 (4 rows, 2 positives), 3 (2 rows, 1), 1 (3 rows, 0).
  const score = [9, 7, 7, 7, 7, 3, 3, 1, 1, 1];
  const y = labels(1, 1, 0, 1, 0, 1, 0, 0, 0, 0);

  it('shares a tie group straddling a cut in proportion to its rows (hand-computed, 5 groups of 2)', () => {
    const rows = tiedLiftByDecile(y, score, 5);
    // Group 1: the 9 (1) and one of four 7s (2 × 1/4); group 2: two 7s (2 × 2/4); group 3: a 7
    // (2 × 1/4) and one of two 3s (1 × 1/2); group 4: a 3 (1/2) and a 1 (0); group 5: two 1s.
    expect(rows.map((r) => r.positives)).toEqual([1.5, 1, 1, 0.5, 0]);
    expect(rows.map((r) => r.count)).toEqual([2, 2, 2, 2, 2]);
    rows.forEach((r, d) => expect(r.rate).toBeCloseTo([0.75, 0.5, 0.5, 0.25, 0][d], 14));
    rows.forEach((r, d) => expect(r.lift).toBeCloseTo([1.875, 1.25, 1.25, 0.625, 0][d], 14));
    rows.forEach((r, d) => expect(r.capture).toBeCloseTo([0.375, 0.25, 0.25, 0.125, 0][d], 14));
    rows.forEach((r, d) => expect(r.cumulativeCapture).toBeCloseTo([0.375, 0.625, 0.875, 1, 1][d], 14));
    rows.forEach((r, d) => expect(r.cumulativeLift).toBeCloseTo([1.875, 2.5 / 4 / 0.4, 3.5 / 6 / 0.4, 1.25, 1][d], 14));
    expect(rows.map((r) => [r.maxScore, r.minScore])).toEqual([[9, 7], [7, 7], [7, 3], [3, 1], [1, 1]]);
  });

  it('does not depend on the order the rows are stored in', () => {
    const permutation = [3, 8, 0, 5, 9, 1, 7, 2, 6, 4];
    const shuffled = tiedLiftByDecile(labels(...permutation.map((i) => y[i])), permutation.map((i) => score[i]), 5);
    expect(shuffled).toEqual(tiedLiftByDecile(y, score, 5));
  });

  it('equals liftByDecile for a score without ties', () => {
    const n = 57;
    const p = Array.from({ length: n }, (_, i) => ((i * 37) % n) / n);
    const yy = Uint8Array.from(p, (v, i) => (v > 0.6 || i % 7 === 0 ? 1 : 0));
    const tied = tiedLiftByDecile(yy, p);
    liftByDecile(yy, p).forEach((row, d) => {
      expect(tied[d].count).toBe(row.count);
      expect(tied[d].positives).toBeCloseTo(row.positives, 12);
      expect(tied[d].lift).toBeCloseTo(row.lift, 12);
      expect(tied[d].cumulativeCapture).toBeCloseTo(row.cumulativeCapture, 12);
    });
  });
});
