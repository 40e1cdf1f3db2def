import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.ts';
import { averageRanks, kendallTauB, spearman } from '../../../models/evaluation/rankCorrelation.ts';

/** Kendall's tau-b by counting every pair: the definition, independent of Knight's algorithm. */
function bruteTauB(a: number[], b: number[]): number {
  let concordant = 0;
  let discordant = 0;
  let tiedA = 0;
  let tiedB = 0;
  let pairs = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      pairs++;
      const s = Math.sign(a[i] - a[j]) * Math.sign(b[i] - b[j]);
      if (a[i] === a[j]) tiedA++;
      if (b[i] === b[j]) tiedB++;
      if (s > 0) concordant++;
      else if (s < 0) discordant++;
    }
  }
  return (concordant - discordant) / Math.sqrt((pairs - tiedA) * (pairs - tiedB));
}

describe('rank correlation', () => {
  it('gives ties the average rank', () => {
    expect(Array.from(averageRanks([10, 20, 10, 5, 20, 20]))).toEqual([2.5, 5, 2.5, 1, 5, 5]);
  });

  it('matches hand-computed values without ties', () => {
    // One swapped neighbour pair in each half: 8 concordant, 2 discordant of 10 pairs; Σd² = 4.
    const a = [1, 2, 3, 4, 5];
    const b = [2, 1, 4, 3, 5];
    expect(kendallTauB(a, b)).toBeCloseTo(0.6, 14);
    expect(spearman(a, b)).toBeCloseTo(1 - (6 * 4) / (5 * 24), 14);
  });

  it('matches hand-computed values with ties in both scores (scipy agrees: 0.8 and 0.8333)', () => {
    // Pairs: (0,1) tied in a, (1,2) tied in b, the other 4 concordant: tau-b = 4 / √(5·5).
    const a = [1, 1, 2, 3];
    const b = [1, 2, 2, 3];
    expect(kendallTauB(a, b)).toBeCloseTo(0.8, 14);
    // Ranks a = [1.5, 1.5, 3, 4], b = [1, 2.5, 2.5, 4]: Σdx·dy = 3.75, Σdx² = Σdy² = 4.5.
    expect(spearman(a, b)).toBeCloseTo(3.75 / 4.5, 14);
    // scipy.stats.kendalltau([3,3,3,1,1,2,2,5], [1,1,2,2,3,3,0,0]) = -0.5107539184552493
    expect(kendallTauB([3, 3, 3, 1, 1, 2, 2, 5], [1, 1, 2, 2, 3, 3, 0, 0])).toBeCloseTo(-0.5107539184552493, 14);
  });

  it('agrees with counting every pair on random scores with heavy ties', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const n of [2, 3, 17, 300]) {
      const a = Array.from({ length: n }, () => Math.floor(random() * 6));
      const b = a.map((v) => (random() < 0.6 ? v : Math.floor(random() * 4)) * 10);
      if (new Set(a).size < 2 || new Set(b).size < 2) continue;
      expect(kendallTauB(a, b)).toBeCloseTo(bruteTauB(a, b), 12);
    }
  });

  it('is ±1 for the same or reversed order and NaN for a constant score', () => {
    const a = [0.1, 0.5, 0.3, 0.9];
    expect(kendallTauB(a, a.map((v) => v * 100))).toBeCloseTo(1, 14);
    expect(spearman(a, a.map((v) => -v))).toBeCloseTo(-1, 14);
    expect(kendallTauB(a, [2, 2, 2, 2])).toBeNaN();
    expect(spearman([2, 2, 2, 2], a)).toBeNaN();
  });

  it('rejects mismatched lengths and NaN values', () => {
    expect(() => spearman([1, 2], [1])).toThrow(InputError);
    expect(() => kendallTauB([1, NaN], [1, 2])).toThrow(/row 1/);
  });
});
