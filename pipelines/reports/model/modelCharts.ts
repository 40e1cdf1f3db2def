/**
 * The model report's charts as Vega-Lite specs with their data inline. Only numbers computed by
 * the builder go in; the specs choose marks, axes and reference lines. Curves carry a `step`
 * field and are drawn in that order: a ROC curve has runs of equal x, which Vega-Lite's default
 * sort by x would scramble.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CalibrationBin, GainsPoint, HistogramBin, PrPoint, RocPoint } from '../../../models/evaluation/curves.ts';
import type { DecileLift } from '../../../models/evaluation/metrics.ts';
import type { FeatureImportance } from '../../../models/explain/featureImportance.ts';

const width = 360;
const height = 250;
const unit = { domain: [0, 1] };
const percentAxis = { format: '.0%' };

type Row = Record<string, number | string>;

/** A holdout without both outcomes has no AUC. */
const fixed3 = (value: number) => (Number.isFinite(value) ? value.toFixed(3) : 'n/a');

function curveSeries<T>(series: string, points: readonly T[], map: (p: T) => Row): Row[] {
  return points.map((p, step) => ({ series, step, ...map(p) }));
}

/** Lines per `series`, in `step` order; the first series solid, references dashed grey. */
function lines(values: Row[], x: { field: string; title: string }, y: { field: string; title: string }, series: string[]): TopLevelSpec {
  return {
    width,
    height,
    data: { values },
    mark: { type: 'line', strokeWidth: 2, clip: true },
    encoding: {
      x: { field: x.field, type: 'quantitative', title: x.title, scale: unit, axis: percentAxis },
      y: { field: y.field, type: 'quantitative', title: y.title, scale: unit, axis: percentAxis },
      order: { field: 'step', type: 'quantitative' },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: series, range: ['#1f77b4', '#999999', '#bbbbbb'].slice(0, series.length) },
        legend: { orient: 'bottom-right', fillColor: 'white' },
      },
      strokeDash: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: [[1, 0], [5, 4], [2, 3]].slice(0, series.length) } },
    },
  } as TopLevelSpec;
}

export function rocChart(points: readonly RocPoint[], auc: number): TopLevelSpec {
  const model = `model (AUC ${fixed3(auc)})`;
  const values = [
    ...curveSeries(model, points, (p) => ({ fpr: p.fpr, tpr: p.tpr })),
    ...curveSeries('random order', [0, 1], (v) => ({ fpr: v, tpr: v })),
  ];
  return lines(values, { field: 'fpr', title: 'false positive rate' }, { field: 'tpr', title: 'true positive rate (recall)' }, [
    model,
    'random order',
  ]);
}

export function precisionRecallChart(points: readonly PrPoint[], prAuc: number, positiveRate: number): TopLevelSpec {
  const model = `model (AP ${fixed3(prAuc)})`;
  const base = `positive rate ${(positiveRate * 100).toFixed(1)}%`;
  const values = [
    ...curveSeries(model, points, (p) => ({ recall: p.recall, precision: p.precision })),
    ...curveSeries(base, [0, 1], (v) => ({ recall: v, precision: positiveRate })),
  ];
  return lines(values, { field: 'recall', title: 'recall (conversions found)' }, { field: 'precision', title: 'precision (share converting)' }, [
    model,
    base,
  ]);
}

export function gainsChart(points: readonly GainsPoint[], positiveRate: number): TopLevelSpec {
  const values = [
    ...curveSeries('model', points, (p) => ({ share: p.share, captured: p.captured })),
    ...curveSeries('random order', [0, 1], (v) => ({ share: v, captured: v })),
    ...curveSeries('perfect order', [0, positiveRate, 1], (v) => ({ share: v, captured: v === 0 ? 0 : 1 })),
  ];
  return lines(values, { field: 'share', title: 'leads contacted, highest scores first' }, { field: 'captured', title: 'conversions captured' }, [
    'model',
    'random order',
    'perfect order',
  ]);
}

export function liftChart(deciles: readonly DecileLift[]): TopLevelSpec {
  return {
    width,
    height,
    layer: [
      {
        data: { values: deciles.filter((d) => d.count > 0).map((d) => ({ decile: d.decile, lift: Number.isFinite(d.lift) ? d.lift : 0 })) },
        mark: { type: 'bar', color: '#1f77b4' },
        encoding: {
          x: { field: 'decile', type: 'ordinal', title: 'decile (1 = highest scores)', axis: { labelAngle: 0 } },
          y: { field: 'lift', type: 'quantitative', title: 'lift (rate ÷ average rate)' },
        },
      },
      {
        data: { values: [{ lift: 1 }] },
        mark: { type: 'rule', color: '#999999', strokeDash: [5, 4] },
        encoding: { y: { field: 'lift', type: 'quantitative' } },
      },
    ],
  } as TopLevelSpec;
}

export function calibrationChart(bins: readonly CalibrationBin[]): TopLevelSpec {
  const observed = bins.map((b, step) => ({ step, predicted: b.meanPredicted, observed: b.observedRate, leads: b.count }));
  return {
    width,
    height,
    layer: [
      {
        data: { values: [{ step: 0, v: 0 }, { step: 1, v: 1 }] },
        mark: { type: 'line', color: '#999999', strokeDash: [5, 4] },
        encoding: {
          x: { field: 'v', type: 'quantitative', scale: unit },
          y: { field: 'v', type: 'quantitative', scale: unit },
          order: { field: 'step', type: 'quantitative' },
        },
      },
      {
        data: { values: observed },
        mark: { type: 'line', color: '#1f77b4', point: false },
        encoding: {
          x: { field: 'predicted', type: 'quantitative', title: 'predicted probability (bin mean)', scale: unit, axis: percentAxis },
          y: { field: 'observed', type: 'quantitative', title: 'actual conversion rate', scale: unit, axis: percentAxis },
          order: { field: 'step', type: 'quantitative' },
        },
      },
      {
        data: { values: observed },
        mark: { type: 'circle', color: '#1f77b4', opacity: 0.85 },
        encoding: {
          x: { field: 'predicted', type: 'quantitative', scale: unit },
          y: { field: 'observed', type: 'quantitative', scale: unit },
          size: { field: 'leads', type: 'quantitative', scale: { range: [20, 300] }, legend: null },
        },
      },
    ],
  } as TopLevelSpec;
}

export function scoreDistributionChart(histogram: { converted: readonly HistogramBin[]; notConverted: readonly HistogramBin[] }): TopLevelSpec {
  // Step areas, not overlapping bars: the two outcomes stay visible where they overlap. Each
  // series ends with a point at the last bin's upper edge so its last step is drawn.
  const series = (outcome: string, bins: readonly HistogramBin[]) => [
    ...bins.map((b) => ({ outcome, x: b.lower, share: b.share })),
    ...(bins.length ? [{ outcome, x: bins[bins.length - 1].upper, share: bins[bins.length - 1].share }] : []),
  ];
  return {
    width,
    height,
    data: { values: [...series('did not convert', histogram.notConverted), ...series('converted', histogram.converted)] },
    mark: { type: 'area', interpolate: 'step-after', fillOpacity: 0.3, line: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'predicted probability', scale: unit, axis: percentAxis },
      y: { field: 'share', type: 'quantitative', title: 'share of the outcome’s leads', axis: percentAxis, stack: null },
      color: {
        field: 'outcome',
        type: 'nominal',
        title: null,
        scale: { domain: ['did not convert', 'converted'], range: ['#7f7f7f', '#ff7f0e'] },
        legend: { orient: 'top-right', fillColor: 'white' },
      },
    },
  } as TopLevelSpec;
}

export function importanceChart(features: readonly FeatureImportance[]): TopLevelSpec {
  return {
    width,
    height: Math.max(80, features.length * 18),
    data: { values: features.map((f) => ({ feature: f.feature, importance: f.meanAbsLogOdds })) },
    mark: { type: 'bar', color: '#1f77b4' },
    encoding: {
      y: { field: 'feature', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 220 } },
      x: { field: 'importance', type: 'quantitative', title: 'mean |contribution| to the log-odds' },
    },
  } as TopLevelSpec;
}
