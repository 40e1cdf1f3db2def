import { describe, expect, it } from 'vitest';
import { mostDisagreeing } from '../../../../pipelines/reports/compare/disagreements.ts';

describe('mostDisagreeing', () => {
  it('compares percentiles, ties sharing the average rank (hand-computed)', () => {
    // Model ranks 1..5 as listed; rule scores: three leads tied at 0 share rank 2 (of 1, 2, 3).
    const model = [0.1, 0.2, 0.3, 0.4, 0.5];
    const rules = [90, 0, 50, 0, 0];
    // Rule ranks: 0s → 2, 50 → 4, 90 → 5. Percentiles ×100/5: model 20,40,60,80,100; rules 100,40,80,40,40.
    const { modelHigher, rulesHigher } = mostDisagreeing(model, rules, 2);
    expect(modelHigher.map((d) => [d.index, d.gap])).toEqual([[4, 60], [3, 40]]);
    expect(rulesHigher.map((d) => [d.index, d.gap])).toEqual([[0, -80], [2, -20]]);
    expect(modelHigher[0]).toMatchObject({ modelPercentile: 100, rulePercentile: 40 });
  });

  it('leaves out leads on which both agree and copes with top 0 and no rows', () => {
    const { modelHigher, rulesHigher } = mostDisagreeing([1, 2, 3], [10, 20, 30], 5);
    expect(modelHigher).toEqual([]);
    expect(rulesHigher).toEqual([]);
    expect(mostDisagreeing([1, 2], [2, 1], 0)).toEqual({ modelHigher: [], rulesHigher: [] });
    expect(mostDisagreeing([], [], 3)).toEqual({ modelHigher: [], rulesHigher: [] });
  });
});
