import { describe, expect, it } from 'vitest';
import { FrameEncoder } from '../../../features/encoding/frameEncoder.ts';
import { featureImportance } from '../../../models/explain/featureImportance.ts';
import { LogisticRegression } from '../../../models/logistic/LogisticRegression.ts';
import { frameOf } from '../../features/frameFixture.ts';

// visits 1, 4, 2, 9: mean 4, population sd √9.5, so the encoder's standardised values are (−3, 0, −2, 5)/√9.5.
const frame = frameOf({ numeric: { visits: [1, 4, 2, 9] }, categorical: { channel: ['a', 'b', 'a', 'c'] } });
const encoder = new FrameEncoder({ min_category_count: 1, max_categories: 50, log_skew_threshold: 2 }).fit(frame);

/** A logistic model with hand-picked coefficients and reference means, by encoded column name. */
function handModel(): LogisticRegression {
  const coef: Record<string, number> = { visits: 2, 'channel=a': 1, 'channel=b': -2, 'channel=c': 0.5 };
  const means: Record<string, number> = { 'channel=a': 0.5, 'channel=b': 0.25, 'channel=c': 0.25 };
  const columns = [...encoder.featureNames];
  return LogisticRegression.fromJSON({
    kind: 'logistic-regression',
    format: 1,
    params: {},
    columns,
    coef: columns.map((c) => coef[c] ?? 0),
    intercept: -1,
    means: columns.map((c) => means[c] ?? 0),
    fit: {},
  });
}

describe('featureImportance', () => {
  it('averages |contribution| per source feature, one-hot columns summed per lead (worked by hand)', () => {
    const result = featureImportance(encoder, handModel(), frame)!;
    expect(result.rows).toBe(4);
    expect(result.features.map((f) => f.feature)).toEqual(['visits', 'channel']);
    // visits: |2·z| averaged = 2 · (3 + 0 + 2 + 5)/4 / √9.5.
    expect(result.features[0].meanAbsLogOdds).toBeCloseTo(5 / Math.sqrt(9.5), 10);
    expect(result.features[0].columns).toBe(1);
    // channel per lead: a → 1·0.5 − 2·(−0.25) + 0.5·(−0.25) = 0.875; b → −0.5 − 1.5 − 0.125 = −2.125; c → −0.5 + 0.5 + 0.375 = 0.375.
    expect(result.features[1].meanAbsLogOdds).toBeCloseTo((0.875 + 2.125 + 0.875 + 0.375) / 4, 12);
    expect(result.features[1].meanLogOdds).toBeCloseTo((0.875 - 2.125 + 0.875 + 0.375) / 4, 12);
    expect(result.features[1].columns).toBe(encoder.featureNames.filter((n) => n.startsWith('channel=')).length);
  });

  it('takes evenly spaced leads when asked for fewer', () => {
    const result = featureImportance(encoder, handModel(), frame, 2)!;
    expect(result.rows).toBe(2);
    // Leads 0 and 2 (both channel a, visits 1 and 2).
    expect(result.features.find((f) => f.feature === 'channel')!.meanAbsLogOdds).toBeCloseTo(0.875, 12);
    expect(result.features.find((f) => f.feature === 'visits')!.meanAbsLogOdds).toBeCloseTo((2 * (3 + 2)) / 2 / Math.sqrt(9.5), 10);
  });

  it('is null for a model that cannot explain single predictions', () => {
    const model = handModel() as unknown as { contributions?: unknown };
    const opaque = Object.create(model, { contributions: { value: undefined } });
    expect(featureImportance(encoder, opaque, frame)).toBeNull();
  });
});
