import { describe, expect, it } from 'vitest';
import { FrameEncoder } from '../../../features/encoding/frameEncoder.ts';
import { NumericEncoder } from '../../../features/encoding/numericEncoder.ts';
import { readFeatureFrame } from '../../../features/frame/readFeatureFrame.ts';
import { takeFrameRows } from '../../../features/frame/takeFrameRows.ts';
import { NotFittedError } from '../../../core/errors.ts';
import { memoryConnection } from '../../helpers/duckdb.ts';
import { frameOf, rowOf } from '../frameFixture.ts';

const params = { min_category_count: 2, max_categories: 50, log_skew_threshold: 2 };

const frame = frameOf({
  numeric: { employees: [10, 20, NaN, 40, 50, 60], score: [1, 2, 3, 4, 5, 6] },
  categorical: { job_title: ['VP', 'VP', 'CTO', 'CTO', 'intern', null] },
});

describe('FrameEncoder', () => {
  it('encodes every feature column into one matrix with readable names', () => {
    const encoder = new FrameEncoder(params).fit(frame);
    expect(encoder.features).toEqual([
      { name: 'employees', kind: 'numeric' },
      { name: 'score', kind: 'numeric' },
      { name: 'job_title', kind: 'categorical' },
    ]);
    const m = encoder.transform(frame);
    expect(m.columns).toEqual([
      'employees',
      'employees:missing',
      'score',
      'job_title=CTO', // tie with VP (2 rows each): by name
      'job_title=VP',
      'job_title=(other)',
      'job_title=(missing)',
    ]);
    expect(m.rows).toBe(6);
    expect(rowOf(m, 2)['employees:missing']).toBe(1);
    expect(rowOf(m, 4)['job_title=(other)']).toBe(1);
    expect(m.data.every(Number.isFinite)).toBe(true);
  });

  it('maps encoded columns back to the feature and category', () => {
    const encoder = new FrameEncoder(params).fit(frame);
    expect(encoder.sourceOf('job_title=VP')).toEqual({ feature: 'job_title', kind: 'categorical', role: 'category', value: 'VP' });
    expect(encoder.sourceOf('job_title=(other)')).toEqual({ feature: 'job_title', kind: 'categorical', role: 'other' });
    expect(encoder.sourceOf('employees')).toEqual({ feature: 'employees', kind: 'numeric', role: 'value' });
    expect(encoder.sourceOf('employees:missing')).toEqual({ feature: 'employees', kind: 'numeric', role: 'missing' });
    expect(encoder.sourceOf('nope')).toBeUndefined();
    expect(encoder.sources).toHaveLength(encoder.featureNames.length);
  });

  it('fits on the training rows only and applies the same state to other rows', () => {
    const train = [0, 1, 2, 3];
    const encoder = new FrameEncoder(params).fit(frame, train);
    const fromSubset = new FrameEncoder(params).fit(takeFrameRows(frame, train));
    expect(encoder.toJSON()).toEqual(fromSubset.toJSON());
    expect(encoder.featureNames).not.toContain('job_title=(missing)');
    const score = encoder.featureEncoders[1];
    if (!(score instanceof NumericEncoder)) throw new Error('expected the numeric encoder of score');
    expect(score.scaling).toEqual({ mean: 2.5, std: Math.sqrt(1.25) }); // score 1..4, not 1..6
  });

  it('gives an identical transform after a JSON round trip', () => {
    const encoder = new FrameEncoder(params).fit(frame, [0, 1, 3, 4]);
    const copy = FrameEncoder.fromJSON(JSON.parse(JSON.stringify(encoder.toJSON())));
    const a = encoder.transform(frame);
    const b = copy.transform(frame);
    expect(b.columns).toEqual(a.columns);
    expect(b.data).toEqual(a.data);
    expect(copy.sourceOf('job_title=CTO')).toEqual(encoder.sourceOf('job_title=CTO'));
  });

  it('encodes row ranges into a reused buffer exactly as the full transform does', () => {
    const encoder = new FrameEncoder(params).fit(frame);
    const full = encoder.transform(frame);
    const buffer = new Float64Array(4 * full.cols).fill(7); // stale values must not leak through
    const batch = encoder.transformRows(frame, 2, 6, buffer);
    expect(batch.rows).toBe(4);
    expect(batch.data.buffer).toBe(buffer.buffer);
    expect([...batch.data]).toEqual([...full.data.subarray(2 * full.cols)]);
    expect(encoder.transformRows(frame, 1, 2, buffer).data).toEqual(full.data.subarray(full.cols, 2 * full.cols));
    expect(() => encoder.transformRows(frame, 0, 6, buffer)).toThrow(/buffer holds/);
    expect(() => encoder.transformRows(frame, 3, 7)).toThrow(RangeError);
  });

  it('scores a frame read separately from DuckDB: own dictionary, other column order, unseen category', async () => {
    const encoder = new FrameEncoder(params).fit(frame);
    const c = await memoryConnection();
    await c.run(`create table scoring as select * from (values
      ('s1', 'CTO', 15.0, 3.0), ('s2', 'Chief Wizard', null, 4.0), ('s3', null, 45.0, null)) t(lead_id, job_title, employees, score)`);
    const scoring = await readFeatureFrame(c, 'select * from scoring order by lead_id', [
      { name: 'job_title', kind: 'categorical' },
      { name: 'score', kind: 'numeric' },
      { name: 'employees', kind: 'numeric' },
    ]);
    const m = encoder.transform(scoring);
    expect(m.columns).toEqual(encoder.featureNames);
    expect(rowOf(m, 0)['job_title=CTO']).toBe(1);
    expect(rowOf(m, 1)['job_title=(other)']).toBe(1);
    expect(rowOf(m, 1)['employees:missing']).toBe(1);
    expect(rowOf(m, 2)['job_title=(missing)']).toBe(1);
    expect(rowOf(m, 2).score).toBe(0);
  });

  it('refuses use before fit and data without a trained feature', () => {
    expect(() => new FrameEncoder(params).transform(frame)).toThrow(NotFittedError);
    const encoder = new FrameEncoder(params).fit(frame);
    expect(() => encoder.transform(frameOf({ numeric: { employees: [1] } }))).toThrow(/"score" is not in the data/);
    expect(() => new FrameEncoder({ ...params, max_categories: 0 })).toThrow(/features.max_categories/);
  });
});
