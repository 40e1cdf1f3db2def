import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeColumns, trainingDataFingerprint } from '../../../features/trainingSet/columnStorage.ts';
import { readTrainingSet } from '../../../features/trainingSet/readTrainingSet.ts';
import { writeTrainingSet } from '../../../features/trainingSet/writeTrainingSet.ts';
import { columnIntegers, integerColumn, withPackedLeadIds, type NumericFrameColumn } from '../../../features/frame/featureFrame.ts';

const columnIntegersOf = (column: NumericFrameColumn) => columnIntegers(column);
import { packStrings } from '../../../features/frame/packedStrings.ts';
import { frameOf } from '../frameFixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'leadscore-column-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = {
  leadIds: ['a', 'b', 'c', 'd'],
  label: [1, 0, -1, 0],
  numeric: { visits: [0, 3, 1, 120], revenue: [NaN, 5, 0, 70_000], share: [0.5, 0, 1, 0.25] },
  categorical: { industry: ['retail', null, 'software', 'retail'] },
};

describe('column storage', () => {
  it('stores each numeric column in the narrowest exact type, converted once', () => {
    const [visits, revenue, share, industry] = storeColumns(frameOf(spec));
    expect(visits).toMatchObject({ hasMissing: false, values: Int8Array.from([0, 3, 1, 120]) });
    expect(revenue).toMatchObject({ hasMissing: true, values: Int32Array.from([0, 5, 0, 70_000]) });
    expect(share?.values).toBeInstanceOf(Float64Array);
    expect(industry).toBeNull();
    const wide = storeColumns(frameOf({ numeric: { x: [1, -0, 2], y: [2 ** 31, 1, 2], z: [1, Infinity, 2], w: [-129, 0, 1] } }));
    expect(wide.map((c) => c?.values.constructor.name)).toEqual(['Float64Array', 'Float64Array', 'Float64Array', 'Int16Array']);
  });

  it('fingerprints the same values alike however the frame was built, and any change apart', async () => {
    const frame = frameOf(spec);
    const fingerprint = trainingDataFingerprint(frame);
    const { leadIds, ...rest } = frame;
    expect(trainingDataFingerprint(withPackedLeadIds(rest, packStrings(leadIds)))).toBe(fingerprint);
    const path = join(dir, 'set.arrow');
    await writeTrainingSet(path, frame, {});
    expect(trainingDataFingerprint((await readTrainingSet(path)).frame)).toBe(fingerprint);

    const changed = (numeric: Record<string, number[]>) => trainingDataFingerprint(frameOf({ ...spec, numeric: { ...spec.numeric, ...numeric } }));
    // A missing value and a 0 are both 0 in the stored Int32 column: the doubles tell them apart.
    expect(changed({ revenue: [0, 5, 0, 70_000] })).not.toBe(fingerprint);
    expect(changed({ visits: [0, 3, 1, 121] })).not.toBe(fingerprint);
    expect(trainingDataFingerprint(frameOf({ ...spec, leadIds: ['a', 'b', 'c', 'e'] }))).not.toBe(fingerprint);
    expect(trainingDataFingerprint(frameOf({ ...spec, label: [1, 0, 0, 0] }))).not.toBe(fingerprint);
  });

  it('stores a column kept as integers as it stores the same values as doubles', () => {
    const frame = frameOf(spec);
    const visits = integerColumn('visits', Int32Array.from([0, 3, 1, 120]));
    const asIntegers = { ...frame, columns: [visits, ...frame.columns.slice(1)] };
    expect(storeColumns(asIntegers)[0]).toEqual(storeColumns(frame)[0]);
    expect(trainingDataFingerprint(asIntegers)).toBe(trainingDataFingerprint(frame));
    const big = integerColumn('big', Int32Array.from([1, -70_000]));
    expect(storeColumns(frameOf({ numeric: { x: [0, 0] } }))[0]?.values).toBeInstanceOf(Int8Array);
    expect(storeColumns({ ...frameOf({ numeric: { x: [0, 0] } }), columns: [big] })[0]?.values).toBe(columnIntegersOf(big));
  });

  it('never makes the doubles of a column kept as integers, to fingerprint or write it', async () => {
    const frame = frameOf(spec);
    const visits = integerColumn('visits', Int32Array.from([0, 3, 1, 120]));
    Object.defineProperty(visits, 'values', {
      get() {
        throw new Error('doubles made');
      },
    });
    const asIntegers = { ...frame, columns: [visits, ...frame.columns.slice(1)] };
    expect(trainingDataFingerprint(asIntegers)).toBe(trainingDataFingerprint(frame));
    await writeTrainingSet(join(dir, 'integers.arrow'), asIntegers, {});
    const [back] = (await readTrainingSet(join(dir, 'integers.arrow'))).frame.columns;
    expect(back.kind === 'numeric' && Array.from(back.values)).toEqual([0, 3, 1, 120]);
  });
});
