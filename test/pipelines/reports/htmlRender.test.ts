/**
 * Every report `leadscore report` can build, rendered to its HTML file and opened in headless
 * Chromium as a marketer's browser would: every chart drawn (an SVG of non-zero size with marks),
 * no request beyond the file itself, no console error (a CSP violation would be one), the contents
 * list hidden in print, and a screenshot saved.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportBuilders } from '../../../pipelines/reports/reportBuilders.ts';
import { writeHtml } from '../../../pipelines/reports/render/html.ts';
import { scoreLeads } from '../../../pipelines/scoreLeads.ts';
import { inspectHtml, launchChromium } from '../../helpers/chromium.ts';
import { fetchableReferences } from './render/fetchableReferences.ts';
import { trainedWorkspace, type TrainedWorkspace } from './trainedFixture.ts';

let ws: TrainedWorkspace;
let browser: Browser;
let out: string;

describe('HTML reports in headless Chromium', () => {
  beforeAll(async () => {
    ws = await trainedWorkspace('html-render');
    // The open leads' predictions, which the ROI report reads from the warehouse.
    await scoreLeads(ws.config);
    browser = await launchChromium();
    out = mkdtempSync(join(tmpdir(), 'leadscore-html-shots-'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  const names = Object.keys(reportBuilders) as Array<keyof typeof reportBuilders>;
  it('has at least the model report registered', () => {
    expect(names).toContain('model');
  });

  it.each(names)('report %s: every chart drawn, nothing fetched, a screenshot saved', async (name) => {
    const report = await reportBuilders[name]!(ws.config, {});
    const warnings: string[] = [];
    const file = await writeHtml(report, join(out, `${name}.html`), { onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    const html = readFileSync(file, 'utf8');
    expect(fetchableReferences(html)).toEqual([]);
    expect(html).not.toMatch(/https?:\/\//);

    const screenshot = join(out, `${name}.png`);
    const seen = await inspectHtml(browser, file, { screenshot });
    const chartIds = report.sections.filter((s) => s.kind === 'chart').map((s) => `section-${s.id}`);
    expect(chartIds.length).toBeGreaterThan(0);
    expect(seen.charts.map((c) => c.id)).toEqual(chartIds);
    for (const chart of seen.charts) {
      expect(chart.width, chart.id).toBeGreaterThan(100);
      expect(chart.height, chart.id).toBeGreaterThan(50);
      expect(chart.marks, chart.id).toBeGreaterThan(0);
    }
    expect(seen.requests).toEqual([pathToFileURL(file).href]);
    expect(seen.failedRequests).toEqual([]);
    expect(seen.consoleErrors).toEqual([]);
    expect(seen.navHiddenInPrint).toBe(true);
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
  });
});
