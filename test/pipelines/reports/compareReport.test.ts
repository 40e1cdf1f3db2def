import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSampleCrm } from '../../../data/generator/index.ts';
import { takeFrameRows } from '../../../features/frame/takeFrameRows.ts';
import { readTrainingSet } from '../../../features/trainingSet/readTrainingSet.ts';
import { rocAuc } from '../../../models/evaluation/metrics.ts';
import { loadRuleFile } from '../../../models/rules/loadRuleFile.ts';
import { scoreHoldout } from '../../../pipelines/holdoutScores.ts';
import type { Scorecard } from '../../../pipelines/reports/compare/scorecard.ts';
import { scorecardPoints } from '../../../pipelines/reports/compare/scorecard.ts';
import { buildCompareReport } from '../../../pipelines/reports/compareReport.ts';
import type { ChartSection, Report, TableSection, TextSection } from '../../../pipelines/reports/report.ts';
import { chartToSvg } from '../../../pipelines/reports/render/html.ts';
import { demoConfig } from '../../../pipelines/runDemo.ts';
import { trainModel, type TrainResult } from '../../../pipelines/trainModel.ts';
import { runCli } from '../../helpers/cli.ts';

const label = { window_days: 90, as_of: '2026-06-30T23:59:59Z' };
const classicPoints = fileURLToPath(new URL('../../../data/rules/classic-points.yaml', import.meta.url));
let root: string;
let trained: TrainResult;
let report: Report;

const table = (r: Report, id: string) => r.sections.find((s) => s.id === id) as TableSection;
const config = (overrides = {}) => demoConfig(join(root, 'data'), join(root, 'out'), { label, ...overrides });

describe('report compare', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'leadscore-compare-'));
    await generateSampleCrm({ outDir: join(root, 'data'), leads: 2500, seed: 8 });
    trained = await trainModel(config());
    report = await buildCompareReport(config(), { top: 5 });
  });

  it('compares rules, model and blend on the holdout train evaluated, matching what train measured', () => {
    const summary = table(report, 'summary');
    expect(summary.rows.map((r) => r.score)).toEqual(['rule score', 'model', 'blend']);
    // Computed by train on its own holdout, by other code: the same leads give the same AUCs.
    expect(summary.rows[0].auc).toBeCloseTo(trained.rules!.metrics.auc, 12);
    expect(summary.rows[1].auc).toBeCloseTo(trained.models[0].uncalibratedMetrics.auc, 12);
    expect(report.context.holdout).toBe(`time split, ${trained.evaluation.testRows} leads, ${(report.data.holdout as { positives: number }).positives} converted`);
    const deciles = table(report, 'deciles').rows;
    expect(deciles).toHaveLength(10);
    expect(deciles[9].rules_capture).toBeCloseTo(1, 12);
    expect(deciles[9].model_capture).toBeCloseTo(1, 12);
    expect(report.mainTable).toBe('summary');
  });

  it('puts every holdout lead in one agreement cell, with its conversion rate', async () => {
    const holdout = await scoreHoldout(config());
    const cells = table(report, 'agreement').rows;
    expect(cells).toHaveLength(9);
    expect(cells.reduce((s, c) => s + (c.leads as number), 0)).toBe(holdout.leadIds.length);
    // Counted here independently: rule temperature cold, model probability below the warm cut-off (0.2).
    let leads = 0;
    let converted = 0;
    holdout.leadIds.forEach((_, i) => {
      if (holdout.rules!.temperature[i] === 'cold' && holdout.probability[i] < 0.2) {
        leads++;
        converted += holdout.label[i];
      }
    });
    const coldCold = cells.find((c) => c.rule_temperature === 'cold' && c.model_band === 'cold')!;
    expect(coldCold).toMatchObject({ leads, converted });
    expect(coldCold.rate).toBeCloseTo(converted / leads, 12);
  });

  it('keeps the holdout leads created in the period', async () => {
    const holdout = await scoreHoldout(config());
    const sorted = Float64Array.from(holdout.createdAt).sort();
    const from = new Date(sorted[Math.floor(sorted.length / 2)]).toISOString().slice(0, 10);
    const expected = Array.from(holdout.createdAt).filter((t) => t >= Date.parse(`${from}T00:00:00Z`)).length;
    const inPeriod = await buildCompareReport(config(), { period: { from, to: null }, top: 2 });
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(holdout.leadIds.length);
    expect((inPeriod.data.holdout as { rows: number }).rows).toBe(expected);
    expect(inPeriod.context.leads).toBe(`leads created from ${from}`);
    expect(table(inPeriod, 'agreement').rows.reduce((s, c) => s + (c.leads as number), 0)).toBe(expected);
  });

  it('explains the leads where rules and model disagree most, both ways', () => {
    for (const id of ['model-higher', 'rules-higher']) {
      const rows = table(report, id).rows;
      expect(rows.length).toBe(5);
      for (const row of rows) {
        expect(typeof row.rules_fired).toBe('string');
        expect(typeof row.model_reasons).toBe('string');
      }
    }
    const higher = table(report, 'model-higher').rows;
    expect((higher[0].model_percentile as number) - (higher[0].rule_percentile as number)).toBeGreaterThan(0.3);
    // The rules' side names what fired, e.g. "Form filled +20".
    expect(table(report, 'rules-higher').rows.some((r) => /\+\d/.test(r.rules_fired as string))).toBe(true);
  });

  it('judges every current rule on the holdout and marks the ones adding no value', () => {
    const rows = table(report, 'rule-value').rows;
    expect(rows.map((r) => r.rule)).toEqual(['Form filled', 'Newsletter engagement', 'Social engagement', 'Web or blog visit']);
    for (const row of rows) {
      expect(row.verdict === 'adds value' || String(row.verdict).startsWith('✗ ')).toBe(true);
      if (row.relative_risk !== null) expect(row.relative_risk).toBeCloseTo((row.rate_fired as number) / (row.rate_not_fired as number), 12);
    }
  });

  it('suggests points as a rule file the rule engine loads and scores the way the points say', async () => {
    const suggested = report.data.suggestedPoints as Scorecard & { ruleFile: string; fidelity: Record<string, number> };
    const path = join(root, 'suggested.yaml');
    writeFileSync(path, suggested.ruleFile);
    const ruleSet = loadRuleFile(path);
    expect(ruleSet.fit.map((r) => r.attribute)).toContain('job_title');
    expect(ruleSet.engagement.length).toBeGreaterThan(0);
    // The rule engine scores the holdout with it; fit scores must be exactly the points' (engagement
    // can differ at window boundaries, see the report's note).
    const holdout = await scoreHoldout(config({ rules: path }));
    const { frame } = await readTrainingSet(trained.trainingSetPath);
    const rowOf = new Map(frame.leadIds.map((id, i) => [id, i]));
    const holdoutFrame = takeFrameRows(frame, holdout.leadIds.map((id) => rowOf.get(id)!));
    const fitOnly = { ...suggested, rules: suggested.rules.filter((r) => r.part === 'fit') };
    const fitPoints = scorecardPoints(fitOnly, holdoutFrame);
    holdout.leadIds.forEach((_, i) => expect(holdout.rules!.fitScore[i]).toBeCloseTo((100 * Math.max(0, fitPoints[i])) / ruleSet.limits.fit, 9));
    expect(rocAuc(holdout.label, holdout.rules!.ruleScore)).toBeCloseTo(suggested.fidelity.ruleEngineAuc, 12);
    expect(suggested.fidelity.spearman).toBeGreaterThan(0.8);
    // The suggested table sits next to the current points where a current rule tests the same events.
    const rows = table(report, 'suggested-points').rows;
    expect(rows.some((r) => r.current !== null && /form_submit/.test(r.condition as string))).toBe(true);
    expect((report.sections.find((s) => s.id === 'suggested-rule-file') as TextSection).preformatted).toBe(true);
  });

  it('draws every chart with Vega', async () => {
    const charts = report.sections.filter((s): s is ChartSection => s.kind === 'chart');
    expect(charts.map((c) => c.id)).toEqual(['capture-chart', 'lift-chart', 'agreement-chart']);
    for (const chart of charts) expect(await chartToSvg(chart.spec, `${chart.id}-`)).toMatch(/^<svg/);
  });

  it('runs from the CLI; without rules it shows the model side; an empty period is exit 2', async () => {
    const file = (name: string, rules: string | null) => {
      const path = join(root, name);
      writeFileSync(
        path,
        [
          'name: demo',
          `sources: { leads: { path: ${join(root, 'data', 'leads.csv')} }, events: { path: ${join(root, 'data', 'events.csv')} }, outcomes: { path: ${join(root, 'data', 'outcomes.csv')} } }`,
          `label: { window_days: 90, as_of: '${label.as_of}' }`,
          ...(rules ? [`rules: ${rules}`] : []),
          `output: { dir: ${join(root, 'out')} }`,
        ].join('\n'),
      );
      return path;
    };
    const withRules = await runCli('report', 'compare', '--config', file('with.yaml', classicPoints), '--json', '--quiet', '--top', '3');
    expect(withRules.code).toBe(0);
    const json = withRules.json();
    expect(json.report).toBe('compare');
    expect(json.data.scores.rules.auc).toBeCloseTo(trained.rules!.metrics.auc, 12);

    const without = await runCli('report', 'compare', '--config', file('without.yaml', null), '--quiet');
    expect(without.code).toBe(0);
    expect(without.stdout).toMatch(/no rule file/);
    expect(without.stdout).toMatch(/Suggested rule file/);
    expect(without.stdout).not.toMatch(/Agreement/);

    const empty = await runCli('report', 'compare', '--config', file('with2.yaml', classicPoints), '--from', '2030-01-01', '--json', '--quiet');
    expect(empty.code).toBe(2);
    expect(empty.json().error.message).toMatch(/no holdout lead was created/);
  });
});
