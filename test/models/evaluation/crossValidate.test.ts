import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/errors.ts';
import { crossValidate } from '../../../models/evaluation/crossValidate.ts';

const labels = (...v: number[]) => Uint8Array.from(v);

describe('crossValidate', () => {
  // 6 positives, 6 negatives, 3 folds: every test fold holds 2 of each.
  const y = labels(1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0);

  it('scores each fold and summarises with the population std (ddof = 0), hand-computed', async () => {
    const seen: number[] = [];
    let fold = -1;
    // Fold 1 perfect, fold 2 inverted, fold 3 uninformative: AUC 1, 0, ½.
    const result = await crossValidate(3, y, 42, async (train, test) => {
      fold++;
      seen.push(...test);
      expect(train.length + test.length).toBe(y.length);
      expect(Array.from(test).some((i) => Array.from(train).includes(i))).toBe(false);
      return Float64Array.from(test, (i) => (fold === 2 ? 0.5 : (y[i] === 1) === (fold === 0) ? 0.9 : 0.1));
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from(y, (_, i) => i));
    expect(result.folds.map((f) => f.metrics.auc)).toEqual([1, 0, 0.5]);
    expect(result.folds.map((f) => [f.trainRows, f.testRows])).toEqual([[8, 4], [8, 4], [8, 4]]);
    expect(result.mean.auc).toBeCloseTo(0.5, 15);
    expect(result.std.auc).toBeCloseTo(Math.sqrt(1 / 6), 15); // √(((½)² + (½)² + 0) / 3)
    // Brier: 0.1² = 0.01, 0.9² = 0.81, 0.5² = 0.25.
    expect(result.mean.brier).toBeCloseTo((0.01 + 0.81 + 0.25) / 3, 15);
    expect(result.mean.positive_rate).toBe(0.5);
    expect(result.std.positive_rate).toBe(0);
    expect(Array.from(result.outOfFold).every((p) => p === 0.1 || p === 0.9 || p === 0.5)).toBe(true);
  });

  it('is reproducible from the seed and accepts a synchronous fitPredict', async () => {
    const run = () => crossValidate(2, y, 7, (_train, test) => Float64Array.from(test, (i) => (i % 3) / 3));
    const [a, b] = [await run(), await run()];
    expect(a.folds).toEqual(b.folds);
    expect(Array.from(a.outOfFold)).toEqual(Array.from(b.outOfFold));
  });

  it('names a fold that returns the wrong number of probabilities', async () => {
    await expect(crossValidate(3, y, 1, () => new Float64Array(1))).rejects.toThrow(InputError);
    await expect(crossValidate(3, y, 1, () => new Float64Array(1))).rejects.toThrow(/fold 1 returned 1 probabilities for 4 test rows/);
  });
});
