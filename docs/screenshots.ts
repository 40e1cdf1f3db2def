/**
 * `npm run docs:screenshots`: the README's report screenshots, one per HTML report
 * (docs/img/report-<name>.png). Runs the demo's pipeline on the same sample CRM (50,000 leads,
 * seed 42) in a temporary folder, builds every registered report, writes its HTML file, opens it
 * in headless Chromium, checks that every chart was drawn and nothing was fetched, and saves the
 * top of the page. Needs Chromium (/usr/bin/chromium, or LEADSCORE_CHROMIUM). About a minute.
 *
 *   npm run docs:screenshots               # all reports
 *   npm run docs:screenshots -- model roi  # only these
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createProgress } from '../core/progress.ts';
import { generateSampleCrm } from '../data/generator/index.ts';
import { demoConfig } from '../pipelines/runDemo.ts';
import { trainModel } from '../pipelines/trainModel.ts';
import { scoreLeads } from '../pipelines/scoreLeads.ts';
import { reportBuilders, type ReportName } from '../pipelines/reports/reportBuilders.ts';
import { writeHtml } from '../pipelines/reports/render/html.ts';
import { inspectHtml, launchChromium } from '../test/helpers/chromium.ts';

const imageDir = join(dirname(fileURLToPath(import.meta.url)), 'img');
/** CSS pixels of the page captured: the header and the first tables and charts. */
const width = 1200;
const height = 1250;

const progress = createProgress();
const wanted = process.argv.slice(2);
const names = (Object.keys(reportBuilders) as ReportName[]).filter((n) => wanted.length === 0 || wanted.includes(n));
if (names.length === 0) {
  console.error(`no such report: ${wanted.join(', ')} (registered: ${Object.keys(reportBuilders).join(', ')})`);
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'leadscore-screenshots-'));
try {
  let done = progress.stage('sample CRM of 50000 leads (as the demo)');
  const generated = await generateSampleCrm({ outDir: join(work, 'data'), leads: 50_000, seed: 42, badRows: 10 });
  done();
  const config = demoConfig(join(work, 'data'), join(work, 'out'), { label: { window_days: 90, as_of: generated.asOf.replace(' ', 'T') + 'Z' } });
  await trainModel(config, { progress });
  await scoreLeads(config, { progress });

  mkdirSync(imageDir, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const name of names) {
      const report = await reportBuilders[name]!(config, { progress });
      const html = await writeHtml(report, join(work, `${name}.html`), { onWarning: (m) => progress.warn(m) });
      const image = join(imageDir, `report-${name}.png`);
      done = progress.stage(`screenshot of report ${name}`);
      const seen = await inspectHtml(browser, html, { screenshot: image, width, clipHeight: height });
      const blank = seen.charts.filter((c) => c.marks === 0 || c.width === 0 || c.height === 0).map((c) => c.id);
      const fetched = seen.requests.filter((url) => url !== pathToFileURL(html).href);
      if (blank.length || fetched.length || seen.consoleErrors.length) {
        throw new Error(`report ${name}: blank charts [${blank.join(', ')}], requests [${fetched.join(', ')}], console errors [${seen.consoleErrors.join('; ')}]`);
      }
      done(`${relative(process.cwd(), image)}, ${Math.round(statSync(image).size / 1024)} KB, ${seen.charts.length} charts`);
    }
  } finally {
    await browser.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
