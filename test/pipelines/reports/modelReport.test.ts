import { describe, expect, it } from 'vitest';
import type { LeakageFinding } from '../../../features/leakage/leakageFinding.ts';
import type { ModelArtifact } from '../../../models/registry/artifact.ts';
import { assembleModelReport, type ModelReportInputs } from '../../../pipelines/reports/modelReport.ts';
import type { ChartSection, Report, TableSection } from '../../../pipelines/reports/report.ts';
import { renderHtml } from '../../../pipelines/reports/render/html.ts';
import { renderJson } from '../../../pipelines/reports/render/json.ts';

// Ten holdout leads, 4 converted. Ranked: 0.9+ 0.8− 0.7+ 0.6+ 0.55− 0.4− 0.3+ 0.2− 0.1− 0.05−
const label = Uint8Array.from([1, 0, 1, 1, 0, 0, 1, 0, 0, 0]);
const probability = Float64Array.from([0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2, 0.1, 0.05]);
// Rule points of the same leads: positives 80 50 40 10, negatives 90 30 20 10 0 0.
const ruleScore = Float64Array.from([80, 90, 50, 40, 30, 20, 10, 10, 0, 0]);

const finding = (severity: LeakageFinding['severity'], feature: string): LeakageFinding => ({
  kind: 'pure_category',
  feature,
  value: 'x',
  evidence: `${feature} = "x": evidence`,
  metrics: {},
  severity,
});

function artifact(overrides: Partial<ModelArtifact> = {}): ModelArtifact {
  return {
    format: 'leadscore-model/1',
    id: 'logreg-20260101-000000-abcdef12',
    kind: 'logreg',
    createdAt: '2026-01-01T00:00:00.000Z',
    dataset: 'fixture',
    featureSpec: {} as ModelArtifact['featureSpec'],
    encoder: {},
    model: {},
    evaluation: {
      strategy: 'stratified',
      trainRows: 40,
      testRows: 10,
      metrics: { auc: 0.79, pr_auc: 0.7, logloss: 0.5, brier: 0.2, ece: 0.05, ks: 0.5, positive_rate: 0.4 },
      uncalibratedMetrics: { auc: 0.79, pr_auc: 0.7, logloss: 0.55, brier: 0.21, ece: 0.08, ks: 0.5, positive_rate: 0.4 },
      crossValidation: { k: 5, mean: { auc: 0.77, logloss: 0.52 }, std: { auc: 0.02, logloss: 0.01 } },
    },
    trainingSet: { rows: 50, positives: 20, fingerprint: 'f', labelRule: 'rule', snapshotRule: 'rule' },
    versions: {},
    leakage: [finding('info', 'c'), finding('high', 'a'), finding('warning', 'b')],
    ...overrides,
  };
}

function inputs(overrides: Partial<ModelReportInputs> = {}): ModelReportInputs {
  return {
    artifact: artifact(),
    role: { champion: true, latest: false },
    configFile: 'acme.yaml',
    holdout: {
      label,
      probability,
      rules: { ruleScore } as NonNullable<ModelReportInputs['holdout']['rules']>,
      strategy: 'stratified',
      matchesTraining: true,
      caveats: [],
    },
    importance: {
      rows: 10,
      features: [
        { feature: 'visits', meanAbsLogOdds: 0.6, meanLogOdds: 0.1, columns: 1 },
        { feature: 'channel', meanAbsLogOdds: 0.2, meanLogOdds: 0, columns: 4 },
      ],
    },
    data: {
      labels: {
        leads: 60,
        positives: 20,
        negatives: 30,
        unlabelled: 8,
        excluded: 2,
        open: 8,
        outcomesBeforeSnapshot: 2,
        closedBeforeCreated: 0,
        labelRule: '',
        snapshotRule: '',
      },
      ingest: { tables: { leads: { file: 'leads.csv', read: 62, accepted: 60, rejected: 2 } }, rowsRead: 62, rowsRejected: 2, quarantine: 'q.csv', warnings: [] },
    },
    generatedAt: new Date('2026-02-01T12:00:00Z'),
    ...overrides,
  };
}

const table = (report: Report, id: string) => report.sections.find((s): s is TableSection => s.kind === 'table' && s.id === id)!;
const chart = (report: Report, id: string) => report.sections.find((s): s is ChartSection => s.kind === 'chart' && s.id === id)!;
const values = (section: ChartSection) => (section.spec as { data: { values: Array<Record<string, number | string>> } }).data.values;

describe('assembleModelReport', () => {
  const report = assembleModelReport(inputs());

  it('has every section the issue asks for, with unique ids', () => {
    const ids = report.sections.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['metrics', 'roc', 'precision-recall', 'calibration', 'gains', 'lift', 'score-distribution', 'importance', 'leakage', 'data']) {
      expect(ids).toContain(id);
    }
    expect(report.mainTable).toBe('metrics');
    expect(report.context).toMatchObject({ model: 'logreg-20260101-000000-abcdef12', role: 'champion', holdout: 'stratified split, 10 leads' });
  });

  it('plots the ROC curve of the holdout (worked by hand) with its AUC of 19/24', () => {
    const points = values(chart(report, 'roc')).filter((v) => String(v.series).startsWith('model'));
    const expected = [[0, 0], [0, 1], [1, 1], [1, 2], [1, 3], [2, 3], [3, 3], [3, 4], [4, 4], [5, 4], [6, 4]];
    expect(points.map((v) => [Math.round((v.fpr as number) * 6), Math.round((v.tpr as number) * 4)])).toEqual(expected);
    expect(points[0].series).toBe('model (AUC 0.792)');
    expect((report.data.holdout as { auc: number }).auc).toBeCloseTo(19 / 24, 12);
  });

  it('bins calibration by tenths of probability: one lead per bin here, rate = its outcome', () => {
    const bins = (report.data.curves as { calibration: Array<{ count: number; observedRate: number; meanPredicted: number }> }).calibration;
    // The chart plots the same bins (its second layer: the line through them).
    const layers = (chart(report, 'calibration').spec as { layer: Array<{ data: { values: Array<Record<string, number>> } }> }).layer;
    expect(layers[1].data.values.map((v) => [v.predicted, v.observed, v.leads])).toEqual(bins.map((b) => [b.meanPredicted, b.observedRate, b.count]));
    expect(bins.map((b) => b.count)).toEqual(new Array(10).fill(1));
    // Bins ascend: 0.05 (no) 0.1 (no) 0.2 (no) 0.3 (yes) 0.4 (no) 0.55 (no) 0.6 (yes) 0.7 (yes) 0.8 (no) 0.9 (yes).
    expect(bins.map((b) => b.observedRate)).toEqual([0, 0, 0, 1, 0, 0, 1, 1, 0, 1]);
    expect(bins.map((b) => b.meanPredicted)).toEqual([0.05, 0.1, 0.2, 0.3, 0.4, 0.55, 0.6, 0.7, 0.8, 0.9]);
  });

  it('gives lift and capture by decile (one lead each) and the confusion matrix at the max-F1 cut-off', () => {
    const lift = table(report, 'lift').rows;
    expect(lift.map((r) => r.converted)).toEqual([1, 0, 1, 1, 0, 0, 1, 0, 0, 0]);
    expect(lift.map((r) => r.lift)).toEqual([2.5, 0, 2.5, 2.5, 0, 0, 2.5, 0, 0, 0]);
    expect(lift.map((r) => r.cumulative_capture)).toEqual([0.25, 0.25, 0.5, 0.75, 0.75, 0.75, 1, 1, 1, 1]);
    // F1 by cut-off: 0.9 → 0.4, 0.8 → 1/3, 0.7 → 4/7, 0.6 → 0.75 (best), 0.55 → 2/3, 0.3 → 8/11, ...
    expect(report.data.threshold).toEqual({ value: 0.6, rule: 'max_f1' });
    expect(table(report, 'confusion').rows).toEqual([
      { actual: 'converted', above: 3, below: 1, leads: 4 },
      { actual: 'did not convert', above: 1, below: 5, leads: 6 },
    ]);
  });

  it('shows the recorded metrics, cross-validation and the rule score on the same leads', () => {
    const metrics = table(report, 'metrics');
    expect(metrics.columns.map((c) => c.key)).toEqual(['metric', 'holdout', 'uncalibrated', 'cv_mean', 'cv_sd', 'rule_score', 'reading']);
    const auc = metrics.rows.find((r) => r.metric === 'ROC AUC')!;
    expect(auc).toMatchObject({ holdout: 0.79, uncalibrated: 0.79, cv_mean: 0.77, cv_sd: 0.02 });
    // Rule AUC by pairs: 80 beats 5 negatives, 50 beats 5, 40 beats 5, 10 beats 2 and ties 1: 17.5 / 24.
    expect(auc.rule_score).toBeCloseTo(17.5 / 24, 12);
    expect(metrics.rows.find((r) => r.metric === 'Brier score')).toMatchObject({ holdout: 0.2, cv_mean: null, rule_score: null });
  });

  it('lists leakage findings most severe first, importance with shares, and the data summary', () => {
    expect(table(report, 'leakage').rows.map((r) => r.severity)).toEqual(['high', 'warning', 'info']);
    const importance = table(report, 'importance').rows;
    expect(importance.map((r) => [r.rank, r.feature, r.mean_abs_log_odds, r.columns])).toEqual([
      [1, 'visits', 0.6, 1],
      [2, 'channel', 0.2, 4],
    ]);
    expect(importance[0].share).toBeCloseTo(0.75, 12);
    expect(importance[1].share).toBeCloseTo(0.25, 12);
    const data = Object.fromEntries(table(report, 'data').rows.map((r) => [r.item, r.count]));
    expect(data['leads in the data today']).toBe(60);
    expect(data['labelled (training examples)']).toBe(50);
    expect(data['holdout (stratified split)']).toBe(10);
    expect(data['source rows rejected at ingest']).toBe(2);
    expect(table(report, 'data').rows.find((r) => r.item === 'holdout (stratified split)')!.share).toBe(10 / 50);
  });

  it('says so instead of showing a table when there is no leakage finding or no importance', () => {
    const bare = assembleModelReport(inputs({ artifact: artifact({ leakage: [], evaluation: { ...artifact().evaluation, crossValidation: undefined } }), importance: null }));
    expect(bare.sections.find((s) => s.id === 'leakage')).toMatchObject({ kind: 'text' });
    expect(bare.sections.find((s) => s.id === 'importance')).toMatchObject({ kind: 'text' });
    expect(table(bare, 'metrics').columns.map((c) => c.key)).not.toContain('cv_mean');
  });

  it('puts holdout caveats first', () => {
    const changed = assembleModelReport(inputs({ holdout: { ...inputs().holdout, caveats: ['the data changed'], matchesTraining: false } }));
    expect(changed.sections[0]).toEqual({ kind: 'text', id: 'caveats', title: 'Caveats', lines: ['the data changed'] });
  });

  it('still renders when the holdout has no conversion at all (a tiny or unlucky split)', async () => {
    const none = assembleModelReport(inputs({ holdout: { ...inputs().holdout, label: new Uint8Array(10) } }));
    expect(none.data.threshold).toEqual({ value: 0.5, rule: 'default_0.5' });
    expect(JSON.stringify(renderJson(none))).not.toMatch(/NaN/);
    const html = await renderHtml(none);
    expect(html).toContain('model (AUC n/a)');
  });

  it('is JSON-safe', () => {
    const text = JSON.stringify(renderJson(report));
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(text).data.confusion).toMatchObject({ tp: 3, fp: 1, tn: 5, fn: 1 });
  });
});
