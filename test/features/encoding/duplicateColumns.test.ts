import { describe, expect, it } from 'vitest';
import { FrameEncoder } from '../../../features/encoding/frameEncoder.ts';
import type { FeatureFrame } from '../../../features/frame/featureFrame.ts';

function frame(columns: Record<string, number[]>): FeatureFrame {
  const rows = Object.values(columns)[0].length;
  return {
    rows,
    leadIds: Array.from({ length: rows }, (_, i) => `L${i}`),
    createdAt: new Float64Array(rows).fill(NaN),
    snapshotAt: new Float64Array(rows).fill(NaN),
    label: Int8Array.from({ length: rows }, (_, i) => i % 2),
    columns: Object.entries(columns).map(([name, values]) => ({ kind: 'numeric' as const, name, values: Float64Array.from(values) })),
  };
}

const params = { min_category_count: 1, max_categories: 10, log_skew_threshold: 2 };

describe('FrameEncoder drops exact copies of earlier numeric features', () => {
  it('leaves out a column equal to an earlier one on the training rows, and says so', () => {
    const f = frame({ views_7d: [0, 1, 2, NaN, 4], views_30d: [0, 1, 2, NaN, 4], size: [5, 3, 1, 2, 9] });
    const encoder = new FrameEncoder(params).fit(f);
    expect(encoder.dropped).toEqual([{ feature: 'views_30d', duplicateOf: 'views_7d' }]);
    expect(encoder.features.map((c) => c.name)).toEqual(['views_7d', 'size']);
    expect(FrameEncoder.fromJSON(JSON.parse(JSON.stringify(encoder))).dropped).toEqual(encoder.dropped);
  });

  it('keeps a column that differs on any training row, and judges on training rows only', () => {
    const f = frame({ a: [0, 1, 2, 3], b: [0, 1, 2, 7] });
    expect(new FrameEncoder(params).fit(f).dropped).toEqual([]);
    expect(new FrameEncoder(params).fit(f, [0, 1, 2]).dropped).toEqual([{ feature: 'b', duplicateOf: 'a' }]);
  });
});
