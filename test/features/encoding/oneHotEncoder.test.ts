import { describe, expect, it } from 'vitest';
import { OneHotEncoder } from '../../../features/encoding/oneHotEncoder.ts';
import { NotFittedError, LeadscoreError } from '../../../core/errors.ts';
import { frameOf, rowOf } from '../frameFixture.ts';

const params = { min_category_count: 2, max_categories: 10 };

describe('OneHotEncoder', () => {
  const training = frameOf({
    categorical: { industry: ['software', 'software', 'software', 'retail', 'retail', 'mining', null] },
  });

  it('gives a column to categories with at least min_category_count rows, most frequent first', () => {
    const encoder = new OneHotEncoder('industry', params).fit(training);
    expect(encoder.featureNames).toEqual(['industry=software', 'industry=retail', 'industry=(other)', 'industry=(missing)']);
    const m = encoder.transform(training);
    expect(m.rows).toBe(7);
    expect(rowOf(m, 0)).toEqual({ 'industry=software': 1, 'industry=retail': 0, 'industry=(other)': 0, 'industry=(missing)': 0 });
    expect(rowOf(m, 3)['industry=retail']).toBe(1);
    expect(rowOf(m, 5)['industry=(other)']).toBe(1); // mining: 1 row < min count
    expect(rowOf(m, 6)['industry=(missing)']).toBe(1);
    for (let r = 0; r < m.rows; r++) expect(m.data.subarray(r * m.cols, (r + 1) * m.cols).reduce((a, b) => a + b)).toBe(1);
  });

  it('keeps at most max_categories columns, the rest go to (other)', () => {
    const encoder = new OneHotEncoder('industry', { min_category_count: 1, max_categories: 1 }).fit(training);
    expect(encoder.categories).toEqual(['software']);
    expect(rowOf(encoder.transform(training), 3)['industry=(other)']).toBe(1);
  });

  it('counts only the training rows', () => {
    const encoder = new OneHotEncoder('industry', params).fit(training, [3, 4, 5, 6]);
    expect(encoder.featureNames).toEqual(['industry=retail', 'industry=(other)', 'industry=(missing)']);
  });

  it('matches categories by text in a frame with its own dictionary; unseen ones go to (other)', () => {
    const encoder = new OneHotEncoder('industry', params).fit(training);
    // Scoring frame: different dictionary order, a category never seen, no missing column learned issue.
    const scoring = frameOf({ categorical: { industry: ['fintech', 'retail', null, 'software'] } });
    const m = encoder.transform(scoring);
    expect(m.columns).toEqual(encoder.featureNames);
    expect(rowOf(m, 0)['industry=(other)']).toBe(1);
    expect(rowOf(m, 1)['industry=retail']).toBe(1);
    expect(rowOf(m, 2)['industry=(missing)']).toBe(1);
    expect(rowOf(m, 3)['industry=software']).toBe(1);
  });

  it('sends missing values to (other) when training had none', () => {
    const encoder = new OneHotEncoder('industry', params).fit(training, [0, 1, 2, 3, 4]);
    expect(encoder.featureNames).toEqual(['industry=software', 'industry=retail', 'industry=(other)']);
    const m = encoder.transform(frameOf({ categorical: { industry: [null] } }));
    expect(rowOf(m, 0)['industry=(other)']).toBe(1);
  });

  it('keeps names unique when a category is literally "(other)"', () => {
    const frame = frameOf({ categorical: { c: ['(other)', '(other)', 'x'] } });
    const encoder = new OneHotEncoder('c', params).fit(frame);
    expect(encoder.featureNames).toEqual(['c=(other)', 'c=(other) #2']);
    expect(rowOf(encoder.transform(frame), 2)['c=(other) #2']).toBe(1);
  });

  it('round-trips through JSON, and refuses use before fit or with the wrong column', () => {
    const encoder = new OneHotEncoder('industry', params).fit(training);
    const copy = OneHotEncoder.fromJSON(JSON.parse(JSON.stringify(encoder)));
    expect(copy.transform(training)).toEqual(encoder.transform(training));
    expect(() => new OneHotEncoder('industry', params).transform(training)).toThrow(NotFittedError);
    expect(() => encoder.transform(frameOf({ numeric: { industry: [1] } }))).toThrow(LeadscoreError);
    expect(() => encoder.transform(frameOf({ numeric: { other: [1] } }))).toThrow(/not in the data/);
    expect(() => OneHotEncoder.fromJSON({ type: 'one-hot' })).toThrow(/not valid/);
  });
});
