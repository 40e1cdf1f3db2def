/**
 * A report as plain text for a terminal (the default output of `leadscore report`), readable in
 * 100 columns: numbers formatted per column and right-aligned, long headers wrapped, text cells
 * of the widest text columns wrapped onto more lines (nothing is cut off), and a table still too
 * wide split into column groups that repeat its first column. Charts cannot be drawn here; their
 * titles are listed with a pointer to --html.
 */
import type { Report, ReportColumn, TableSection } from '../report.ts';
import { formatCell, formatContext, isNumericFormat } from './formatCell.ts';

export interface TerminalOptions {
  /** Maximum line width; default 100. */
  width?: number;
}

const gap = '  ';
/** Text columns are never narrowed below this many characters. */
const minTextWidth = 12;

export function renderTerminal(report: Report, options: TerminalOptions = {}): string {
  const width = options.width ?? 100;
  const out: string[] = [report.title, '='.repeat(Math.min(width, report.title.length))];
  const context = Object.entries(report.context).map(([key, value]) => `${key}: ${formatContext(value)}`);
  out.push(...wrapWords(context.join(' · '), width, ''));
  const charts: string[] = [];
  for (const section of report.sections) {
    if (section.kind === 'chart') {
      charts.push(section.title);
      continue;
    }
    out.push('');
    if (section.title) out.push(section.title, '-'.repeat(Math.min(width, section.title.length)));
    if (section.kind === 'text') {
      if (section.preformatted) out.push(...section.lines);
      else for (const line of section.lines) out.push(...wrapWords(line, width, '  '));
    } else {
      out.push(...renderTable(section, width));
      if (section.note) out.push(...wrapWords(section.note, width, '  '));
    }
  }
  if (charts.length) {
    out.push('', ...wrapWords(`Charts in the HTML report (--html <file>): ${charts.join('; ')}.`, width, '  '));
  }
  return out.join('\n');
}

/** The lines of one table, fitted into `width` columns. */
export function renderTable(table: TableSection, width: number): string[] {
  if (table.rows.length === 0) return ['(no rows)'];
  const columns = table.columns.map((column) => ({
    column,
    cells: table.rows.map((row) => formatCell(row[column.key], column.format)),
  }));
  const widths = columns.map(({ column, cells }) => Math.max(column.label.length, ...cells.map(length)));
  const total = () => widths.reduce((s, w) => s + w, 0) + gap.length * (widths.length - 1);

  // 1. Wrap header labels on spaces onto two lines (three for long labels), no narrower than the widest cell.
  if (total() > width) {
    columns.forEach(({ column, cells }, j) => {
      widths[j] = Math.max(headerWidth(column.label), ...cells.map(length));
    });
  }
  // 2. Narrow the widest text columns (their cells wrap), never below minTextWidth, never the
  //    first: it names the rows, and repeats in every column group below.
  const unnarrowed = [...widths];
  while (total() > width) {
    let widest = -1;
    columns.forEach(({ column }, j) => {
      if (j > 0 && !isNumericFormat(column.format) && widths[j] > minTextWidth && (widest < 0 || widths[j] > widths[widest])) widest = j;
    });
    if (widest < 0) break;
    widths[widest] = Math.max(minTextWidth, widths[widest] - (total() - width));
  }
  // 3. Still too wide: column groups, each repeating the first column so rows stay identifiable.
  const groups: number[][] = [];
  let current: number[] = [0];
  let used = widths[0];
  for (let j = 1; j < columns.length; j++) {
    if (current.length > 1 && used + gap.length + widths[j] > width) {
      groups.push(current);
      current = [0];
      used = widths[0];
    }
    current.push(j);
    used += gap.length + widths[j];
  }
  groups.push(current);
  // A group with room left gives its narrowed text columns their width back.
  for (const group of groups) {
    let free = width - (group.reduce((sum, j) => sum + widths[j], 0) + gap.length * (group.length - 1));
    for (const j of group) {
      const back = Math.min(free, unnarrowed[j] - widths[j]);
      if (back > 0) {
        widths[j] += back;
        free -= back;
      }
    }
  }

  const out: string[] = [];
  groups.forEach((group, g) => {
    if (g > 0) out.push('');
    const headers = group.map((j) => wrapWords(columns[j].column.label, widths[j], ''));
    const headerLines = Math.max(...headers.map((h) => h.length));
    for (let line = 0; line < headerLines; line++) {
      // Headers sit on the bottom lines, aligned like their column's values.
      out.push(
        joinCells(
          group.map((j, k) => {
            const h = headers[k];
            const text = h[line - (headerLines - h.length)] ?? '';
            return align(text, widths[j], columns[j].column);
          }),
        ),
      );
    }
    out.push(joinCells(group.map((j) => '-'.repeat(widths[j]))));
    for (let i = 0; i < table.rows.length; i++) {
      const cellLines = group.map((j) => wrapCell(columns[j].cells[i], widths[j]));
      const height = Math.max(...cellLines.map((l) => l.length));
      for (let line = 0; line < height; line++) {
        out.push(joinCells(group.map((j, k) => align(cellLines[k][line] ?? '', widths[j], columns[j].column))));
      }
    }
  });
  return out;
}

/** The narrowest width at which a header label wraps onto at most two lines (three when long). */
function headerWidth(label: string): number {
  const maxLines = length(label) > 24 ? 3 : 2;
  let w = Math.max(...label.split(' ').map(length));
  while (wrapWords(label, w, '').length > maxLines) w++;
  return w;
}

function length(text: string): number {
  return [...text].length;
}

function joinCells(cells: string[]): string {
  return cells.join(gap).trimEnd();
}

function align(text: string, width: number, column: ReportColumn): string {
  const pad = ' '.repeat(Math.max(0, width - length(text)));
  return isNumericFormat(column.format) ? pad + text : text + pad;
}

function shorten(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : chars.slice(0, width - 1).join('') + '…';
}

/** A cell's lines: wrapped on spaces, a word longer than the column split across lines. */
function wrapCell(text: string, width: number): string[] {
  if (length(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let rest = [...word];
    if (line !== '' && length(line) + 1 + rest.length <= width) {
      line += ' ' + word;
      continue;
    }
    if (line !== '') lines.push(line);
    while (rest.length > width) {
      lines.push(rest.slice(0, width).join(''));
      rest = rest.slice(width);
    }
    line = rest.join('');
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Greedy word wrap; a word longer than the width is cut. Continuation lines get `indent`. */
export function wrapWords(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const prefix = lines.length === 0 && line === '' ? '' : indent;
    const candidate = line === '' ? prefix + word : `${line} ${word}`;
    if (length(candidate) <= width || line === '') {
      line = length(candidate) > width ? shorten(candidate, width) : candidate;
    } else {
      lines.push(line);
      line = shorten(indent + word, width);
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}
