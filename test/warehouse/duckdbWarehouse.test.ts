import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { LeadscoreError } from '../../core/errors.ts';
import { appendPredictions } from '../../pipelines/warehouse/appendPredictions.ts';
import { DuckDbWarehouse } from '../../pipelines/warehouse/duckdbWarehouse.ts';
import { predictionColumns, runColumns, type PredictionBatch } from '../../pipelines/warehouse/predictions.ts';
import { memoryConnection, rows } from '../helpers/duckdb.ts';
import { batchOf, leadIds } from './predictionBatches.ts';

let root: string;
const scoredAt = new Date('2026-07-01T08:00:00Z');
const columnsDdl = [...predictionColumns, ...runColumns].map(([name, type]) => `"${name}" ${type}`).join(', ');

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'leadscore-duckdb-warehouse-'));
});

async function write(path: string, table: string, batch: PredictionBatch, runId: string, modelId = 'logreg-1'): Promise<number> {
  const warehouse = await DuckDbWarehouse.open(path);
  try {
    return await warehouse.writePredictions(table, batch, { runId, modelId, scoredAt });
  } finally {
    await warehouse.close();
  }
}

/** Opens the file by itself (the warehouse closed), runs `fn`, closes it again. */
async function withFile<T>(path: string, fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    return await fn(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const read = (path: string, sql: string) => withFile(path, (c) => rows(c, sql));

/** Every table's rows, in a fixed order: "exactly as it was" compares these. */
async function snapshot(path: string): Promise<Record<string, unknown[]>> {
  return withFile(path, async (c) => {
    const tables = await rows(c, `select table_name from duckdb_tables() where not temporary order by table_name`);
    const out: Record<string, unknown[]> = {};
    for (const { table_name } of tables) out[String(table_name)] = await rows(c, `select * from "${table_name}" order by all`);
    return out;
  });
}

/** A batch whose string columns carry the awkward cases: quotes, unicode, empty, NUL, per-row nulls. */
function awkwardBatch(): PredictionBatch {
  const ids = ["'; drop table x; --", 'ünïcödé ✓ 😀', '', 'tab\there', 'new\nline', 'nul\0inside', 'back\\slash', '"quoted"'];
  const batch = batchOf(ids);
  batch.rules!.grade = ['A', "it's", '', 'A', 'ü', 'A', 'back\\', 'A'];
  batch.rules!.matrixCell = ids.map((id) => `cell ${id}`);
  batch.status = ['new', null as unknown as string, 'MQL', 'new', '😀', 'new', 'new', 'MQL'];
  batch.topReasons = ids.map((id) => JSON.stringify([`reason for ${id}`, 'ça va']));
  return batch;
}

describe('DuckDB warehouse: writing a run', () => {
  it('creates the table without a key, lands every value exactly, records the run, and drops its staging table', async () => {
    const path = join(root, 'exact.duckdb');
    const ids = leadIds(3000);
    const batch = batchOf(ids);
    // More distinct statuses than an ENUM is used for: that column is staged as strings. Nulls in
    // both kinds of column, in every data chunk.
    batch.status = ids.map((_, i) => (i % 13 === 5 ? (null as unknown as string) : `status ${i % 400}`));
    batch.rules!.grade = batch.rules!.grade.map((g, i) => (i % 11 === 3 ? (null as unknown as string) : g));
    expect(await write(path, 'predictions', batch, 'run-a')).toBe(3000);

    const written = await read(path, 'select *, epoch_ms(scored_at)::double as t from predictions order by lead_id');
    expect(written.map((r) => r.lead_id)).toEqual(ids);
    for (const [i, row] of written.entries()) {
      expect(row.probability).toBe(batch.probability[i]);
      expect(row.blended_score).toBe(batch.blendedScore[i]);
      expect(row.rule_score).toBe(batch.rules!.ruleScore[i]);
      expect(row.fit_score).toBe(batch.rules!.fitScore[i]);
      expect(row.engagement_score).toBe(batch.rules!.engagementScore[i]);
      expect(row.grade).toBe(batch.rules!.grade[i]);
      expect(row.matrix_cell).toBe(batch.rules!.matrixCell[i]);
      expect(row.temperature).toBe(batch.temperature[i]);
      expect(row.status).toBe(batch.status[i]);
      expect(row.top_reasons).toBe(batch.topReasons[i]);
      expect(row).toMatchObject({ model_id: 'logreg-1', run_id: 'run-a', t: scoredAt.getTime() });
    }
    const [ledger] = await read(path, `select * from leadscore_runs`);
    expect(ledger).toMatchObject({ run_id: 'run-a', model_id: 'logreg-1', target_table: 'predictions', rows: 3000n, status: 'succeeded' });
    expect((ledger.finished_at as Date).getTime()).toBeGreaterThanOrEqual((ledger.started_at as Date).getTime());
    // New tables keep the grain through the writer, not an index; the columns' types are the documented ones.
    const shape = await read(path, `select column_name, data_type, is_nullable from information_schema.columns where table_name = 'predictions' order by ordinal_position`);
    expect(shape.map((c) => [c.column_name, c.data_type])).toEqual([...predictionColumns, ...runColumns].map(([name, type]) => [name, type.split(' ')[0].toUpperCase()]));
    expect(await read(path, `select constraint_type from duckdb_constraints() where table_name = 'predictions' and constraint_type <> 'NOT NULL'`)).toEqual([]);
    expect(await read(path, `select table_name from duckdb_tables() where table_name like '%staging%'`)).toEqual([]);
  });

  it('carries quotes, unicode, empty strings, NUL characters and nulls in every string column', async () => {
    const path = join(root, 'awkward.duckdb');
    const batch = awkwardBatch();
    await write(path, 'predictions', batch, 'run-w', `model"'\\;\t`);
    const written = await read(path, 'select lead_id, grade, matrix_cell, status, top_reasons, model_id from predictions');
    const byId = new Map(written.map((r) => [r.lead_id, r]));
    expect(byId.size).toBe(batch.leadIds.length);
    batch.leadIds.forEach((id, i) => {
      expect(byId.get(id)).toEqual({
        lead_id: id,
        grade: batch.rules!.grade[i],
        matrix_cell: batch.rules!.matrixCell[i],
        status: batch.status![i],
        top_reasons: batch.topReasons[i],
        model_id: `model"'\\;\t`,
      });
    });
  });

  it('writes nulls for the rule columns when there are no rules', async () => {
    const path = join(root, 'no-rules.duckdb');
    await write(path, 'no_rules', batchOf(['a', 'b'], 0, false), 'run-nr');
    expect(await read(path, 'select rule_score, fit_score, grade, matrix_cell, status from no_rules')).toEqual([
      { rule_score: null, fit_score: null, grade: null, matrix_cell: null, status: null },
      { rule_score: null, fit_score: null, grade: null, matrix_cell: null, status: null },
    ]);
  });

  it('records an empty run (no open leads) with 0 rows and leaves the table as it was', async () => {
    const path = join(root, 'empty.duckdb');
    await write(path, 'predictions', batchOf(['a', 'b']), 'run-e1');
    expect(await write(path, 'predictions', batchOf([]), 'run-e2')).toBe(0);
    expect(await read(path, 'select count(*)::integer as n from predictions')).toEqual([{ n: 2 }]);
    expect(await read(path, `select status, rows from leadscore_runs where run_id = 'run-e2'`)).toEqual([{ status: 'succeeded', rows: 0n }]);
  });

  it('is idempotent: re-running the same job leaves the same rows, and upserts by (lead_id, model_id)', async () => {
    const path = join(root, 'upserts.duckdb');
    const ids = leadIds(3000, 'I');
    await write(path, 'upserts', batchOf(ids), 'run-1');
    const first = await read(path, 'select * exclude (run_id) from upserts order by lead_id');
    await write(path, 'upserts', batchOf(ids), 'run-2');
    const second = await read(path, 'select * from upserts order by lead_id');
    expect(second.map(({ run_id, ...rest }) => rest)).toEqual(first);
    expect(new Set(second.map((r) => r.run_id))).toEqual(new Set(['run-2']));

    // A rescore overwrites this model's rows for its leads only; another model's rows for the same leads stay.
    await write(path, 'upserts', batchOf(ids.slice(0, 100), 5), 'run-3');
    await write(path, 'upserts', batchOf(ids.slice(0, 50), 7), 'run-4', 'neural-1');
    await write(path, 'upserts', batchOf(ids.slice(2990), 9), 'run-5', 'neural-1');
    const [counts] = await read(
      path,
      `select count(*)::integer as n, count(distinct lead_id)::integer as leads, count(distinct (lead_id, model_id))::integer as keys,
              count(*) filter (where run_id = 'run-3')::integer as rescored, count(*) filter (where model_id = 'neural-1')::integer as neural
       from upserts`,
    );
    expect(counts).toEqual({ n: 3060, leads: 3000, keys: 3060, rescored: 100, neural: 60 });
    const rescored = await read(path, `select probability from upserts where model_id = 'logreg-1' order by lead_id limit 100`);
    expect(rescored.map((r) => r.probability)).toEqual(Array.from(batchOf(ids.slice(0, 100), 5).probability));
    const untouched = await read(path, `select * exclude (run_id) from upserts where model_id = 'logreg-1' order by lead_id offset 100`);
    expect(untouched).toEqual(first.slice(100));

    // Retrying a run id (a job re-submitted after a failure) resets its ledger row rather than failing.
    await write(path, 'upserts', batchOf(ids), 'run-2');
    const ledger = await read(path, `select run_id, status, rows from leadscore_runs order by run_id`);
    expect(ledger).toEqual([
      { run_id: 'run-1', status: 'succeeded', rows: 3000n },
      { run_id: 'run-2', status: 'succeeded', rows: 3000n },
      { run_id: 'run-3', status: 'succeeded', rows: 100n },
      { run_id: 'run-4', status: 'succeeded', rows: 50n },
      { run_id: 'run-5', status: 'succeeded', rows: 10n },
    ]);
  });

  it('keeps upserting into a table made with the earlier primary key (lead_id, model_id)', async () => {
    const path = join(root, 'keyed.duckdb');
    await withFile(path, (c) => c.run(`create table predictions (${columnsDdl}, primary key (lead_id, model_id))`));
    const ids = leadIds(2000, 'K');
    await write(path, 'predictions', batchOf(ids), 'run-k1');
    await write(path, 'predictions', batchOf(ids.slice(0, 300), 3), 'run-k2');
    await write(path, 'predictions', batchOf(ids.slice(0, 10)), 'run-k3', 'neural-1');
    const [counts] = await read(
      path,
      `select count(*)::integer as n, count(*) filter (where run_id = 'run-k2')::integer as rescored, count(*) filter (where model_id = 'neural-1')::integer as neural from predictions`,
    );
    expect(counts).toEqual({ n: 2010, rescored: 300, neural: 10 });
    const rescored = await read(path, `select probability from predictions where model_id = 'logreg-1' order by lead_id limit 300`);
    expect(rescored.map((r) => r.probability)).toEqual(Array.from(batchOf(ids.slice(0, 300), 3).probability));
    expect(await read(path, `select constraint_type from duckdb_constraints() where table_name = 'predictions' and constraint_type = 'PRIMARY KEY'`)).toEqual([
      { constraint_type: 'PRIMARY KEY' },
    ]);
  });

  it('names the lead when a run holds the same lead twice, and writes nothing (in id order or not)', async () => {
    const path = join(root, 'twice.duckdb');
    await write(path, 'twice', batchOf(['a', 'b', 'c']), 'run-ok');
    const before = await snapshot(path);
    for (const ids of [['a', 'b', 'b', 'c'], ['c', 'x', 'a', 'x', 'b']]) {
      const error = await write(path, 'twice', batchOf(ids, 1), 'run-twice').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LeadscoreError);
      expect((error as LeadscoreError).code).toBe('warehouse');
      expect((error as LeadscoreError).message).toMatch(/table twice failed; nothing was written: the run holds lead "(b|x)" more than once/);
      expect(await snapshot(path)).toEqual(before);
    }
  });

  it('leaves the warehouse exactly as it was when a write fails halfway, and creates no table on a failed first write', async () => {
    const path = join(root, 'failed.duckdb');
    const ids = leadIds(3000, 'F');
    await write(path, 'predictions', batchOf(ids), 'run-f1');
    const before = await snapshot(path);
    // A null lead id passes staging and fails the target's NOT NULL inside the transaction, after
    // this model's old rows were already deleted: the rollback must bring them back.
    const broken = batchOf(ids, 4);
    broken.leadIds = ids.map((id, i) => (i === 2500 ? (null as unknown as string) : id));
    const error = await write(path, 'predictions', broken, 'run-f2').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeadscoreError);
    expect((error as LeadscoreError).message).toMatch(/nothing was written/);
    expect(await snapshot(path)).toEqual(before);

    const fresh = join(root, 'failed-first.duckdb');
    await withFile(fresh, async () => {});
    await expect(write(fresh, 'predictions', broken, 'run-f3')).rejects.toThrow(/nothing was written/);
    expect(await snapshot(fresh)).toEqual({});
  });

  it('refuses a table of another shape without touching it', async () => {
    const path = join(root, 'other-shape.duckdb');
    await withFile(path, (c) => c.run(`create table predictions (lead_id varchar, model_id varchar, probability double); insert into predictions values ('a', 'm', 0.5)`));
    await expect(write(path, 'predictions', batchOf(['a']), 'run-o')).rejects.toThrow(/table predictions failed; nothing was written/);
    expect(await snapshot(path)).toEqual({ predictions: [{ lead_id: 'a', model_id: 'm', probability: 0.5 }] });
  });
});

describe('appendPredictions (the --output file writer): every column in the target shape', () => {
  it('appends the batch row for row, nulls included, over several data chunks', async () => {
    const c = await memoryConnection();
    await c.run(`create table p (${columnsDdl})`);
    const ids = leadIds(4500);
    const batch = batchOf(ids);
    batch.status = ids.map((_, i) => (i % 7 === 0 ? (null as unknown as string) : `s${i % 3}`));
    const appender = await c.createAppender('p');
    appendPredictions(appender, batch, { runId: 'r', modelId: 'm', scoredAt });
    appender.closeSync();
    const written = await rows(c, 'select *, epoch_ms(scored_at)::double as t from p order by lead_id');
    expect(written).toHaveLength(4500);
    for (const [i, row] of written.entries()) {
      expect(row).toMatchObject({
        lead_id: ids[i],
        probability: batch.probability[i],
        grade: batch.rules!.grade[i],
        status: batch.status[i],
        top_reasons: batch.topReasons[i],
        model_id: 'm',
        run_id: 'r',
        t: scoredAt.getTime(),
      });
    }
    const noRules = batchOf(['x'], 0, false);
    const again = await c.createAppender('p');
    appendPredictions(again, noRules, { runId: 'r2', modelId: 'm', scoredAt });
    again.closeSync();
    expect(await rows(c, `select rule_score, grade, status from p where run_id = 'r2'`)).toEqual([{ rule_score: null, grade: null, status: null }]);
  });
});
