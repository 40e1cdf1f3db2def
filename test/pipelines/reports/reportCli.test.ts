import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadArtifact } from '../../../models/registry/artifact.ts';
import { rocAuc } from '../../../models/evaluation/metrics.ts';
import { scoreHoldout } from '../../../pipelines/holdoutScores.ts';
import { buildModelReport } from '../../../pipelines/reports/modelReport.ts';
import type { Report, TableSection } from '../../../pipelines/reports/report.ts';
import { runCli } from '../../helpers/cli.ts';
import { trainedWorkspace, type TrainedWorkspace } from './trainedFixture.ts';

let ws: TrainedWorkspace;
let report: Report;

const table = (r: Report, id: string) => r.sections.find((s): s is TableSection => s.kind === 'table' && s.id === id)!;

describe('report model on a trained sample CRM', () => {
  beforeAll(async () => {
    ws = await trainedWorkspace('report-cli');
    report = await buildModelReport(ws.config);
  });

  it('describes the champion on the very holdout train evaluated, with the numbers train recorded', async () => {
    const { artifact } = loadArtifact(ws.config.output.dir, 'champion');
    const trained = ws.trained.models[0];
    expect(report.context.model).toBe(artifact.id);
    const holdout = report.data.holdout as { rows: number; positives: number; auc: number; matchesTraining: boolean };
    expect(holdout.rows).toBe(trained.report.liftByDecile.reduce((s, d) => s + d.count, 0));
    expect(holdout.matchesTraining).toBe(true);
    // Platt calibration is monotone: the curve's AUC is the raw holdout AUC train recorded.
    expect(holdout.auc).toBeCloseTo(trained.uncalibratedMetrics.auc, 10);
    const metrics = table(report, 'metrics').rows.find((r) => r.metric === 'ROC AUC')!;
    expect(metrics.holdout).toBe(trained.metrics.auc);
    expect(metrics.rule_score).toBeCloseTo(ws.trained.rules!.metrics.auc, 10);
    // Lift by decile recomputed from the holdout scores, independently of the report.
    const scores = await scoreHoldout(ws.config);
    expect(rocAuc(scores.label, scores.probability)).toBeCloseTo(holdout.auc, 12);
    const lift = table(report, 'lift').rows;
    expect(lift.reduce((s, r) => s + (r.leads as number), 0)).toBe(scores.label.length);
    expect(lift.reduce((s, r) => s + (r.converted as number), 0)).toBe(scores.label.reduce((s, v) => s + v, 0));
    const order = Array.from(scores.probability.keys()).sort((a, b) => scores.probability[b] - scores.probability[a]);
    const topTenth = order.slice(0, Math.floor(scores.label.length / 10));
    expect(lift[0].converted).toBe(topTenth.reduce((s, i) => s + scores.label[i], 0));
  });

  it('summarises the data: label balance and the rejected rows', () => {
    const rows = Object.fromEntries(table(report, 'data').rows.map((r) => [r.item, r.count]));
    expect(rows['labelled (training examples)']).toBe(ws.trained.trainingSet.rows);
    expect(rows['source rows rejected at ingest']).toBe(ws.trained.ingest.rowsRejected);
    expect(ws.trained.ingest.rowsRejected).toBeGreaterThan(0);
    expect(table(report, 'importance').rows.length).toBeGreaterThan(5);
  });

  it('prints a terminal report in 100 columns by default', async () => {
    const run = await runCli('report', 'model', '--config', ws.configPath, '--quiet');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Model report: ${report.context.model}`);
    expect(run.stdout).toContain('Holdout metrics');
    expect(run.stdout).toContain('Lift and capture by decile');
    expect(Math.max(...run.stdout.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(100);
  });

  it('prints the main table as CSV with a bare --csv', async () => {
    const run = await runCli('report', 'model', '--config', ws.configPath, '--csv', '--quiet');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('metric,holdout,uncalibrated,rule_score,reading');
    expect(lines[1]).toMatch(/^ROC AUC,0\.\d+,0\.\d+,0\.\d+,"?0\.5 = random order/);
  });

  it('writes every table as CSV and one HTML file; --json prints one object naming them, progress on stderr', async () => {
    const dir = join(ws.root, 'reports');
    const html = join(ws.root, 'model.html');
    const run = await runCli('report', 'model', '--config', ws.configPath, '--csv', dir, '--html', html, '--json');
    expect(run.code).toBe(0);
    const json = run.json();
    expect(json).toMatchObject({ ok: true, command: 'report', report: 'model', mainTable: 'metrics' });
    expect(json.sections.find((s: { id: string }) => s.id === 'roc').spec.data.values.length).toBeGreaterThan(10);
    expect(run.stderr).toContain('refitting model');
    expect(json.html).toBe(html);
    expect(json.csv).toContain(join(dir, 'model-metrics.csv'));
    expect(json.csv).toContain(join(dir, 'model-leakage.csv'));
    for (const file of json.csv) expect(existsSync(file)).toBe(true);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>[\s\S]*<svg [\s\S]*<\/html>\n$/);
  });

  it('exits 2 with a clear message on bad usage', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['report', 'model', '--from', '2026-01-01'], /--from\/--to do not apply/],
      [['report', 'model', '--json', '--csv'], /--json and a bare --csv/],
      [['report', 'model', '--to', '2026-02-30'], /--to: not a calendar date/],
      [['report', 'model', '--from', '2026-03-01', '--to', '2026-02-01'], /--from must not be after --to/],
      [['report', 'model', '--model', 'nope'], /model "nope" not found/],
      [['report', 'sales'], /'sales' is invalid .* roi, compare, model/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(...args, '--config', ws.configPath, '--quiet');
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
    }
  });
});
