import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { LeadscoreError } from '../../../core/errors.ts';
import { loadConfig } from '../../../data/config.ts';
import { generateSampleCrm } from '../../../data/generator/index.ts';
import { logit, sigmoid } from '../../../models/calibration/logit.ts';
import { scoreLeads } from '../../../pipelines/scoreLeads.ts';
import { trainModel } from '../../../pipelines/trainModel.ts';
import { runCli } from '../../helpers/cli.ts';
import { memoryConnection, rows } from '../../helpers/duckdb.ts';

const asOf = '2026-06-30T23:59:59Z';
const classicPoints = new URL('../../../data/rules/classic-points.yaml', import.meta.url).pathname;
let root: string;

/** Fit rules on what the "blind" model below is not given: title, industry, size and country. */
const fitRules = {
  name: 'fit the model cannot see',
  limits: { total: 70, fit: 70, engagement: 1 },
  fit: [
    {
      id: 'title',
      attribute: 'job_title',
      options: [
        { pattern: '^(vp|vice president)', points: 20 },
        { pattern: '^(ceo|cfo|cmo|cto|coo|chief|founder|director|head of)', points: 16 },
        { pattern: 'manager', points: 10 },
        { pattern: 'student|intern', points: -20 },
      ],
    },
    {
      id: 'industry',
      attribute: 'industry',
      options: [
        { in: ['software'], points: 20 },
        { in: ['financial_services'], points: 16 },
        { in: ['healthcare', 'professional_services'], points: 12 },
        { in: ['manufacturing', 'media'], points: 8 },
        { in: ['retail'], points: 5 },
      ],
    },
    {
      id: 'size',
      attribute: 'company_size',
      options: [
        { range: { min: 1000 }, points: 20 },
        { range: { min: 200, max: 1000 }, points: 15 },
        { range: { min: 50, max: 200 }, points: 10 },
        { range: { min: 10, max: 50 }, points: 5 },
      ],
    },
    {
      id: 'country',
      attribute: 'country',
      options: [
        { in: ['US'], points: 10 },
        { in: ['GB', 'CA', 'DE', 'NL'], points: 7 },
        { in: ['IN', 'BR', 'ZA', 'MX'], points: -5 },
      ],
    },
  ],
};

function writeConfig(name: string, body: Record<string, unknown>, leads: Record<string, unknown> = {}): string {
  const path = join(root, `${name}.yaml`);
  const sources = {
    leads: { path: 'data/leads.csv', ...leads },
    events: { path: 'data/events.csv' },
    outcomes: { path: 'data/outcomes.csv' },
  };
  writeFileSync(path, stringify({ name, sources, label: { window_days: 90, as_of: asOf }, ...body }));
  return path;
}

async function readParquet(path: string): Promise<Record<string, unknown>[]> {
  const c = await memoryConnection();
  return rows(c, `select * exclude (run_id) from read_parquet('${path}') order by lead_id`);
}

describe('leadscore score: blend, capacity, recycled leads, files, determinism', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'leadscore-score-run-'));
    await generateSampleCrm({ outDir: join(root, 'data'), leads: 6000, seed: 3 });
    writeFileSync(join(root, 'fit-rules.yaml'), stringify(fitRules));
    // The classic points preset beside a model with every feature.
    await trainModel(loadConfig(writeConfig('classic', { rules: classicPoints, output: { dir: 'classic' } })));
    // A model that is not given the lead's fit attributes (only channel, campaign and engagement).
    const exclude = ['job_title', 'industry', 'company_size', 'country', 'department', 'annual_revenue'];
    await trainModel(loadConfig(writeConfig('blind-train', { output: { dir: 'blind' } }, { attributes: { exclude } })));
  });

  it('learns a blend that beats model and rules when the rules carry what the model lacks, and scores with it', async () => {
    const config = writeConfig('blind-scoring', { rules: 'fit-rules.yaml', output: { dir: 'blind' } });
    const run = await runCli('score', '--config', config, '--learn-blend', '--json', '--output', join(root, 'learned.parquet'));
    expect(run.code, run.stderr).toBe(0);
    const result = run.json();
    const learned = result.blend.learned;
    expect(result.blend.kind).toBe('stacked');
    // Measured on the model's holdout: the blend, cross-fitted, beats both of its inputs.
    expect(learned.auc.blend).toBeGreaterThan(learned.auc.model + 0.01);
    expect(learned.auc.blend).toBeGreaterThan(learned.auc.rules + 0.05);
    expect(learned.blend.rules).toBeGreaterThan(0);
    expect(learned.ruleShare).toBeGreaterThan(0.15);
    expect(run.stderr).toMatch(/learned blend: 100 × σ\(/);
    // The run's blended_score is the learned formula, row by row.
    const { intercept, model, rules } = learned.blend;
    const written = await readParquet(join(root, 'learned.parquet'));
    expect(written.length).toBe(result.predictionsWritten);
    for (const row of written) {
      const expected = 100 * sigmoid(intercept + model * logit(row.probability as number) + (rules * (row.rule_score as number)) / 100);
      expect(row.blended_score as number).toBeCloseTo(expected, 9);
    }
  });

  it('refuses --learn-blend without a rule file before reading any data (exit 2)', async () => {
    const run = await runCli('score', '--config', writeConfig('no-rules', { output: { dir: 'blind' } }), '--learn-blend', '--json');
    expect(run.code).toBe(2);
    expect(run.json().error.message).toMatch(/no rule file/);
  });

  it('scores the same rows twice: same inputs and model, same rows (only run_id differs)', async () => {
    const config = loadConfig(writeConfig('classic', { rules: classicPoints, output: { dir: 'classic' } }));
    const first = await scoreLeads(config, { outputs: [join(root, 'first.parquet')], capacity: 25, includeLost: true });
    const second = await scoreLeads(config, { outputs: [join(root, 'second.parquet')], capacity: 25, includeLost: true });
    expect(second.runId).not.toBe(first.runId);
    expect(first.scoredAt).toBe('2026-06-30T23:59:59.000Z');
    const a = await readParquet(join(root, 'first.parquet'));
    const b = await readParquet(join(root, 'second.parquet'));
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toEqual(a);
    expect(new Set(a.map((r) => String(r.scored_at)))).toEqual(new Set([String(a[0].scored_at)]));
  });

  it('writes CSV, Parquet and Arrow files holding the warehouse rows', async () => {
    const config = loadConfig(writeConfig('classic', { rules: classicPoints, output: { dir: 'classic', predictions_table: 'files_check' } }));
    const paths = ['out.csv', 'out.parquet', 'out.arrow'].map((f) => join(root, 'files', f));
    const result = await scoreLeads(config, { outputs: paths });
    expect(result.files.map((f) => f.format)).toEqual(['csv', 'parquet', 'arrow']);
    const c = await memoryConnection();
    await c.run(`attach '${result.warehouse}' as wh (read_only)`);
    const columns = 'lead_id, probability, rule_score, fit_score, engagement_score, blended_score, grade, matrix_cell, temperature, status, top_reasons, model_id, run_id';
    const warehouse = await rows(c, `select ${columns}, epoch_ms(scored_at) as t from wh.files_check order by lead_id`);
    const csv = await rows(c, `select ${columns}, epoch_ms(scored_at) as t from read_csv('${paths[0]}', header = true, quote = '"') order by lead_id`);
    const parquet = await rows(c, `select ${columns}, epoch_ms(scored_at) as t from read_parquet('${paths[1]}') order by lead_id`);
    expect(parquet).toEqual(warehouse);
    expect(csv.length).toBe(warehouse.length);
    csv.forEach((row, i) => {
      expect(row.lead_id).toBe(warehouse[i].lead_id);
      expect(row.blended_score as number).toBeCloseTo(warehouse[i].blended_score as number, 12);
      expect(row.top_reasons).toBe(warehouse[i].top_reasons);
    });
    const arrow = tableFromIPC(readFileSync(paths[2]));
    expect(arrow.numRows).toBe(warehouse.length);
    expect(arrow.schema.fields.map((f) => f.name)).toEqual([...columns.split(', '), 'scored_at']);
    const lead = arrow.getChild('lead_id')!.toArray() as string[];
    const blended = arrow.getChild('blended_score')!.toArray() as Float64Array;
    const status = arrow.getChild('status')!.toArray() as string[];
    warehouse.forEach((row, i) => {
      expect(lead[i]).toBe(row.lead_id);
      expect(blended[i]).toBe(row.blended_score);
      expect(status[i]).toBe(row.status);
    });
    expect(Number(arrow.getChild('scored_at')!.get(0))).toBe(Date.parse(asOf));
  });

  it('leaves a file as it was when writing it fails, and rejects unknown file types before scoring', async () => {
    const config = loadConfig(writeConfig('classic', { rules: classicPoints, output: { dir: 'classic' } }));
    const target = join(root, 'taken.parquet');
    mkdirSync(target); // a directory where the file should go: the final rename must fail
    const error = await scoreLeads(config, { outputs: [target] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeadscoreError);
    expect((error as Error).message).toMatch(/taken\.parquet/);
    expect(readdirSync(root).filter((f) => f.includes('.partial'))).toEqual([]);
    expect(existsSync(target)).toBe(true);

    const usage = await scoreLeads(config, { outputs: [join(root, 'scores.xlsx')] }).catch((e: unknown) => e);
    expect((usage as LeadscoreError).code).toBe('usage');
    expect((usage as Error).message).toMatch(/\.xlsx/);
  });

  it('scores lost leads as recycled when asked', async () => {
    const config = loadConfig(writeConfig('classic', { rules: classicPoints, output: { dir: 'classic' } }));
    const c = await memoryConnection();
    const [counts] = await rows(
      c,
      `select count(*) filter (where status = 'lost')::integer as lost, count(*) filter (where status = 'open')::integer as open
       from read_csv('${join(root, 'data', 'outcomes.csv')}', all_varchar = true)`,
    );
    const withLost = await scoreLeads(config, { includeLost: true, outputs: [join(root, 'recycled.parquet')] });
    expect(withLost.leads).toEqual({ open: counts.open, recycled: counts.lost });
    expect(withLost.statuses.recycled).toBe(counts.lost);
    const [check] = await rows(
      c,
      `select count(*) filter (where p.status = 'recycled' and o.status <> 'lost')::integer as wrong,
              count(*) filter (where p.status = 'recycled')::integer as recycled
       from read_parquet('${join(root, 'recycled.parquet')}') p join read_csv('${join(root, 'data', 'outcomes.csv')}', all_varchar = true) o using (lead_id)`,
    );
    expect(check).toEqual({ wrong: 0, recycled: counts.lost });
  });

  it('sets the MQL threshold from sales capacity and reports what falls above it', async () => {
    const config = loadConfig(writeConfig('classic', { rules: classicPoints, output: { dir: 'classic' } }));
    const result = await scoreLeads(config, { capacity: 10, outputs: [join(root, 'capacity.parquet')] });
    const plan = result.capacity!;
    // Lost leads are not scored unless asked (scoring.include_lost, --recycled).
    expect(result.leads.recycled).toBe(0);
    expect(result.statuses.recycled).toBeUndefined();
    expect(plan.basis).toBe('arrivals');
    expect(plan.shortfall).toBe(false);
    expect(plan.threshold).toBeGreaterThan(0);
    // ~10 of a typical week's qualifying new leads pass the threshold (ties may add one or two).
    expect(plan.perWeek!.mqls).toBeGreaterThanOrEqual(10);
    expect(plan.perWeek!.mqls).toBeLessThan(11);
    const written = await readParquet(join(root, 'capacity.parquet'));
    const mqls = written.filter((r) => r.status === 'MQL');
    expect(mqls.length).toBe(plan.leadsAbove);
    expect(result.statuses.MQL).toBe(plan.leadsAbove);
    expect(Math.min(...mqls.map((r) => r.blended_score as number))).toBeGreaterThanOrEqual(plan.threshold);
    expect(plan.expectedConversions).toBeCloseTo(mqls.reduce((s, r) => s + (r.probability as number), 0), 9);
    const qualifyingBelow = written.filter((r) => r.status === 'new' && (r.blended_score as number) >= plan.threshold);
    expect(qualifyingBelow).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('warns on stderr and in --json when marketing cannot fill the capacity', async () => {
    const config = writeConfig('classic', { rules: classicPoints, output: { dir: 'classic' } });
    const run = await runCli('score', '--config', config, '--capacity', '100000', '--json');
    expect(run.code, run.stderr).toBe(0);
    const result = run.json();
    expect(result.capacity.shortfall).toBe(true);
    expect(result.capacity.threshold).toBe(0);
    expect(result.warnings[0]).toMatch(/cannot fill sales' capacity of 100000 leads a week/);
    expect(run.stderr).toMatch(/! marketing's volume cannot fill/);
    expect(result.capacity.leadsAbove).toBe(result.statuses.MQL);
  });
});
