import { Argument } from 'commander';
import { z } from 'zod';
import { LeadscoreError } from '../../../core/errors.ts';
import { defineCommand } from '../defineCommand.ts';
import { parseOptions, requireConfig } from '../options.ts';
import { buildReport, reportNames } from '../../reports/reportBuilders.ts';
import { reportOptionsSchema } from '../../reports/reportOptions.ts';
import { renderCsv, writeCsvTables } from '../../reports/render/csv.ts';
import { writeHtml } from '../../reports/render/html.ts';
import { renderJson } from '../../reports/render/json.ts';
import { renderTerminal } from '../../reports/render/terminal.ts';

const outputOptions = z.object({
  json: z.boolean().optional(),
  /** true: the main table on stdout; a string: every table into that folder. */
  csv: z.union([z.literal(true), z.string().min(1)]).optional(),
  html: z.string().min(1).optional(),
});

/**
 * `leadscore report <roi|compare|model>`: builds the report, then renders it. Without a file
 * option the report goes to stdout (a terminal table, or its main table as CSV with a bare
 * --csv); with --html <file> or --csv <dir> the files are written and stdout lists them.
 */
export const reportCommand = defineCommand({
  name: 'report',
  description: 'reports for marketing and analysts: channel ROI, model vs rule scores, the model itself',
  examples: [
    'leadscore report model --config leadscore.yaml',
    'leadscore report roi --config leadscore.yaml --from 2026-01-01 --to 2026-03-31 --html roi.html',
    'leadscore report compare --config leadscore.yaml --csv reports/',
  ],
  config: 'required',
  configure: (command) =>
    command
      .addArgument(new Argument('<report>', 'which report').choices(reportNames))
      .option('--model <id>', 'model id, "latest" or "champion"', 'champion')
      .option('--from <date>', 'only leads created on or after this day (yyyy-mm-dd)')
      .option('--to <date>', 'only leads created on or before this day (yyyy-mm-dd)')
      .option('--top <n>', 'rows in "top N" tables', '20')
      .option('--csv [dir]', 'CSV: the main table on stdout, or every table into <dir>')
      .option('--html <file>', 'write one self-contained HTML file (charts inline, no network needed)'),
  async run(raw, progress, args) {
    const name = args[0];
    const output = parseOptions(outputOptions, raw, 'report');
    if (output.json && output.csv === true) {
      throw new LeadscoreError('usage', 'leadscore report: --json and a bare --csv both want stdout; give --csv a folder (--csv <dir>)');
    }
    const options = parseOptions(reportOptionsSchema, raw, `report ${name}`);
    const config = requireConfig(raw.config as string | undefined, `report ${name}`);
    const report = await buildReport(name, config, { ...options, progress });

    const written: { html?: string; csv?: string[] } = {};
    if (output.html) {
      const done = progress.stage(`writing ${output.html}`);
      written.html = await writeHtml(report, output.html, { onWarning: (message) => progress.warn(message) });
      done();
    }
    if (typeof output.csv === 'string') written.csv = writeCsvTables(report, output.csv);

    const files = [...(written.html ? [`HTML report: ${written.html}`] : []), ...(written.csv ?? []).map((f) => `CSV: ${f}`)];
    let text: string;
    if (output.csv === true) text = renderCsv(report).replace(/\n$/, '');
    else if (files.length) text = files.join('\n');
    else text = renderTerminal(report);
    return { json: { command: 'report', ...renderJson(report), ...written }, text };
  },
});
