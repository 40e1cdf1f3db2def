/**
 * Faults the PostgreSQL warehouse must survive, each against a real server: a backend killed in
 * the middle of the COPY, two runs at once, a server that is down or silent, a wrong password,
 * a lock held by someone else, a statement timeout.
 */
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeadscoreError } from '../../core/errors.ts';
import type { PostgresOptions } from '../../core/postgres.ts';
import { PostgresWarehouse, type PostgresWarehouseOptions } from '../../pipelines/warehouse/postgresWarehouse.ts';
import type { CopyProgress } from '../../pipelines/warehouse/postgresCopy.ts';
import { freePort, startTestPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { batchOf, leadIds, query, withClient } from './predictionBatches.ts';

let server: TestPostgres;
let password: string;

beforeAll(async () => {
  server = await startTestPostgres();
  password = decodeURIComponent(new URL(server.url).password);
});

afterAll(async () => {
  await server?.stop();
});

async function writeRun(table: string, ids: string[], runId: string, options: PostgresWarehouseOptions & { salt?: number } = {}): Promise<number> {
  const warehouse = await PostgresWarehouse.open({ connection: { url: server.url }, ...options });
  try {
    return await warehouse.writePredictions(table, batchOf(ids, options.salt ?? 0), { runId, modelId: 'logreg-1', scoredAt: new Date() });
  } finally {
    await warehouse.close();
  }
}

async function failureOf(promise: Promise<unknown>): Promise<LeadscoreError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LeadscoreError);
  return error as LeadscoreError;
}

const snapshot = (table: string) => query(server.url, `select lead_id, probability, run_id from public.${table} order by lead_id collate "C"`);
const ledgerRow = async (runId: string) => (await query(server.url, 'select status, rows, error from public.leadscore_runs where run_id = $1', [runId]))[0];

describe('PostgreSQL warehouse faults', () => {
  it('a backend killed mid-COPY: a clear error, the target unchanged, the run marked failed; a rerun completes', async () => {
    const ids = leadIds(5000);
    await writeRun('killed', ids, 'before');
    const before = await snapshot('killed');

    let seen: { query: string; rowsSent: number; totalRows: number } | null = null;
    const killMidCopy = async ({ backendPid, rowsSent, totalRows }: CopyProgress) => {
      if (seen) return;
      await withClient(server.adminUrl, async (admin) => {
        const [activity] = (await admin.query('select query from pg_stat_activity where pid = $1', [backendPid])).rows;
        seen = { query: activity.query, rowsSent, totalRows };
        // Waits (up to 5 s) until the backend is gone, so the next chunk meets a dead connection.
        await admin.query('select pg_terminate_backend($1, 5000)', [backendPid]);
      });
    };
    const error = await failureOf(writeRun('killed', ids, 'killed-run', { salt: 1, copyChunkRows: 500, onCopyProgress: killMidCopy }));
    expect(seen!.query).toMatch(/^copy "pg_temp"\."leadscore_staging"/);
    expect(seen!.rowsSent).toBe(500);
    expect(seen!.totalRows).toBe(5000);
    expect(error.code).toBe('warehouse');
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/writing predictions to "public"\."killed" failed, nothing was written \(run killed-run marked failed in leadscore_runs\)/);
    expect(error.message).toMatch(/terminated the connection|connection was lost/);
    expect(error.message).not.toContain(password);

    expect(await snapshot('killed')).toEqual(before);
    const failed = await ledgerRow('killed-run');
    expect(failed.status).toBe('failed');
    expect(failed.rows).toBeNull();
    expect(failed.error).toMatch(/terminated the connection|connection was lost/);
    expect(failed.error).not.toContain(password);

    expect(await writeRun('killed', ids, 'killed-run', { salt: 1 })).toBe(5000);
    const after = await snapshot('killed');
    expect(after).toHaveLength(5000);
    expect(after.every((row) => row.run_id === 'killed-run')).toBe(true);
    expect(after.map((r) => r.probability)).toEqual(Array.from(batchOf(ids, 1).probability));
    expect(await ledgerRow('killed-run')).toMatchObject({ status: 'succeeded', rows: '5000', error: null });
  });

  it('two runs at once on the same (new) table: no duplicate, no lost row, both ledger rows right', async () => {
    const all = leadIds(5000, 'C');
    const a = all.slice(0, 3000);
    // In the opposite order: two upserts meeting on the shared leads from both ends would deadlock
    // if they ran side by side.
    const b = all.slice(2000).reverse();
    // Both runs hold their COPY open until the other has started too, so they truly overlap:
    // creating the table, staging, and upserting 1000 shared leads.
    const started = new Set<string>();
    let release!: () => void;
    const bothStarted = new Promise<void>((resolve) => (release = resolve));
    const barrier = (run: string) => async () => {
      started.add(run);
      if (started.size === 2) release();
      await bothStarted;
    };
    const [wa, wb] = await Promise.all([
      writeRun('concurrent', a, 'run-a', { salt: 1, copyChunkRows: 1000, onCopyProgress: barrier('a') }),
      writeRun('concurrent', b, 'run-b', { salt: 2, copyChunkRows: 1000, onCopyProgress: barrier('b') }),
    ]);
    expect([wa, wb]).toEqual([3000, 3000]);

    const rows = await snapshot('concurrent');
    expect(rows).toHaveLength(5000);
    expect(rows.map((r) => r.lead_id)).toEqual(all);
    // Every row is whole: its probability is the one its run computed for that lead.
    const probabilityOf = { 'run-a': batchOf(a, 1), 'run-b': batchOf(b, 2) } as const;
    for (const row of rows) {
      const batch = probabilityOf[row.run_id as 'run-a' | 'run-b'];
      expect(row.probability).toBe(batch.probability[batch.leadIds.indexOf(row.lead_id)]);
    }
    // The shared leads all carry the run that committed last.
    const shared = new Set(rows.filter((r) => r.lead_id >= 'C0002000' && r.lead_id < 'C0003000').map((r) => r.run_id));
    expect(shared.size).toBe(1);
    expect(await ledgerRow('run-a')).toMatchObject({ status: 'succeeded', rows: '3000' });
    expect(await ledgerRow('run-b')).toMatchObject({ status: 'succeeded', rows: '3000' });
  });

  it('a server that is down: a clear error at once', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await failureOf(PostgresWarehouse.open({ connection: { url: `postgres://leadscore:s3cret-pw@127.0.0.1:${port}/crm` } }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.code).toBe('warehouse');
    expect(error.message).toBe(`cannot reach PostgreSQL at postgresql://leadscore@127.0.0.1:${port}/crm: connection refused (is the server running?)`);
  });

  it('a server that accepts but never answers: a clear error after the connect timeout', async () => {
    const silent = await silentServer();
    const port = silent.port;
    const started = Date.now();
    const error = await failureOf(PostgresWarehouse.open({ connection: { url: `postgres://leadscore:s3cret-pw@127.0.0.1:${port}/crm`, connectTimeoutMs: 800 } }));
    const elapsed = Date.now() - started;
    silent.close();
    expect(elapsed).toBeGreaterThanOrEqual(700);
    expect(elapsed).toBeLessThan(4000);
    expect(error.message).toMatch(/cannot reach PostgreSQL at postgresql:\/\/leadscore@127\.0\.0\.1:\d+\/crm: connection timed out/);
    expect(error.message).not.toContain('s3cret-pw');
  });

  it('a wrong password: a clear error within seconds, never the password', async () => {
    const url = new URL(server.url);
    url.password = 'wrong-Pa55word';
    const started = Date.now();
    const error = await failureOf(PostgresWarehouse.open({ connection: { url: url.toString() } }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.code).toBe('warehouse');
    expect(error.message).toMatch(/refused the login: password authentication failed/);
    expect(error.message).not.toContain('wrong-Pa55word');
    expect(JSON.stringify(error.details)).not.toContain('wrong-Pa55word');
  });

  describe('a lock held by another session on the target', () => {
    async function holdingLock<T>(table: string, fn: () => Promise<T>): Promise<T> {
      return withClient(server.url, async (holder) => {
        await holder.query('begin');
        await holder.query(`lock table public.${table} in access exclusive mode`);
        try {
          return await fn();
        } finally {
          await holder.query('rollback');
        }
      });
    }

    async function boundedFailure(table: string, runId: string, connection: PostgresOptions) {
      const started = Date.now();
      const error = await holdingLock(table, () => failureOf(writeRun(table, leadIds(1000), runId, { connection: { url: server.url, ...connection } })));
      return { error, elapsed: Date.now() - started };
    }

    it('gives up after lock_timeout with a clear error; the run is marked failed; a rerun completes', async () => {
      await writeRun('locked', leadIds(1000), 'locked-before');
      const before = await snapshot('locked');
      const { error, elapsed } = await boundedFailure('locked', 'locked-run', { lockTimeoutMs: 400 });
      expect(elapsed).toBeGreaterThanOrEqual(400);
      expect(elapsed).toBeLessThan(5000);
      expect(error.code).toBe('warehouse');
      expect(error.message).toMatch(/gave up waiting for a lock held by another session \(lock_timeout\)/);
      expect(await snapshot('locked')).toEqual(before);
      expect(await ledgerRow('locked-run')).toMatchObject({ status: 'failed' });
      expect(await writeRun('locked', leadIds(1000), 'locked-run', { salt: 4 })).toBe(1000);
      expect(await ledgerRow('locked-run')).toMatchObject({ status: 'succeeded', rows: '1000' });
    });

    it('gives up after statement_timeout when lock_timeout is off', async () => {
      await writeRun('slow', leadIds(10), 'slow-before');
      const { error, elapsed } = await boundedFailure('slow', 'slow-run', { lockTimeoutMs: 0, statementTimeoutMs: 400 });
      expect(elapsed).toBeLessThan(5000);
      expect(error.message).toMatch(/the statement timed out \(statement_timeout\)/);
      expect(await ledgerRow('slow-run')).toMatchObject({ status: 'failed' });
    });
  });
});

/** A loopback server that accepts connections and never says a word, like a hung host. */
async function silentServer(): Promise<{ port: number; close(): void }> {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  return {
    port: (silent.address() as { port: number }).port,
    close() {
      sockets.forEach((s) => s.destroy());
      silent.close();
    },
  };
}
