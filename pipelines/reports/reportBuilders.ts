/**
 * The reports `leadscore report <name>` can build: one builder per name. The CLI, the library's
 * `buildReport` and the HTML rendering test all go through this table, so a new report is one
 * import and one entry here.
 */
import type { ResolvedConfig } from '../../data/config.ts';
import { LeadscoreError } from '../../core/errors.ts';
import type { Report } from './report.ts';
import type { ReportOptions } from './reportOptions.ts';
import { buildModelReport } from './modelReport.ts';
import { buildRoiReport } from './roiReport.ts';
import { buildCompareReport } from './compareReport.ts';

export type ReportName = Report['name'];
export type ReportBuilder = (config: ResolvedConfig, options: ReportOptions) => Promise<Report>;

/** Every report name, in the order help texts list them. */
export const reportNames: readonly ReportName[] = ['roi', 'compare', 'model'];

export const reportBuilders: Partial<Record<ReportName, ReportBuilder>> = {
  roi: buildRoiReport,
  compare: buildCompareReport,
  model: buildModelReport,
};

export function isReportName(name: string): name is ReportName {
  return (reportNames as readonly string[]).includes(name);
}

/** Builds one report by name: what `leadscore report <name>` runs before rendering. */
export async function buildReport(name: string, config: ResolvedConfig, options: ReportOptions = {}): Promise<Report> {
  if (!isReportName(name)) {
    throw new LeadscoreError('usage', `unknown report "${name}"`, { received: name, expected: `one of: ${reportNames.join(', ')}` });
  }
  const builder = reportBuilders[name];
  if (!builder) {
    throw new LeadscoreError('usage', `report "${name}" is not available in this version of leadscore`, {
      expected: `one of: ${Object.keys(reportBuilders).join(', ')}`,
    });
  }
  return builder(config, options);
}
