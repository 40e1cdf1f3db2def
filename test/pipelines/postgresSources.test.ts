/**
 * The feature stage reading its sources from PostgreSQL: on the generated sample CRM loaded into
 * native-typed tables, the training set is the same as from the CSV files; and the CLI end to end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../data/config.ts';
import { generateSampleCrm } from '../../data/generator/index.ts';
import { buildTrainingSet } from '../../pipelines/buildTrainingSet.ts';
import { demoConfig } from '../../pipelines/runDemo.ts';
import { readTrainingSet } from '../../features/trainingSet/readTrainingSet.ts';
import type { FeatureFrame } from '../../features/frame/featureFrame.ts';
import { runCli } from '../helpers/cli.ts';
import { freePort, startTestPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { loadCrmIntoPostgres } from '../helpers/postgresCrm.ts';

const urlEnv = 'LEADSCORE_TEST_PG_CRM_URL';
const asOf = '2026-06-30T23:59:59Z';
let server: TestPostgres;
let dir: string;
let dataDir: string;

beforeAll(async () => {
  server = await startTestPostgres();
  dir = mkdtempSync(join(tmpdir(), 'leadscore-pg-crm-'));
  dataDir = join(dir, 'data');
  await generateSampleCrm({ outDir: dataDir, leads: 1500, seed: 11 });
  await loadCrmIntoPostgres(server.url, dataDir, { schema: 'crm' });
  process.env[urlEnv] = server.url;
});

afterAll(async () => {
  delete process.env[urlEnv];
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const postgresSources = {
  leads: { postgres: { table: 'crm.leads' } },
  events: { postgres: { table: 'crm.events' } },
  // A query source, renaming a column that the mapping then maps back.
  outcomes: { postgres: { query: 'select lead_id, status as stage, closed_at, amount from crm.outcomes' }, columns: { status: 'stage' } },
  channel_costs: { postgres: { table: 'crm.channel_costs' } },
};

/** Every value of the frame, categories as strings, so two frames compare by content. */
function contents(frame: FeatureFrame) {
  return {
    rows: frame.rows,
    leadIds: frame.leadIds,
    createdAt: Array.from(frame.createdAt),
    snapshotAt: Array.from(frame.snapshotAt),
    label: Array.from(frame.label),
    columns: frame.columns.map((c) =>
      c.kind === 'numeric'
        ? { name: c.name, kind: c.kind, values: Array.from(c.values) }
        : { name: c.name, kind: c.kind, values: Array.from(c.codes, (code) => (code < 0 ? null : c.dictionary[code])) },
    ),
  };
}

describe('feature stage from PostgreSQL', () => {
  it('builds the same training set from PostgreSQL tables as from the same data in CSV files', async () => {
    const fromCsv = await buildTrainingSet(demoConfig(dataDir, join(dir, 'csv-out'), { label: { window_days: 90, as_of: asOf } }));
    const pgConfig = resolveConfig(
      { name: 'demo', sources: postgresSources, label: { window_days: 90, as_of: asOf }, postgres: { url_env: urlEnv }, output: { dir: join(dir, 'pg-out') } },
      '<test>',
      dir,
    );
    const fromPg = await buildTrainingSet(pgConfig);

    expect(fromCsv.trainingSet.rows).toBeGreaterThan(500);
    expect(fromPg.trainingSet.fingerprint).toBe(fromCsv.trainingSet.fingerprint);
    expect(fromPg.trainingSet.features).toBe(fromCsv.trainingSet.features);
    expect(fromPg.scoringRows).toBe(fromCsv.scoringRows);
    for (const table of ['leads', 'events', 'outcomes', 'channel_costs'] as const) {
      const { file: _, ...counts } = fromCsv.ingest.tables[table]!;
      expect({ table, ...fromPg.ingest.tables[table], file: undefined }).toEqual({ table, ...counts, file: undefined });
    }
    expect(fromPg.ingest.tables.leads?.file).toBe('postgres:crm.leads');
    expect(fromPg.ingest.tables.outcomes?.file).toBe('postgres:(query for outcomes)');

    const csvSet = await readTrainingSet(fromCsv.trainingSet.path);
    const pgSet = await readTrainingSet(fromPg.trainingSet.path);
    expect(contents(pgSet.frame)).toEqual(contents(csvSet.frame));
    expect((pgSet.metadata.sources as Record<string, { path: string }>).events.path).toBe('postgres:crm.events');
  });

  it('leadscore features --config <postgres config> --json: one JSON object, sources named, exit 0', async () => {
    const config = join(dir, 'pg.yaml');
    writeFileSync(
      config,
      [
        'name: crm',
        'postgres: { url_env: ' + urlEnv + ' }',
        'sources:',
        '  leads:    { postgres: { table: crm.leads } }',
        '  events:   { postgres: { query: "select * from crm.events where event_type <> \'email_open\'" } }',
        '  outcomes: { postgres: { table: crm.outcomes } }',
        `label: { window_days: 90, as_of: '${asOf}' }`,
        'output: { dir: cli-out }',
      ].join('\n'),
    );
    const run = await runCli('features', '--config', config, '--json');
    expect(run.code, run.stderr).toBe(0);
    const json = run.json();
    expect(json.command).toBe('features');
    expect(json.ingest.tables.leads).toMatchObject({ file: 'postgres:crm.leads', read: 1500, accepted: 1500, rejected: 0 });
    expect(json.ingest.tables.events.file).toBe('postgres:(query for events)');
    expect(json.trainingSet.rows).toBeGreaterThan(500);
    expect(run.stderr).toMatch(/reading leads, events, outcomes from postgresql:\/\/postgres@127\.0\.0\.1:\d+\//);
    expect(run.stderr).toMatch(/leads: 1500 rows exported from postgres:crm\.leads/);
    expect(run.stdout + run.stderr).not.toContain('test-password');
  });

  it('leadscore features: a missing column exits 2 naming the table and column; a server that is down exits 1 without the password', async () => {
    const missing = join(dir, 'missing.json');
    writeFileSync(
      missing,
      JSON.stringify({
        postgres: { url_env: urlEnv },
        sources: { leads: { postgres: { table: 'crm.leads' }, columns: { channel: 'LeadSource' } }, outcomes: { postgres: { table: 'crm.outcomes' } } },
        output: { dir: 'missing-out' },
      }),
    );
    const bad = await runCli('features', '--config', missing, '--json');
    expect(bad.code).toBe(2);
    expect(bad.json().error.message).toMatch(/^postgres:crm\.leads: column "LeadSource" \(leads\.channel\) not found/);

    const port = await freePort();
    process.env.LEADSCORE_TEST_PG_CLI_DOWN = `postgresql://crm_reader:hunter2-secret@127.0.0.1:${port}/crm`;
    try {
      const down = join(dir, 'down.json');
      writeFileSync(
        down,
        JSON.stringify({
          postgres: { url_env: 'LEADSCORE_TEST_PG_CLI_DOWN', connect_timeout_ms: 2000 },
          sources: { leads: { postgres: { table: 'crm.leads' } }, outcomes: { postgres: { table: 'crm.outcomes' } } },
          output: { dir: 'down-out' },
        }),
      );
      const started = performance.now();
      const run = await runCli('features', '--config', down, '--json');
      expect(performance.now() - started).toBeLessThan(5000);
      expect(run.code).toBe(1);
      expect(run.json().error.message).toMatch(/cannot reach PostgreSQL at postgresql:\/\/crm_reader@127\.0\.0\.1:\d+\/crm: connection refused/);
      expect(run.stdout + run.stderr).not.toContain('hunter2-secret');
    } finally {
      delete process.env.LEADSCORE_TEST_PG_CLI_DOWN;
    }
  });
});
