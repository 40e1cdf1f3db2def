/** A small report exercising every section kind and column format, for the renderer tests. */
import type { Report } from '../../../../pipelines/reports/report.ts';

export function sampleReport(): Report {
  return {
    name: 'roi',
    title: 'Channel ROI <sample> & co',
    context: { config: 'acme.yaml', period: '2026-01-01 to 2026-03-31', leads: 1234 },
    mainTable: 'channels',
    sections: [
      { kind: 'text', id: 'summary', title: 'Summary', lines: ['Two channels, one without spend.', 'Numbers are made up.'] },
      {
        kind: 'table',
        id: 'channels',
        title: 'By channel',
        columns: [
          { key: 'channel', label: 'channel', format: 'text' },
          { key: 'leads', label: 'leads', format: 'integer' },
          { key: 'conversion', label: 'conversion rate', format: 'percent' },
          { key: 'revenue', label: 'revenue', format: 'currency' },
          { key: 'roi', label: 'ROI', format: 'ratio' },
          { key: 'days', label: 'median days to close', format: 'days' },
          { key: 'probability', label: 'mean predicted probability', format: 'number' },
          { key: 'paid', label: 'paid', format: 'text' },
        ],
        rows: [
          { channel: 'paid_search', leads: 12345, conversion: 0.1234, revenue: 1234567.891, roi: 2.5, days: 23.46, probability: 0.15678, paid: true },
          { channel: '=HYPERLINK("x")', leads: 7, conversion: NaN, revenue: 12.5, roi: null, days: null, probability: 0.0004, paid: false },
          { channel: 'newsletter, "growth"', leads: 0, conversion: 0, revenue: -0.004, roi: -0.5, days: 3, probability: 1, paid: null },
        ],
        note: 'ROI needs spend: 1 channel has none.',
      },
      {
        kind: 'chart',
        id: 'roi-chart',
        title: 'ROI by channel',
        spec: {
          width: 200,
          height: 120,
          data: { values: [{ channel: 'paid_search', roi: 2.5 }, { channel: 'newsletter', roi: -0.5 }] },
          mark: 'bar',
          encoding: { x: { field: 'channel', type: 'nominal' }, y: { field: 'roi', type: 'quantitative' } },
        },
        note: 'Bars above zero earn more than they cost.',
      },
      {
        kind: 'chart',
        id: 'trend',
        title: 'Leads over time',
        spec: {
          width: 200,
          height: 120,
          data: { values: [{ x: 1, y: 3 }, { x: 2, y: 5 }, { x: 3, y: 4 }] },
          layer: [{ mark: 'area', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } }],
        },
      },
      { kind: 'table', id: 'empty', title: 'Nothing here', columns: [{ key: 'a', label: 'a' }], rows: [] },
      {
        kind: 'text',
        id: 'paste',
        title: 'Rules to paste',
        preformatted: true,
        lines: ['fit:', '  - { field: job_title, equals: "VP <Sales>", points: 15 }   # a comment kept exactly where it was written'],
      },
    ],
    data: { totals: { leads: 12352, roi: NaN }, arrays: new Float64Array([1, 2]) },
  };
}
