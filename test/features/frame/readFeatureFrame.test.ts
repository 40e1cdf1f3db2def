import { describe, expect, it, vi } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBDoubleVector, DuckDBIntegerVector, DuckDBVarCharVector } from '@duckdb/node-api';
import { columnIntegers } from '../../../features/frame/featureFrame.ts';
import { enumLimit, readFeatureFrame, splitFinalOrderBy, stringRecords, vectorValues } from '../../../features/frame/readFeatureFrame.ts';
import type { FeatureColumn, FeatureFrame } from '../../../features/frame/featureFrame.ts';
import { InputError } from '../../../core/errors.ts';
import { memoryConnection } from '../../helpers/duckdb.ts';

const features: FeatureColumn[] = [
  { name: 'employees', kind: 'numeric' },
  { name: 'industry', kind: 'categorical' },
];

async function leadFeatures(): Promise<DuckDBConnection> {
  const c = await memoryConnection();
  await c.run(`create table lead_features (lead_id varchar, created_at timestamp, snapshot_at timestamp, label integer,
    is_training boolean, employees double, industry varchar)`);
  await c.run(`insert into lead_features values
    ('a', '2024-01-01 10:00:00', '2024-01-08 10:00:00', 1, true, 12.5, 'software'),
    ('b', '2024-01-02 00:00:00.250', null, 0, true, null, 'retail'),
    ('c', null, null, null, false, 3, null),
    ('d', '1969-12-31 23:59:59', '2024-01-09 00:00:00', 0, true, 'NaN', 'software')`);
  return c;
}

/** A frame as comparable strings: toEqual on arrays of 70,000 numbers takes seconds. */
function frameBytes(frame: FeatureFrame): Record<string, string> {
  const hex = (array: ArrayBufferView) => Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('hex');
  return {
    rows: String(frame.rows),
    leadIds: frame.leadIds.join(','),
    createdAt: hex(frame.createdAt),
    snapshotAt: hex(frame.snapshotAt),
    label: hex(frame.label),
    ...Object.fromEntries(
      frame.columns.map((column) => [column.name, column.kind === 'numeric' ? hex(column.values) : `${hex(column.codes)} ${column.dictionary.join(',')}`]),
    ),
  };
}

describe('readFeatureFrame', () => {
  it('reads ids, epoch-ms timestamps, labels and feature columns with their NULLs', async () => {
    const c = await leadFeatures();
    const frame = await readFeatureFrame(c, 'select * from lead_features order by lead_id', features);

    expect(frame.rows).toBe(4);
    expect(frame.leadIds).toEqual(['a', 'b', 'c', 'd']);
    expect([...frame.createdAt]).toEqual([Date.UTC(2024, 0, 1, 10), Date.UTC(2024, 0, 2) + 250, NaN, -1000]);
    expect([...frame.snapshotAt]).toEqual([Date.UTC(2024, 0, 8, 10), NaN, NaN, Date.UTC(2024, 0, 9)]);
    expect(frame.label).toBeInstanceOf(Int8Array);
    expect([...frame.label]).toEqual([1, 0, -1, 0]);

    const [employees, industry] = frame.columns;
    expect(employees.kind).toBe('numeric');
    if (employees.kind !== 'numeric') throw new Error('unreachable');
    expect(employees.values).toBeInstanceOf(Float64Array);
    expect([...employees.values]).toEqual([12.5, NaN, 3, NaN]);

    expect(industry.kind).toBe('categorical');
    if (industry.kind !== 'categorical') throw new Error('unreachable');
    expect(industry.codes).toBeInstanceOf(Int32Array);
    expect([...industry.dictionary].sort()).toEqual(['retail', 'software']);
    expect([...industry.codes].map((code) => (code < 0 ? null : industry.dictionary[code]))).toEqual(['software', 'retail', null, 'software']);
  });

  it('reads results spanning many DuckDB chunks, low- and high-cardinality categoricals alike', async () => {
    const c = await memoryConnection();
    await c.run(`create table big as select 'L' || i as lead_id, timestamp '2024-01-01' + to_seconds(i) as created_at,
      null::timestamp as snapshot_at, case when i % 5 = 0 then null else (i % 2)::integer end as label,
      case when i % 7 = 0 then null else i * 0.5 end as score, case when i % 11 = 0 then null else 'c' || (i % 3) end as bucket,
      case when i % 13 = 0 then null else 'company ' || i end as company
      from range(30000) t(i)`);
    const frame = await readFeatureFrame(c, 'select * from big order by created_at;', [
      { name: 'score', kind: 'numeric' },
      { name: 'bucket', kind: 'categorical' },
      { name: 'company', kind: 'categorical' }, // > 20,000 distinct values: read as text
    ]);
    expect(frame.rows).toBe(30000);
    expect(frame.leadIds[29999]).toBe('L29999');
    expect(frame.createdAt[4321]).toBe(Date.UTC(2024, 0, 1) + 4321 * 1000);
    expect(frame.label[4320]).toBe(-1);
    expect(frame.label[4321]).toBe(1);
    const [score, bucket, company] = frame.columns;
    if (score.kind !== 'numeric' || bucket.kind !== 'categorical' || company.kind !== 'categorical') throw new Error('unexpected kinds');
    expect(score.values[7000]).toBeNaN();
    expect(score.values[7001]).toBe(3500.5);
    expect(bucket.dictionary).toEqual(['c0', 'c1', 'c2']);
    expect(bucket.codes[1100]).toBe(-1);
    expect(bucket.dictionary[bucket.codes[1101]]).toBe('c' + (1101 % 3));
    expect(company.dictionary).toHaveLength(30000 - Math.ceil(30000 / 13));
    expect(company.codes[1300]).toBe(-1);
    expect(company.dictionary[company.codes[29999]]).toBe('company 29999');
  });

  it('casts other numeric and scalar types, and defaults absent optional columns', async () => {
    const c = await memoryConnection();
    const frame = await readFeatureFrame(
      c,
      `select 7 as lead_id, 3::bigint as visits, 2.50::decimal(5,2) as amount, 42 as region, true as is_partner`,
      [
        { name: 'visits', kind: 'numeric' },
        { name: 'amount', kind: 'numeric' },
        { name: 'region', kind: 'categorical' },
        { name: 'is_partner', kind: 'categorical' },
      ],
    );
    expect(frame.leadIds).toEqual(['7']);
    expect([...frame.createdAt]).toEqual([NaN]);
    expect([...frame.label]).toEqual([-1]);
    const values = frame.columns.map((col) => (col.kind === 'numeric' ? col.values[0] : col.dictionary[col.codes[0]]));
    expect(values).toEqual([3, 2.5, '42', 'true']);
  });

  it('keeps category text exactly: quotes, empty string, unicode, case and spaces', async () => {
    const c = await memoryConnection();
    const values = ["O'Reilly", '', 'Zürich 🚀', 'vp', 'VP', ' VP ', 'a, b'];
    const rows = values.map((v, i) => `('l${i}', ${"'" + v.replaceAll("'", "''") + "'"})`).join(', ');
    const frame = await readFeatureFrame(c, `select * from (values ${rows}, ('x', null)) t(lead_id, title)`, [
      { name: 'title', kind: 'categorical' },
    ]);
    const [title] = frame.columns;
    if (title.kind !== 'categorical') throw new Error('unexpected kind');
    expect([...title.codes].map((code) => (code < 0 ? null : title.dictionary[code]))).toEqual([...values, null]);
  });

  it('reads an empty result', async () => {
    const c = await leadFeatures();
    const frame = await readFeatureFrame(c, 'select * from lead_features where false', features);
    expect(frame.rows).toBe(0);
    expect(frame.columns.map((col) => col.name)).toEqual(['employees', 'industry']);
  });

  it('names a missing or mistyped column, and rejects labels other than 1, 0, NULL', async () => {
    const c = await leadFeatures();
    await expect(readFeatureFrame(c, 'select * from lead_features', [{ name: 'revenue', kind: 'numeric' }])).rejects.toThrow(
      /feature column "revenue" is not in the feature table/,
    );
    await expect(readFeatureFrame(c, 'select * from lead_features', [{ name: 'industry', kind: 'numeric' }])).rejects.toThrow(
      /industry has type VARCHAR, expected a numeric type/,
    );
    await expect(readFeatureFrame(c, `select 'x' as lead_id, 2 as label`, [])).rejects.toThrow(/lead x: label is 2/);
    await expect(readFeatureFrame(c, `select null::varchar as lead_id`, [])).rejects.toBeInstanceOf(InputError);
  });

  it('keeps the order of a final ORDER BY, in any direction, with or without a LIMIT', async () => {
    const c = await memoryConnection();
    await c.run(`create table t as select 'L' || i as lead_id, (i * 7919) % 1000 as score, 'c' || (i % 4) as bucket from range(5000) r(i)`);
    const columns: FeatureColumn[] = [
      { name: 'score', kind: 'numeric' },
      { name: 'bucket', kind: 'categorical' },
    ];
    const expected = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS().map((row) => String(row.lead_id));
    for (const sql of [
      'select * from t order by score desc, lead_id',
      'select * from t order by "bucket" nulls first, score asc, lead_id desc',
      'select t.* from t order by t.score, t.lead_id',
      'select lead_id, score, bucket from t order by score, lead_id limit 100',
      'select lead_id, score, bucket from t order by -score, lead_id',
    ]) {
      const frame = await readFeatureFrame(c, sql, columns);
      expect(frame.leadIds, sql).toEqual(await expected(sql));
    }
  });

  it('recognises only a plain trailing ORDER BY column list', () => {
    expect(splitFinalOrderBy('select * from lead_features where is_training order by "lead_id"')).toEqual({
      body: 'select * from lead_features where is_training',
      items: [{ name: 'lead_id', qualified: false, direction: '' }],
    });
    expect(splitFinalOrderBy('select * from t order by a desc nulls last, "b ""c""" ASC')?.items).toEqual([
      { name: 'a', qualified: false, direction: 'desc nulls last' },
      { name: 'b "c"', qualified: false, direction: 'ASC' },
    ]);
    expect(splitFinalOrderBy('select * from t order by t.a')?.items).toMatchObject([{ qualified: true }]);
    for (const sql of [
      'select * from t',
      'select * from t order by a limit 10',
      'select * from t order by -a',
      'select * from t order by lower(a)',
      'select * from (select * from t order by a)',
      "select * from t where a = 'order by b'",
      'select * from t order by all',
    ]) {
      expect(splitFinalOrderBy(sql), sql).toBeNull();
    }
  });

  it('reads ENUM categoricals in one pass, with the dictionary and codes the text path gives', async () => {
    const c = await memoryConnection();
    // Byte order (DuckDB's) differs from JS string order for characters beyond U+FFFF: '𝔸' sorts after '\uFFFD' here.
    const values = ['b', 'a', 'Z', 'é', '𝔸', '\uFFFD', '', "O'Reilly"];
    await c.run(`create type title as enum (${['unused', ...values.slice().reverse()].map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')})`);
    await c.run(`create table t as select 'L' || lpad(i::varchar, 5, '0') as lead_id, i as n,
      case when i % 9 = 8 then null else ${JSON.stringify(values).replaceAll('"', "'").replace("'O'Reilly'", "'O''Reilly'")}[i % 9 + 1] end as title,
      case when i % 4 = 0 then null else 'x' || (i % 3) end as bucket from range(5000) r(i)`);
    const columns: FeatureColumn[] = [
      { name: 'title', kind: 'categorical' },
      { name: 'bucket', kind: 'categorical' },
    ];
    for (const where of ['true', 'n % 9 not in (2, 5)', 'false']) {
      const text = await readFeatureFrame(c, `select * from t where ${where} order by lead_id`, columns);
      const passes = vi.spyOn(c, 'runAndReadAll');
      const codes = await readFeatureFrame(
        c,
        `select lead_id, title::title as title, bucket::enum('x2', 'x0', 'x1') as bucket from t where ${where} order by lead_id`,
        columns,
      );
      expect(passes).not.toHaveBeenCalled();
      passes.mockRestore();
      expect(codes, where).toEqual(text);
    }
    const frame = await readFeatureFrame(c, 'select lead_id, title::title as title from t order by lead_id', [columns[0]]);
    const [title] = frame.columns;
    if (title.kind !== 'categorical') throw new Error('unexpected kind');
    expect(title.dictionary).toEqual(['', "O'Reilly", 'Z', 'a', 'b', 'é', '\uFFFD', '𝔸']);
  });

  it('reads an ENUM of more than enumLimit values as text', async () => {
    const c = await memoryConnection();
    await c.run(`create type many as enum (select 'v' || i from range(${enumLimit + 1}) r(i))`);
    await c.run(`create table t as select 'L' || i as lead_id, ('v' || (i * 7 % ${enumLimit + 1}))::many as v from range(${enumLimit + 10}) r(i)`);
    const columns: FeatureColumn[] = [{ name: 'v', kind: 'categorical' }];
    const enumFrame = await readFeatureFrame(c, 'select * from t order by lead_id', columns);
    const textFrame = await readFeatureFrame(c, 'select lead_id, v::varchar as v from t order by lead_id', columns);
    expect(frameBytes(enumFrame)).toEqual(frameBytes(textFrame));
  });

  it('gives the same frame whatever expectedRows says', async () => {
    const c = await memoryConnection();
    // More rows than a block (65,536), chunks across the expected length and across blocks.
    await c.run(`create table t as select 'L' || lpad(i::varchar, 6, '0') as lead_id, timestamp '2024-01-01' + to_seconds(i) as created_at,
      (i % 2)::integer as label, i * 0.25 as score, (i % 7)::integer as visits, ('c' || (i % 5))::enum('c0', 'c1', 'c2', 'c3', 'c4') as bucket
      from range(70001) r(i)`);
    const columns: FeatureColumn[] = [
      { name: 'score', kind: 'numeric' },
      { name: 'visits', kind: 'numeric' },
      { name: 'bucket', kind: 'categorical' },
    ];
    const frames: FeatureFrame[] = [];
    for (const expectedRows of [undefined, 0, 1000, 70001, 75000]) {
      frames.push(await readFeatureFrame(c, 'select * from t order by lead_id', columns, { expectedRows }));
    }
    expect(frames[0].rows).toBe(70001);
    expect(frames[0].leadIds[70000]).toBe('L070000');
    const [score, visits] = frames[0].columns;
    if (score.kind !== 'numeric' || visits.kind !== 'numeric') throw new Error('unexpected kinds');
    expect(score.values[69999]).toBe(69999 * 0.25);
    expect(visits.values[66537]).toBe(66537 % 7);
    for (const frame of frames.slice(1)) expect(frameBytes(frame)).toEqual(frameBytes(frames[0]));
  });

  it('reads integer numeric columns as numbers, NULL as NaN', async () => {
    const c = await memoryConnection();
    const sql = `select 'L' || i as lead_id, case when i % 3 = 0 then null else i end::integer as n, (i % 100)::tinyint as t,
        (i % 200)::utinyint as u, (-i)::smallint as s from range(3000) r(i) order by i`;
    const features = ['n', 't', 'u', 's'].map((name) => ({ name, kind: 'numeric' as const }));
    const kept = (frame: FeatureFrame) => frame.columns.map((column) => column.kind === 'numeric' && columnIntegers(column) !== undefined);
    for (const keepIntegers of [false, true]) {
      const frame = await readFeatureFrame(c, sql, features, { keepIntegers });
      const [n, t, u, s] = frame.columns.map((column) => (column.kind === 'numeric' ? column.values : new Float64Array()));
      expect([n[0], n[1], n[2997], n[2998]]).toEqual([NaN, 1, NaN, 2998]);
      expect([t[2999], u[2999], s[2999]]).toEqual([99, 199, -2999]);
      // Kept as integers only when asked and none is NULL: n has NULLs, so it holds doubles with NaN.
      expect(kept(frame)).toEqual([false, keepIntegers, keepIntegers, keepIntegers]);
    }
  });

  it('reads lead ids of any length and script', async () => {
    const c = await memoryConnection();
    const ids = ['L1', 'a'.repeat(12), 'b'.repeat(13), 'Zürich-7', '東京', '', '🚀', 'x'.repeat(40), "O'Reilly", 'é'.repeat(6), 'L2'];
    const rows = ids.map((id, i) => `(${i}, '${id.replaceAll("'", "''")}')`).join(', ');
    // Enough rows for several chunks, the odd ids among plain ones.
    const frame = await readFeatureFrame(
      c,
      `select lead_id from (select i * 1000 + k as n, case when k = 0 then t.id else 'P' || (i * 1000 + k) end as lead_id
        from (values ${rows}) t(i, id), range(1000) r(k)) order by n`,
      [],
    );
    expect(frame.rows).toBe(ids.length * 1000);
    expect(ids.map((_, i) => frame.leadIds[i * 1000])).toEqual(ids);
    expect(frame.leadIds[5001]).toBe('P5001');
  });

  it('copies short ids straight from their string records', async () => {
    // stringRecords reaches into @duckdb/node-api internals; if an upgrade moves them this fails
    // (reading still works, one id at a time, only slower).
    const c = await memoryConnection();
    const result = await c.stream(`select 'L' || i as id from range(3000) r(i)`);
    const chunk = await result.fetchChunk();
    if (!chunk) throw new Error('no chunk');
    const ids = chunk.getColumnVector(0);
    if (!(ids instanceof DuckDBVarCharVector)) throw new Error('unexpected vector type');
    const records = stringRecords(ids, chunk.rowCount);
    expect(records?.readUInt32LE(16 * 7)).toBe(2);
    expect(records?.toString('latin1', 16 * 7 + 4, 16 * 7 + 6)).toBe('L7');
  });

  it('copies numbers a whole vector at a time', async () => {
    // vectorValues reaches into @duckdb/node-api internals; if an upgrade moves them this fails
    // (reading still works, one value at a time, only slower).
    const c = await memoryConnection();
    const result = await c.stream(`select (i * 0.5)::double as x, i::integer as n from range(3000) r(i)`);
    const chunk = await result.fetchChunk();
    if (!chunk) throw new Error('no chunk');
    const x = chunk.getColumnVector(0);
    const n = chunk.getColumnVector(1);
    if (!(x instanceof DuckDBDoubleVector) || !(n instanceof DuckDBIntegerVector)) throw new Error('unexpected vector types');
    expect(vectorValues(x, Float64Array, chunk.rowCount)?.[3]).toBe(1.5);
    expect(vectorValues(n, Int32Array, chunk.rowCount)?.[7]).toBe(7);
    const withNulls = await c.stream(`select case when i % 2 = 0 then (i * 0.5)::double end as x from range(10) r(i)`);
    const nullChunk = await withNulls.fetchChunk();
    if (!nullChunk) throw new Error('no chunk');
    const nullable = nullChunk.getColumnVector(0);
    if (!(nullable instanceof DuckDBDoubleVector)) throw new Error('unexpected vector type');
    expect(vectorValues(nullable, Float64Array, nullChunk.rowCount)).toBeUndefined();
  });
});
