import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataType, Float64, Int8, Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { readFile } from 'node:fs/promises';
import { writeTrainingSet } from '../../../features/trainingSet/writeTrainingSet.ts';
import { readTrainingSet } from '../../../features/trainingSet/readTrainingSet.ts';
import { readFeatureFrame } from '../../../features/frame/readFeatureFrame.ts';
import { InputError } from '../../../core/errors.ts';
import { memoryConnection } from '../../helpers/duckdb.ts';
import { expectSameFrame, frameOf } from '../frameFixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'leadscore-training-set-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const frame = frameOf({
  leadIds: ['a', 'b-ü', 'c'],
  createdAt: [Date.UTC(2024, 0, 1), NaN, -86_400_000],
  snapshotAt: [NaN, Date.UTC(2024, 5, 1, 12, 30, 0, 7), 0],
  label: [1, -1, 0],
  numeric: { visits: [0, NaN, -2.5e-300], amount: [-0, 1e300, Number.MIN_VALUE] },
  // An unused dictionary entry ('unused') must survive: codes are kept as they are.
  categorical: { industry: ['retail', null, 'software'], empty: [null, null, null] },
  dictionaries: { industry: ['software', 'unused', 'retail'] },
});
const metadata = { config: { name: 'demo', window_days: 90 }, as_of: '2024-06-30', rows: 3, tags: ['a', null] };

describe('training-set file', () => {
  it('round-trips a frame and its metadata exactly', async () => {
    const path = join(dir, 'exact.arrow');
    await writeTrainingSet(path, frame, { replaced: true });
    await writeTrainingSet(path, frame, metadata);
    expect(readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([]);
    const back = await readTrainingSet(path);
    expect(back.metadata).toEqual(metadata);
    expect(back.frame).toEqual(frame);
    const amount = back.frame.columns[1];
    expect(amount.kind === 'numeric' && Object.is(amount.values[0], -0)).toBe(true);
  });

  it('uses the documented Arrow types and schema metadata', async () => {
    const path = join(dir, 'types.arrow');
    await writeTrainingSet(path, frame, metadata);
    const table = tableFromIPC(await readFile(path));
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({
      lead_id: 'Utf8',
      created_at: 'Timestamp<MILLISECOND>',
      snapshot_at: 'Timestamp<MILLISECOND>',
      label: 'Int8',
      visits: 'Float64',
      amount: 'Float64',
      industry: 'Dictionary<Int8, Utf8>',
      empty: 'Dictionary<Int8, Utf8>',
    });
    expect(DataType.isDictionary(table.schema.fields[6].type)).toBe(true);
    expect(table.getChild('label')!.toArray()).toEqual(Int8Array.from([1, 0, 0]));
    expect(table.getChild('label')!.nullCount).toBe(1);
    expect(table.getChild('industry')!.get(0)).toBe('retail');
    const header = JSON.parse(table.schema.metadata.get('leadscore')!);
    expect(header.features).toEqual([
      { name: 'visits', kind: 'numeric' },
      { name: 'amount', kind: 'numeric' },
      { name: 'industry', kind: 'categorical' },
      { name: 'empty', kind: 'categorical' },
    ]);
  });

  it('stores each numeric column in the narrowest type that holds it exactly, and reads it back unchanged', async () => {
    const wide = frameOf({
      numeric: {
        small: [0, NaN, -128, 127],
        medium: [128, -1, NaN, 3],
        large: [2 ** 31 - 1, -(2 ** 31), 0, NaN],
        beyond: [2 ** 31, 0, 1, 2],
        fraction: [1, 2, 3.5, NaN],
        negativeZero: [1, -0, 2, 3],
        infinite: [1, Infinity, 2, 3],
        missing: [NaN, NaN, NaN, NaN],
      },
      categorical: {
        few: ['a', 'b', null, 'a'],
        many: ['v0', 'v199', null, 'v5'],
      },
      dictionaries: { many: Array.from({ length: 200 }, (_, i) => `v${i}`) },
    });
    const path = join(dir, 'narrow.arrow');
    await writeTrainingSet(path, wide, {});
    const table = tableFromIPC(await readFile(path));
    const types = Object.fromEntries(table.schema.fields.slice(4).map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({
      small: 'Int8',
      medium: 'Int16',
      large: 'Int32',
      beyond: 'Float64',
      fraction: 'Float64',
      negativeZero: 'Float64',
      infinite: 'Float64',
      missing: 'Int8',
      few: 'Dictionary<Int8, Utf8>',
      many: 'Dictionary<Int16, Utf8>',
    });
    expect(table.getChild('medium')!.nullCount).toBe(1);
    expect((await readTrainingSet(path)).frame).toEqual(wide);
  });

  it('reads a version 1 file, where every numeric column is Float64', async () => {
    const path = join(dir, 'version1.arrow');
    await writeTrainingSet(path, frame, metadata);
    const table = tableFromIPC(await readFile(path));
    const header = JSON.parse(table.schema.metadata.get('leadscore')!);
    expect(header.version).toBe(2);
    const v1 = new Table({
      lead_id: vectorFromArray(['x', 'y'], new Utf8()),
      label: vectorFromArray([1, 0], new Int8()),
      visits: vectorFromArray([1.5, 2], new Float64()),
    });
    v1.schema.metadata.set('leadscore', JSON.stringify({ ...header, version: 1, features: [{ name: 'visits', kind: 'numeric' }] }));
    writeFileSync(path, tableToIPC(v1, 'file'));
    const back = await readTrainingSet(path);
    expect(back.frame.leadIds).toEqual(['x', 'y']);
    expect(back.frame.columns).toEqual([{ kind: 'numeric', name: 'visits', values: Float64Array.from([1.5, 2]) }]);
  });

  it('round-trips a frame read from DuckDB across several record batches, and an empty frame', async () => {
    const c = await memoryConnection();
    await c.run(`create table f as select 'L' || i as lead_id, timestamp '2023-06-01' + to_seconds(i * 60) as created_at,
      null::timestamp as snapshot_at, case when i % 4 = 0 then null else (i % 2)::integer end as label,
      case when i % 9 = 0 then null else sqrt(i) end as x, case when i % 13 = 0 then null else 'k' || (i % 37) end as k,
      (i % 300)::integer as n
      from range(150000) t(i)`);
    const features = [
      { name: 'x', kind: 'numeric' as const },
      { name: 'k', kind: 'categorical' as const },
      { name: 'n', kind: 'numeric' as const },
    ];
    const big = await readFeatureFrame(c, 'select * from f order by lead_id', features);
    const path = join(dir, 'big.arrow');
    await writeTrainingSet(path, big, {});
    expectSameFrame((await readTrainingSet(path)).frame, big);
    // Integers kept as read (leadscore features) make the same file: same types, same values.
    const kept = await readFeatureFrame(c, 'select * from f order by lead_id', features, { keepIntegers: true });
    await writeTrainingSet(join(dir, 'kept.arrow'), kept, {});
    const typesOf = async (file: string) => tableFromIPC(await readFile(file)).schema.fields.map((f) => `${f.name}: ${f.type}`);
    expect(await typesOf(join(dir, 'kept.arrow'))).toEqual(await typesOf(path));
    expect((await typesOf(path)).at(-1)).toBe('n: Int16');
    expectSameFrame((await readTrainingSet(join(dir, 'kept.arrow'))).frame, big);

    const empty = { ...frameOf({ numeric: { x: [] }, categorical: { k: [] }, dictionaries: { k: ['a'] } }) };
    await writeTrainingSet(join(dir, 'empty.arrow'), empty, { note: 'nothing' });
    expect(await readTrainingSet(join(dir, 'empty.arrow'))).toEqual({ frame: empty, metadata: { note: 'nothing' } });
  });

  it('says so when a file is not a training set', async () => {
    const path = join(dir, 'junk.arrow');
    writeFileSync(path, 'not arrow');
    await expect(readTrainingSet(path)).rejects.toBeInstanceOf(InputError);
    await expect(readTrainingSet(join(dir, 'missing.arrow'))).rejects.toThrow(/cannot read training set/);
  });
});
