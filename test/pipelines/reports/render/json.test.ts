import { describe, expect, it } from 'vitest';
import { renderJson } from '../../../../pipelines/reports/render/json.ts';
import { sampleReport } from './sampleReport.ts';

describe('renderJson', () => {
  it('carries data and sections unformatted; NaN becomes null, typed arrays plain arrays', () => {
    const json = renderJson(sampleReport());
    const back = JSON.parse(JSON.stringify(json));
    expect(back).toEqual(json);
    expect(json.report).toBe('roi');
    expect(json.mainTable).toBe('channels');
    expect(json.data).toEqual({ totals: { leads: 12352, roi: null }, arrays: [1, 2] });
    const table = json.sections.find((s) => s.id === 'channels');
    expect(table?.kind === 'table' && table.rows[0].revenue).toBe(1234567.891);
    expect(table?.kind === 'table' && table.rows[1].conversion).toBeNull();
    const chart = json.sections.find((s) => s.id === 'roi-chart');
    expect(chart?.kind === 'chart' && (chart.spec as { data: { values: unknown[] } }).data.values).toHaveLength(2);
  });
});
