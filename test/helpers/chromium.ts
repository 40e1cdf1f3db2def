/**
 * Opens report HTML files in headless Chromium (Debian's `chromium` package, driven by
 * playwright-core) and reports what a reader would see: every chart's size and mark count, every
 * request the page made, console errors (a Content-Security-Policy violation shows up there),
 * and optionally a screenshot. Used by the HTML rendering test and `npm run docs:screenshots`.
 */
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** CI installs Chromium here (.ci/run); LEADSCORE_CHROMIUM overrides it. */
export const chromiumPath = process.env.LEADSCORE_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    // As root Chromium needs --no-sandbox; the others keep it from calling home.
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface ChartSeen {
  /** The section's HTML id. */
  id: string;
  width: number;
  height: number;
  /** Drawn mark elements (paths, lines, circles, text of mark groups) in the chart's SVG. */
  marks: number;
}

export interface PageSeen {
  charts: ChartSeen[];
  /** Every URL the page requested, the file itself included. */
  requests: string[];
  failedRequests: string[];
  consoleErrors: string[];
  /** Whether the contents list is hidden when printing. */
  navHiddenInPrint: boolean;
}

export interface InspectOptions {
  /** Write a PNG screenshot here. */
  screenshot?: string;
  /** Only the top of the page, this many CSS pixels high (README screenshots); default: the whole page. */
  clipHeight?: number;
  width?: number;
}

export async function inspectHtml(browser: Browser, file: string, options: InspectOptions = {}): Promise<PageSeen> {
  const page = await browser.newPage({ viewport: { width: options.width ?? 1100, height: 900 } });
  const requests: string[] = [];
  const failedRequests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('requestfailed', (request) => failedRequests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const charts = await page.$$eval('section.chart', (sections) =>
      sections.map((section) => {
        const svg = section.querySelector('figure > svg');
        const box = svg?.getBoundingClientRect();
        return {
          id: section.id,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          marks: svg ? svg.querySelectorAll('g[class*="role-mark"] > :is(path, line, circle, rect, text)').length : 0,
        };
      }),
    );
    if (options.screenshot) {
      const height = options.clipHeight;
      await page.screenshot({
        path: options.screenshot,
        fullPage: height === undefined,
        ...(height === undefined ? {} : { clip: { x: 0, y: 0, width: options.width ?? 1100, height } }),
      });
    }
    await page.emulateMedia({ media: 'print' });
    // Runs in the page; the project's TypeScript has no DOM library, hence the cast.
    type Window = { getComputedStyle(element: unknown): { display: string } };
    const navHiddenInPrint = await page.$eval('nav', (nav) => (globalThis as unknown as Window).getComputedStyle(nav).display === 'none');
    return { charts, requests, failedRequests, consoleErrors, navHiddenInPrint };
  } finally {
    await page.close();
  }
}
