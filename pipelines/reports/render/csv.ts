/**
 * Report tables as CSV (RFC 4180 quoting, lines ending in \n): `leadscore report <name> --csv`
 * prints the report's main table on stdout; `--csv <dir>` writes every table to
 * `<dir>/<report>-<table id>.csv`.
 *
 * The header row holds the column keys (stable names, the same as in --json), values are
 * unformatted (full precision, shares as 0.157 rather than 15.7%), missing and undefined values
 * are empty. A text cell starting with = + - @ or a tab is prefixed with an apostrophe so a
 * spreadsheet shows it instead of running it as a formula (CRM fields are free text).
 */
import { join } from 'node:path';
import { LeadscoreError } from '../../../core/errors.ts';
import type { Cell, Report, TableSection } from '../report.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

export function tableToCsv(table: TableSection): string {
  const lines = [table.columns.map((c) => quote(c.key)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvCell(row[c.key])).join(','));
  return lines.join('\n') + '\n';
}

/** The report's main table (or the table `id`) as CSV text. */
export function renderCsv(report: Report, id: string = report.mainTable): string {
  const table = report.sections.find((s): s is TableSection => s.kind === 'table' && s.id === id);
  if (!table) {
    const ids = report.sections.filter((s) => s.kind === 'table').map((s) => s.id);
    throw new LeadscoreError('internal', `report ${report.name} has no table "${id}"`, { expected: `one of: ${ids.join(', ')}` });
  }
  return tableToCsv(table);
}

/** Writes every table of the report into `dir`; returns the files written, in section order. */
export function writeCsvTables(report: Report, dir: string): string[] {
  return report.sections
    .filter((s): s is TableSection => s.kind === 'table')
    .map((table) => writeFileAtomic(join(dir, `${report.name}-${table.id}.csv`), tableToCsv(table)));
}

function csvCell(value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return quote(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
