/**
 * `leadscore score` writing to PostgreSQL through the CLI, as a batch job runs it: exit codes,
 * the one --json object, and no password anywhere in what it prints.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSampleCrm } from '../../data/generator/index.ts';
import { runCli, type CliRun } from '../helpers/cli.ts';
import { freePort, startTestPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { query } from './predictionBatches.ts';

const urlEnv = 'LEADSCORE_CLI_TEST_WAREHOUSE_URL';
let server: TestPostgres;
let password: string;
let config: string;
let dir: string;

function expectNoPassword(run: CliRun): void {
  for (const secret of [password, 'wr0ng-Pa55']) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

beforeAll(async () => {
  server = await startTestPostgres();
  password = decodeURIComponent(new URL(server.url).password);
  dir = mkdtempSync(join(tmpdir(), 'leadscore-pg-cli-'));
  await generateSampleCrm({ outDir: join(dir, 'data'), leads: 1500, seed: 7 });
  config = join(dir, 'leadscore.json');
  writeFileSync(
    config,
    JSON.stringify({
      sources: { leads: { path: 'data/leads.csv' }, events: { path: 'data/events.csv' }, outcomes: { path: 'data/outcomes.csv' } },
      label: { window_days: 90, as_of: '2026-06-30T23:59:59Z' },
      postgres: { url_env: urlEnv, connect_timeout_ms: 2000, lock_timeout_ms: 2000 },
      output: { warehouse_type: 'postgres', schema: 'crm scores', predictions_table: 'lead_scores', history_table: 'lead_scores_history' },
    }),
  );
  process.env[urlEnv] = server.url;
  const trained = await runCli('train', '--config', config, '--json', '--quiet');
  expect(trained.code, trained.stderr).toBe(0);
});

afterAll(async () => {
  delete process.env[urlEnv];
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('leadscore score into PostgreSQL (CLI)', () => {
  it('writes every scored lead, reports the warehouse without its password, and exits 0', async () => {
    process.env[urlEnv] = server.url;
    const run = await runCli('score', '--config', config, '--json');
    expect(run.code, run.stderr).toBe(0);
    expectNoPassword(run);
    const result = run.json();
    const { hostname, port, pathname } = new URL(server.url);
    expect(result).toMatchObject({ ok: true, table: 'lead_scores' });
    const n = result.predictionsWritten as number;
    expect(n).toBeGreaterThan(100);
    expect(result.warehouse).toBe(`postgresql://postgres@${hostname}:${port}/${pathname.slice(1)} (schema crm scores)`);
    expect(run.stderr).toContain(`writing predictions to ${result.warehouse}`);

    expect(await query(server.url, 'select count(*)::int as n, count(distinct lead_id)::int as leads from "crm scores".lead_scores')).toEqual([{ n, leads: n }]);
    expect(await query(server.url, 'select count(*)::int as n from "crm scores".lead_scores_history')).toEqual([{ n }]);
    const ledger = await query(server.url, 'select run_id, model_id, rows, status, error from "crm scores".leadscore_runs');
    expect(ledger).toEqual([{ run_id: result.runId, model_id: result.modelId, rows: String(n), status: 'succeeded', error: null }]);
  });

  it('exits 1 with a clear message when the password is wrong', async () => {
    const url = new URL(server.url);
    url.password = 'wr0ng-Pa55';
    process.env[urlEnv] = url.toString();
    const started = Date.now();
    const run = await runCli('score', '--config', config, '--json');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.code).toBe(1);
    expectNoPassword(run);
    expect(run.json()).toMatchObject({ ok: false, error: { code: 'warehouse' } });
    expect(run.json().error.message).toMatch(/^PostgreSQL at postgresql:\/\/postgres@127\.0\.0\.1:\d+\/\w+ refused the login: password authentication failed/);
    expect(run.stderr).toMatch(/leadscore: PostgreSQL at .* refused the login/);
  });

  it('exits 1 with a clear message when the server is down', async () => {
    const port = await freePort();
    process.env[urlEnv] = `postgresql://scorer:${password}@127.0.0.1:${port}/crm`;
    const run = await runCli('score', '--config', config, '--json');
    expect(run.code).toBe(1);
    expectNoPassword(run);
    expect(run.json().error.message).toBe(`cannot reach PostgreSQL at postgresql://scorer@127.0.0.1:${port}/crm: connection refused (is the server running?)`);
  });
});
