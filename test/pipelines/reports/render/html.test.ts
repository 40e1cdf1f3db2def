import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LeadscoreError } from '../../../../core/errors.ts';
import { chartToSvg, renderHtml, writeHtml } from '../../../../pipelines/reports/render/html.ts';
import type { TopLevelSpec } from 'vega-lite';
import type { Report } from '../../../../pipelines/reports/report.ts';
import { fetchableReferences } from './fetchableReferences.ts';
import { sampleReport } from './sampleReport.ts';

describe('renderHtml', () => {
  it('is one self-contained page: inline SVG charts, no scripts, no fetchable reference, a CSP that forbids fetching', async () => {
    const html = await renderHtml(sampleReport());
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(fetchableReferences(html)).toEqual([]);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toMatch(/<section id="section-roi-chart" class="chart"><h2>ROI by channel<\/h2><figure><svg [^>]*width="\d+" height="\d+"/);
    // Marks were drawn: bars as paths within the SVG.
    expect(html).toMatch(/class="mark-rect role-mark marks"[^>]*>(<path [^>]*>){2}/);
  });

  it('escapes text from the data and formats table cells like the terminal', async () => {
    const html = await renderHtml(sampleReport());
    expect(html).toContain('<title>Channel ROI &lt;sample&gt; &amp; co</title>');
    expect(html).toContain('<td>=HYPERLINK(&quot;x&quot;)</td>');
    expect(html).toContain('<td class="num">1,234,568</td>');
    expect(html).toContain('<dt>leads</dt><dd>1,234</dd>');
    expect(html).toContain('<td class="num">n/a</td>');
    expect(html).toContain('<p class="empty">No rows.</p>');
    expect(html).toContain('<p class="note">ROI needs spend: 1 channel has none.</p>');
    expect(html).toContain('<pre>fit:\n  - { field: job_title, equals: &quot;VP &lt;Sales&gt;&quot;, points: 15 }   # a comment');
  });

  it('keeps element ids unique when several charts clip', async () => {
    const clipped = (id: string): Report['sections'][number] => ({
      kind: 'chart',
      id,
      title: id,
      spec: { width: 100, height: 80, data: { values: [{ x: 0, y: 0 }, { x: 2, y: 2 }] }, mark: { type: 'line', clip: true }, encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: [0, 1] } }, y: { field: 'y', type: 'quantitative' } } },
    });
    const single = await chartToSvg((clipped('a') as { spec: TopLevelSpec }).spec, 'p-');
    expect(single).toMatch(/id="p-[^"]+"/);
    const html = await renderHtml({ ...sampleReport(), sections: [clipped('one'), clipped('two')] });
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(2);
    expect(new Set(ids).size).toBe(ids.length);
    for (const ref of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(ref[1]);
  });

  it('reports Vega-Lite warnings to the caller instead of printing them', async () => {
    const warnings: string[] = [];
    const report: Report = {
      ...sampleReport(),
      sections: [
        {
          kind: 'chart',
          id: 'odd',
          title: 'odd',
          // A theta channel means nothing to a bar: Vega-Lite drops it with a warning.
          spec: {
            data: { values: [{ x: 1, y: 2 }] },
            mark: 'bar',
            encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, theta: { field: 'y', type: 'quantitative' } },
          },
        },
      ],
    };
    await renderHtml(report, { onWarning: (m) => warnings.push(m) });
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings).toEqual(['chart "odd": theta dropped as it is incompatible with "bar".']);
  });

  it('refuses charts that would load data from elsewhere', async () => {
    const report: Report = {
      ...sampleReport(),
      sections: [{ kind: 'chart', id: 'remote', title: 'remote', spec: { data: { url: 'https://example.com/data.json' }, mark: 'bar', encoding: {} } }],
    };
    await expect(renderHtml(report)).rejects.toThrow(/inline/);
  });

  it('writes atomically: a failed render leaves the previous file as it was, and no temp file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadscore-html-'));
    const path = join(dir, 'report.html');
    expect(await writeHtml(sampleReport(), path)).toBe(path);
    const first = readFileSync(path, 'utf8');
    const broken: Report = { ...sampleReport(), sections: [{ kind: 'chart', id: 'bad', title: 'bad', spec: { mark: 'nonsense' } as never }] };
    await expect(writeHtml(broken, path)).rejects.toThrow(LeadscoreError);
    expect(readFileSync(path, 'utf8')).toBe(first);
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('says which file it cannot write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'leadscore-html-'));
    writeFileSync(join(dir, 'file'), 'x');
    await expect(writeHtml(sampleReport(), join(dir, 'file', 'report.html'))).rejects.toThrow(/cannot write .*file\/report\.html/);
  });
});
