import { describe, expect, it } from 'vitest';
import { NumericEncoder } from '../../../features/encoding/numericEncoder.ts';
import { frameOf, rowOf } from '../frameFixture.ts';

const params = { log_skew_threshold: 2 };

function column(m: { rows: number; cols: number; data: Float64Array }, j: number): number[] {
  return Array.from({ length: m.rows }, (_, r) => m.data[r * m.cols + j]);
}

function meanStd(values: number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, std: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) };
}

describe('NumericEncoder', () => {
  it('standardises with the training mean and population std', () => {
    const frame = frameOf({ numeric: { x: [1, 2, 3, 4] } });
    const encoder = new NumericEncoder('x', params).fit(frame);
    expect(encoder.featureNames).toEqual(['x']);
    expect(encoder.scaling).toEqual(meanStd([1, 2, 3, 4]));
    const encoded = column(encoder.transform(frame), 0);
    expect(meanStd(encoded).mean).toBeCloseTo(0, 12);
    expect(meanStd(encoded).std).toBeCloseTo(1, 12);
  });

  it('uses only the training rows for mean and std', () => {
    const frame = frameOf({ numeric: { x: [10, 20, 30, 1000, -500] } });
    const encoder = new NumericEncoder('x', params).fit(frame, [0, 1, 2]);
    const { mean, std } = meanStd([10, 20, 30]);
    expect(encoder.scaling).toEqual({ mean, std });
    const m = encoder.transform(frame);
    expect(column(m, 0)).toEqual([10, 20, 30, 1000, -500].map((x) => (x - mean) / std));
  });

  it('adds a :missing indicator when training rows had missing values, imputing the mean (0)', () => {
    const frame = frameOf({ numeric: { x: [2, NaN, 4, Infinity] } });
    const encoder = new NumericEncoder('x', params).fit(frame);
    expect(encoder.featureNames).toEqual(['x', 'x:missing']);
    expect(encoder.scaling).toEqual({ mean: 3, std: 1 });
    const m = encoder.transform(frame);
    expect(rowOf(m, 0)).toEqual({ x: -1, 'x:missing': 0 });
    expect(rowOf(m, 1)).toEqual({ x: 0, 'x:missing': 1 });
    expect(rowOf(m, 3)).toEqual({ x: 0, 'x:missing': 1 });
  });

  it('has no indicator when training had no missing values; a missing value at scoring is the mean', () => {
    const encoder = new NumericEncoder('x', params).fit(frameOf({ numeric: { x: [1, 3] } }));
    expect(encoder.featureNames).toEqual(['x']);
    expect(column(encoder.transform(frameOf({ numeric: { x: [NaN] } })), 0)).toEqual([0]);
  });

  it('applies log1p when skewness exceeds the threshold and all values are ≥ 0', () => {
    const skewed = [0, 0, 0, 1, 1, 1, 2, 2, 3, 5, 8, 400];
    const encoder = new NumericEncoder('visits', params).fit(frameOf({ numeric: { visits: skewed } }));
    expect(encoder.log).toBe(true);
    expect(encoder.scaling).toEqual(meanStd(skewed.map(Math.log1p)));
    const value = column(encoder.transform(frameOf({ numeric: { visits: [400, -3] } })), 0);
    const { mean, std } = meanStd(skewed.map(Math.log1p));
    expect(value[0]).toBeCloseTo((Math.log1p(400) - mean) / std, 12);
    expect(value[1]).toBeCloseTo((0 - mean) / std, 12); // negative at scoring: taken as 0
  });

  it('does not log a skewed column with negative values, nor one below the threshold', () => {
    const negative = [-1, 0, 0, 1, 1, 1, 2, 2, 3, 5, 8, 400];
    expect(new NumericEncoder('x', params).fit(frameOf({ numeric: { x: negative } })).log).toBe(false);
    const mild = [1, 2, 3, 4, 5, 6, 7, 8, 9, 20]; // skewness 1.61
    expect(new NumericEncoder('x', params).fit(frameOf({ numeric: { x: mild } })).log).toBe(false);
    expect(new NumericEncoder('x', { log_skew_threshold: 1 }).fit(frameOf({ numeric: { x: mild } })).log).toBe(true);
  });

  it('encodes a constant column as zeros, never NaN', () => {
    const frame = frameOf({ numeric: { x: [5, 5, 5, NaN] } });
    const encoder = new NumericEncoder('x', params).fit(frame);
    expect(encoder.scaling.std).toBe(0);
    const m = encoder.transform(frameOf({ numeric: { x: [5, 7, NaN] } }));
    expect(column(m, 0)).toEqual([0, 0, 0]);
    expect(column(m, 1)).toEqual([0, 0, 1]);
    const allMissing = new NumericEncoder('x', params).fit(frameOf({ numeric: { x: [NaN, NaN] } }));
    expect(column(allMissing.transform(frameOf({ numeric: { x: [1, NaN] } })), 0)).toEqual([0, 0]);
  });

  it('round-trips through JSON with an identical transform', () => {
    const frame = frameOf({ numeric: { x: [0.1, 0.2, NaN, 7, 1e6, 3] } });
    const encoder = new NumericEncoder('x', params).fit(frame);
    const copy = NumericEncoder.fromJSON(JSON.parse(JSON.stringify(encoder)));
    expect(copy.transform(frame).data).toEqual(encoder.transform(frame).data);
  });
});
