import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeadscoreError } from '../../core/errors.ts';
import { qualified } from '../../core/sql.ts';
import { PostgresWarehouse } from '../../pipelines/warehouse/postgresWarehouse.ts';
import { encodeBinaryRows } from '../../pipelines/warehouse/postgresCopy.ts';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { batchOf, leadIds, query } from './predictionBatches.ts';

let server: TestPostgres;

beforeAll(async () => {
  server = await startTestPostgres();
});

afterAll(async () => {
  await server?.stop();
});

async function write(table: string, ids: string[], runId: string, options: { schema?: string; historyTable?: string; modelId?: string; salt?: number } = {}) {
  const warehouse = await PostgresWarehouse.open({ connection: { url: server.url }, schema: options.schema, historyTable: options.historyTable });
  try {
    return await warehouse.writePredictions(table, batchOf(ids, options.salt ?? 0), {
      runId,
      modelId: options.modelId ?? 'logreg-1',
      scoredAt: new Date('2026-07-01T08:00:00Z'),
    });
  } finally {
    await warehouse.close();
  }
}

describe('PostgreSQL warehouse: writing a run', () => {
  it('creates the table, lands every value exactly, and records the run in the ledger', async () => {
    const ids = leadIds(2000);
    const batch = batchOf(ids);
    const warehouse = await PostgresWarehouse.open({ connection: { url: server.url }, copyChunkRows: 300 });
    const written = await warehouse.writePredictions('predictions', batch, { runId: 'run-a', modelId: 'logreg-1', scoredAt: new Date('2026-07-01T08:00:00Z') });
    expect(written).toBe(2000);
    expect(await warehouse.count('predictions')).toBe(2000);
    expect(warehouse.description).not.toContain('test-password');
    await warehouse.close();

    const rows = await query(server.url, 'select * from public.predictions order by lead_id collate "C"');
    expect(rows.map((r) => r.lead_id)).toEqual(ids);
    for (const [i, row] of rows.entries()) {
      // double precision and String(double) round-trip exactly.
      expect(row.probability).toBe(batch.probability[i]);
      expect(row.blended_score).toBe(batch.blendedScore[i]);
      expect(row.rule_score).toBe(batch.rules!.ruleScore[i]);
      expect(row.grade).toBe(batch.rules!.grade[i]);
      expect(row.top_reasons).toBe(batch.topReasons[i]);
    }
    expect(rows[0]).toMatchObject({ model_id: 'logreg-1', run_id: 'run-a', scored_at: new Date('2026-07-01T08:00:00Z') });

    const [ledger] = await query(server.url, `select * from public.leadscore_runs where run_id = 'run-a'`);
    expect(ledger).toMatchObject({ model_id: 'logreg-1', target_table: '"public"."predictions"', status: 'succeeded', rows: '2000', error: null });
    expect(ledger.finished_at.getTime()).toBeGreaterThanOrEqual(ledger.started_at.getTime());
    expect(await query(server.url, `select 1 from pg_tables where tablename = 'leadscore_staging'`)).toEqual([]);
  });

  it('records an empty run (no open leads) with 0 rows and leaves the table as it was', async () => {
    await write('empty_run', ['a', 'b'], 'run-e1');
    expect(await write('empty_run', [], 'run-e2')).toBe(0);
    expect(await query(server.url, 'select count(*)::int as n from public.empty_run')).toEqual([{ n: 2 }]);
    expect(await query(server.url, `select status, rows from public.leadscore_runs where run_id = 'run-e2'`)).toEqual([{ status: 'succeeded', rows: '0' }]);
  });

  it('names the lead when a run holds the same lead twice, and writes nothing', async () => {
    const error = await write('twice', ['a', 'b', 'a'], 'run-twice').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeadscoreError);
    expect((error as LeadscoreError).message).toMatch(/duplicate key value .*\(Key \(lead_id, model_id\)=\(a, logreg-1\) already exists/);
    expect(await query(server.url, 'select count(*)::int as n from public.twice')).toEqual([{ n: 0 }]);
  });

  it('writes nulls for the rule columns when there are no rules', async () => {
    const warehouse = await PostgresWarehouse.open({ connection: { url: server.url } });
    await warehouse.writePredictions('no_rules', batchOf(['a', 'b'], 0, false), { runId: 'run-nr', modelId: 'm', scoredAt: new Date() });
    await warehouse.close();
    const rows = await query(server.url, 'select rule_score, grade, status from public.no_rules');
    expect(rows).toEqual([
      { rule_score: null, grade: null, status: null },
      { rule_score: null, grade: null, status: null },
    ]);
  });

  it('is idempotent: re-running the same job leaves the same rows, and upserts by (lead_id, model_id)', async () => {
    const ids = leadIds(500, 'I');
    await write('upserts', ids, 'run-1');
    const first = await query(server.url, 'select lead_id, probability, top_reasons from public.upserts order by lead_id');
    await write('upserts', ids, 'run-2');
    const second = await query(server.url, 'select lead_id, probability, top_reasons, run_id from public.upserts order by lead_id');
    expect(second.map(({ run_id, ...rest }) => rest)).toEqual(first);
    expect(new Set(second.map((r) => r.run_id))).toEqual(new Set(['run-2']));

    // A rescore overwrites this model's rows; another model's rows for the same leads stay.
    await write('upserts', ids.slice(0, 100), 'run-3', { salt: 5 });
    await write('upserts', ids.slice(0, 50), 'run-4', { modelId: 'neural-1' });
    const [counts] = await query(
      server.url,
      `select count(*)::int as n, count(distinct lead_id)::int as leads, count(*) filter (where run_id = 'run-3')::int as rescored from public.upserts`,
    );
    expect(counts).toEqual({ n: 550, leads: 500, rescored: 100 });

    // Retrying a run id (a job re-submitted after a failure) resets its ledger row rather than failing.
    await write('upserts', ids, 'run-2');
    const ledger = await query(server.url, `select run_id, status, rows from public.leadscore_runs where target_table = '"public"."upserts"' order by run_id`);
    expect(ledger).toEqual([
      { run_id: 'run-1', status: 'succeeded', rows: '500' },
      { run_id: 'run-2', status: 'succeeded', rows: '500' },
      { run_id: 'run-3', status: 'succeeded', rows: '100' },
      { run_id: 'run-4', status: 'succeeded', rows: '50' },
    ]);
  });

  it('keeps every run in the history table when one is configured', async () => {
    const ids = leadIds(300, 'H');
    await write('scored', ids, 'h-1', { historyTable: 'scored_history' });
    await write('scored', ids.slice(0, 100), 'h-2', { historyTable: 'scored_history', salt: 3 });
    await write('scored', ids.slice(0, 100), 'h-2', { historyTable: 'scored_history', salt: 3 });
    const history = await query(server.url, 'select run_id, count(*)::int as n from public.scored_history group by run_id order by run_id');
    expect(history).toEqual([
      { run_id: 'h-1', n: 300 },
      { run_id: 'h-2', n: 100 },
    ]);
    expect(await query(server.url, 'select count(*)::int as n from public.scored')).toEqual([{ n: 300 }]);
  });

  it('quotes hostile schema and table names and carries hostile lead ids as data', async () => {
    await query(server.url, 'create table public.victim (x int); insert into public.victim values (1)');
    const schema = `s"; drop table public.victim; --`;
    const table = `p'red"ictions; drop table public.victim; -- ✓\ttab`;
    const history = `h\\ist"ory\nnew line`;
    const hostile = [
      `'; drop table public.victim; --`,
      `"); drop table public.victim; --`,
      'semi;colon',
      'back\\slash',
      'ends with backslash\\',
      'tab\there',
      'new\nline',
      'carriage\rreturn',
      '\\.',
      'x\n\\.\ny',
      '\\N',
      '',
      'ünïcödé ✓ 😀 中文',
      '$1 $$ dollar',
      'comma,separated',
    ];
    const written = await write(table, hostile, `run'; drop table public.victim; --`, { schema, historyTable: history, modelId: `model"'\\;\t` });
    expect(written).toBe(hostile.length);

    const rows = await query(server.url, `select lead_id, model_id, run_id, top_reasons from ${qualified(schema, table)} order by lead_id`);
    expect(rows).toHaveLength(hostile.length);
    expect(new Set(rows.map((r) => r.lead_id))).toEqual(new Set(hostile));
    expect(new Set(rows.map((r) => r.model_id))).toEqual(new Set([`model"'\\;\t`]));
    expect(rows.find((r) => r.lead_id === '\\N')).toBeDefined();
    const reasons = Object.fromEntries(rows.map((r) => [r.lead_id, JSON.parse(r.top_reasons)[0]]));
    expect(reasons['x\n\\.\ny']).toBe('source = "web" for x\n\\.\ny');

    expect(await query(server.url, 'select x from public.victim')).toEqual([{ x: 1 }]);
    const names = await query(server.url, 'select table_name from information_schema.tables where table_schema = $1 order by table_name', [schema]);
    expect(names.map((r) => r.table_name).sort()).toEqual([history, 'leadscore_runs', table].sort());
    expect(await query(server.url, `select count(*)::int as n from ${qualified(schema, history)}`)).toEqual([{ n: hostile.length }]);
    const [ledger] = await query(server.url, `select run_id, target_table, status from ${qualified(schema, 'leadscore_runs')}`);
    expect(ledger).toEqual({ run_id: `run'; drop table public.victim; --`, target_table: qualified(schema, table), status: 'succeeded' });
  });

  it('refuses a NUL character in a lead id with a message naming the row, and writes nothing', async () => {
    const error = await write('nul_ids', ['fine', 'bad\0id'], 'run-nul').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeadscoreError);
    expect((error as LeadscoreError).code).toBe('input');
    expect((error as LeadscoreError).message).toMatch(/lead_id of prediction 2 holds a NUL character/);
    expect(await query(server.url, 'select count(*)::int as n from public.nul_ids')).toEqual([{ n: 0 }]);
    expect(await query(server.url, `select status from public.leadscore_runs where run_id = 'run-nul'`)).toEqual([{ status: 'failed' }]);
  });

  it('says which columns an existing table lacks instead of failing halfway', async () => {
    await query(server.url, 'create table public.old_predictions (lead_id text, model_id text, probability double precision, primary key (lead_id, model_id))');
    const error = await write('old_predictions', ['a'], 'run-old').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeadscoreError);
    expect((error as LeadscoreError).code).toBe('warehouse');
    expect((error as LeadscoreError).message).toMatch(/"public"."old_predictions" lacks the columns rule_score, .*run_id, scored_at/);
  });

  it('encodes binary COPY tuples: a field count, then each value as its length and bytes, -1 for null', () => {
    const bytes = encodeBinaryRows(batchOf(['a\\b\tç'], 0, false), 0, 1);
    expect(bytes.readInt16BE(0)).toBe(11);
    expect(bytes.readInt32BE(2)).toBe(6);
    expect(bytes.subarray(6, 12).toString('utf8')).toBe('a\\b\tç');
    expect(bytes.readInt32BE(12)).toBe(8);
    expect(bytes.readDoubleBE(16)).toBe(batchOf(['x'], 0, false).probability[0]);
    expect(bytes.readInt32BE(24)).toBe(-1);
  });
});
