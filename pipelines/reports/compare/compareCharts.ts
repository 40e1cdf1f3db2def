/**
 * The compare report's charts as Vega-Lite specs with their data inline: capture and lift by
 * decile of each score (rules, model, blend) on one chart each, and the agreement heatmap.
 * Only numbers the builder computed go in.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { TiedDecileLift } from '../../../models/evaluation/tiedLift.ts';
import type { AgreementMatrix } from './agreementMatrix.ts';

const width = 360;
const height = 250;
/** Rules, model, blend; the reference line grey. */
const palette = ['#ff7f0e', '#1f77b4', '#2ca02c'];

export interface ScoreDeciles {
  /** `rule score`, `model`, `blend`. */
  score: string;
  deciles: readonly TiedDecileLift[];
}

/** Cumulative capture against the share of leads contacted, from 0 to 100%, with random order dashed. */
export function captureChart(series: readonly ScoreDeciles[]): TopLevelSpec {
  const names = series.map((s) => s.score);
  const values = series.flatMap(({ score, deciles }) => {
    const total = deciles.reduce((sum, d) => sum + d.count, 0);
    let contacted = 0;
    return [
      { score, step: 0, share: 0, captured: 0 },
      ...deciles.map((d) => {
        contacted += d.count;
        return { score, step: d.decile, share: total ? contacted / total : 0, captured: Number.isFinite(d.cumulativeCapture) ? d.cumulativeCapture : 0 };
      }),
    ];
  });
  const percent = { scale: { domain: [0, 1] }, axis: { format: '.0%' } };
  return {
    width,
    height,
    layer: [
      {
        // Random order: capture grows with the share contacted.
        data: { values: [{ share: 0, captured: 0 }, { share: 1, captured: 1 }] },
        mark: { type: 'line', color: '#999999', strokeDash: [5, 4] },
        encoding: {
          x: { field: 'share', type: 'quantitative', ...percent },
          y: { field: 'captured', type: 'quantitative', ...percent },
        },
      },
      {
        data: { values },
        mark: { type: 'line', strokeWidth: 2, point: true, clip: true },
        encoding: {
          x: { field: 'share', type: 'quantitative', title: 'leads contacted, highest scores first', ...percent },
          y: { field: 'captured', type: 'quantitative', title: 'conversions captured', ...percent },
          order: { field: 'step', type: 'quantitative' },
          color: {
            field: 'score',
            type: 'nominal',
            title: null,
            scale: { domain: names, range: palette.slice(0, names.length) },
            legend: { orient: 'bottom-right', fillColor: 'white' },
          },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Lift per decile, one bar per score side by side, with the average (lift 1) dashed. */
export function liftChart(series: readonly ScoreDeciles[]): TopLevelSpec {
  const names = series.map((s) => s.score);
  const values = series.flatMap(({ score, deciles }) =>
    deciles.filter((d) => d.count > 0).map((d) => ({ score, decile: d.decile, lift: Number.isFinite(d.lift) ? d.lift : 0 })),
  );
  return {
    width,
    height,
    layer: [
      {
        data: { values },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'decile', type: 'ordinal', title: 'decile (1 = highest scores)', axis: { labelAngle: 0 } },
          xOffset: { field: 'score', type: 'nominal', scale: { domain: names } },
          y: { field: 'lift', type: 'quantitative', title: 'lift (conversion rate ÷ average)' },
          color: { field: 'score', type: 'nominal', title: null, scale: { domain: names, range: palette.slice(0, names.length) }, legend: { orient: 'top-right', fillColor: 'white' } },
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

/** Rule temperature (rows) × model band (columns): colour = conversion rate, text = rate and leads. */
export function agreementChart(matrix: AgreementMatrix, rowTitle: string, columnTitle: string): TopLevelSpec {
  const values = matrix.cells.map((c) => ({
    row: c.row,
    column: c.column,
    rate: c.rate,
    label: c.rate === null ? 'no leads' : `${(100 * c.rate).toFixed(1)}% of ${c.count}`,
  }));
  const maxRate = Math.max(0.01, ...matrix.cells.map((c) => c.rate ?? 0));
  const x = { field: 'column', type: 'ordinal', title: columnTitle, sort: [...matrix.columns], axis: { labelAngle: 0, orient: 'top' } };
  const y = { field: 'row', type: 'ordinal', title: rowTitle, sort: [...matrix.rows] };
  return {
    width: 90 * matrix.columns.length,
    height: 60 * matrix.rows.length,
    data: { values },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
        encoding: {
          x,
          y,
          color: {
            field: 'rate',
            type: 'quantitative',
            title: 'conversion rate',
            scale: { scheme: 'oranges', domain: [0, maxRate] },
            legend: { format: '.0%' },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          x,
          y,
          text: { field: 'label', type: 'nominal' },
          color: { condition: { test: `datum.rate !== null && datum.rate > ${maxRate / 2}`, value: 'white' }, value: '#333333' },
        },
      },
    ],
  } as TopLevelSpec;
}
