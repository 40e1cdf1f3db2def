import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { memoryConnection, rows } from '../helpers/duckdb.ts';

const repo = join(import.meta.dirname, '..', '..');

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'leadscore-cli-'));
}

function writeConfig(dir: string, config: object): string {
  const path = join(dir, 'leadscore.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

describe('CLI contract', () => {
  it('exits 2 on an unknown option or command, 0 on --help', async () => {
    expect((await runCli('train', '--bogus')).code).toBe(2);
    expect((await runCli('frobnicate')).code).toBe(2);
    const help = await runCli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/demo[\s\S]*features[\s\S]*train[\s\S]*score/);
  });

  it('exits 2 when --config is missing or invalid, with one JSON error object', async () => {
    const missing = await runCli('train', '--json');
    expect(missing.code).toBe(2);
    expect(missing.json()).toMatchObject({ ok: false, error: { code: 'usage' } });

    const dir = tempDir();
    const bad = await runCli('features', '--json', '--config', writeConfig(dir, { sources: { leads: { path: 7 } } }));
    expect(bad.code).toBe(2);
    expect(bad.json().error.message).toMatch(/sources\.leads\.path/);
    expect(bad.stderr).toMatch(/sources\.leads\.path/);
  });

  it('exits 2 naming the file and column when a required column is missing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'leads.csv'), 'id,created,source\nA,2024-01-01,web\n');
    writeFileSync(join(dir, 'outcomes.csv'), 'lead_id,status,closed_at\nA,won,2024-01-05\n');
    const config = writeConfig(dir, {
      sources: {
        leads: { path: 'leads.csv', columns: { lead_id: 'id', created_at: 'created_on', channel: 'source' } },
        outcomes: { path: 'outcomes.csv' },
      },
    });
    const run = await runCli('features', '--json', '--config', config);
    expect(run.code).toBe(2);
    const message = run.json().error.message as string;
    expect(message).toContain('leads.csv');
    expect(message).toContain('created_on');
  });

  it('exits 2 with a hint when scoring before any model was trained', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'leads.csv'), 'lead_id,y,size\nA,1,3\n');
    const run = await runCli('score', '--json', '--config', writeConfig(dir, { sources: { leads: { path: 'leads.csv', label_column: 'y' } } }));
    expect(run.code).toBe(2);
    expect(run.json().error.message).toMatch(/no trained model/);
  });

  it('runs the demo end to end: one JSON object, one prediction per open lead in DuckDB', async () => {
    const out = tempDir();
    const run = await runCli('demo', '--json', '--quiet', '--leads', '3000', '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const result = run.json();
    expect(result.ok).toBe(true);
    expect(result.holdout.auc).toBeGreaterThan(0.65);
    expect(result.ingest.rowsRejected).toBeGreaterThan(0);
    expect(result.ingest.quarantine).toMatch(/quarantine\.csv$/);

    const c = await memoryConnection();
    await c.run(`attach '${result.warehouse}' as wh (read_only)`);
    const [counts] = await rows(
      c,
      `select count(*)::integer as n, count(distinct lead_id)::integer as leads, count(rule_score)::integer as rule_scores,
              min(blended_score) as lo, max(blended_score) as hi, count(*) filter (where status = 'MQL')::integer as mqls
       from wh.predictions`,
    );
    expect(counts.n).toBe(result.predictionsWritten);
    // the demo scores by the classic points preset too, side by side with the model
    expect(counts.rule_scores).toBe(result.predictionsWritten);
    expect(counts.lo).toBeGreaterThanOrEqual(0);
    expect(counts.hi).toBeLessThanOrEqual(100);
    expect(counts.mqls).toBe(result.statuses.MQL);
    expect(counts.leads).toBe(result.predictionsWritten);
    // every open lead of the sample data, and nothing else
    const [open] = await rows(
      c,
      `select count(*)::integer as n from read_csv('${join(out, 'data', 'outcomes.csv')}', all_varchar = true)
       where status = 'open' and lead_id in (select lead_id from read_csv('${join(out, 'data', 'leads.csv')}', all_varchar = true)
                                             where try_cast(created_at as timestamp) is not null)`,
    );
    const openLeads = Number(open.n);
    expect(result.predictionsWritten).toBeLessThanOrEqual(openLeads);
    expect(result.predictionsWritten).toBeGreaterThan(openLeads * 0.99);

    // the config the demo saves drives the other commands on its data, to the same result
    const rescored = await runCli('score', '--json', '--quiet', '--config', result.configFile);
    expect(rescored.code, rescored.stderr).toBe(0);
    expect(rescored.json()).toMatchObject({ modelId: result.modelId, predictionsWritten: result.predictionsWritten, temperatures: result.temperatures });

    // train and score again through the separate commands on the same data
    const config = writeConfig(out, {
      sources: {
        leads: { path: 'data/leads.csv' },
        events: { path: 'data/events.csv' },
        outcomes: { path: 'data/outcomes.csv' },
      },
      label: { as_of: '2026-06-30T23:59:59Z' },
      output: { dir: 'again' },
    });
    const train = await runCli('train', '--json', '--quiet', '--config', config);
    expect(train.code, train.stderr).toBe(0);
    const model = train.json().models[0];
    expect(model).toMatchObject({ kind: 'logreg', id: expect.any(String), metrics: { auc: expect.any(Number), logloss: expect.any(Number) } });
    expect(model.report.liftByDecile).toHaveLength(10);
    expect(model.report.confusion).toMatchObject({ tp: expect.any(Number) });
    const score = await runCli('score', '--json', '--quiet', '--config', config);
    expect(score.code, score.stderr).toBe(0);
    expect(score.json().predictionsWritten).toBe(result.predictionsWritten);
  });

  it('keeps stdout to exactly one JSON object when run as a process', async () => {
    const dir = tempDir();
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [join(repo, 'bin', 'leadscore.js'), 'generate', '--json', '--leads', '200', '--out', join(dir, 'crm')],
      { cwd: dir },
    );
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, command: 'generate' });
    expect(stderr).toMatch(/generating 200 leads/);
  });
});
