import { describe, expect, it } from 'vitest';
import { takeFrameRows } from '../../../features/frame/takeFrameRows.ts';
import { frameOf } from '../frameFixture.ts';

describe('takeFrameRows', () => {
  const frame = frameOf({
    leadIds: ['a', 'b', 'c'],
    label: [1, 0, -1],
    numeric: { x: [1, NaN, 3] },
    categorical: { c: ['u', null, 'v'] },
  });

  it('returns the rows at the indices, in order, sharing dictionaries', () => {
    const taken = takeFrameRows(frame, [2, 0, 2]);
    expect(taken.rows).toBe(3);
    expect(taken.leadIds).toEqual(['c', 'a', 'c']);
    expect([...taken.label]).toEqual([-1, 1, -1]);
    const [x, c] = taken.columns;
    if (x.kind !== 'numeric' || c.kind !== 'categorical') throw new Error('unexpected kinds');
    expect([...x.values]).toEqual([3, 1, 3]);
    expect(c.codes.map((code) => code)).toEqual(Int32Array.from([1, 0, 1]));
    expect(c.dictionary).toBe((frame.columns[1] as typeof c).dictionary);
  });

  it('leaves the input frame unchanged and rejects rows it does not have', () => {
    takeFrameRows(frame, [1]);
    expect(frame.leadIds).toEqual(['a', 'b', 'c']);
    expect(() => takeFrameRows(frame, [3])).toThrow(RangeError);
    expect(() => takeFrameRows(frame, [0.5])).toThrow(RangeError);
  });
});
