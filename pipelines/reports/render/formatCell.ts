/**
 * How a table cell reads in the terminal and in HTML. Builders keep full precision; only these
 * functions round. JSON and CSV carry the unformatted values.
 *
 *   integer   12,345           rounded, thousands grouped
 *   number    0.789 · 23.5 · 1,234   three decimals below 10, one below 1,000, none above
 *   percent   15.7%            the value is a share (0.157)
 *   currency  1,234 · 56.78    no symbol (the data does not say which currency); cents below 100
 *   days      23.5             days, one decimal at most
 *   ratio     2.31×            a multiple (lift, ROI as a multiple of spend)
 *   text      as given
 *
 * Missing values (null) read "–"; NaN and infinities (a rate over zero leads) read "n/a".
 */
import type { Cell, ColumnFormat } from '../report.ts';

const grouped = (decimals: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: true });

const fixed = [grouped(0), grouped(1), grouped(2), grouped(3)];
const upTo1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, useGrouping: true });

export const missingText = '–';
export const undefinedText = 'n/a';

/** Whether a column's values read as numbers (right-aligned). */
export function isNumericFormat(format: ColumnFormat | undefined): boolean {
  return format !== undefined && format !== 'text';
}

export function formatNumber(value: number, format: ColumnFormat): string {
  if (!Number.isFinite(value)) return undefinedText;
  // Intl prints "-0" for tiny negatives rounded away; a reader sees noise, not a sign.
  const clean = (text: string) => (/^-0(\.0+)?(%|×)?$/.test(text) ? text.slice(1) : text);
  const abs = Math.abs(value);
  switch (format) {
    case 'integer':
      return clean(fixed[0].format(Math.round(value)));
    case 'percent':
      return clean(fixed[1].format(value * 100)) + '%';
    case 'currency':
      return clean(abs >= 100 ? fixed[0].format(value) : fixed[2].format(value));
    case 'days':
      return clean(upTo1.format(value));
    case 'ratio':
      return clean(fixed[2].format(value)) + '×';
    case 'number':
      return clean(abs >= 1000 ? fixed[0].format(value) : abs >= 10 ? fixed[1].format(value) : fixed[3].format(value));
    case 'text':
      return String(value);
  }
}

export function formatCell(value: Cell | undefined, format: ColumnFormat = 'text'): string {
  if (value === null || value === undefined) return missingText;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return formatNumber(value, format);
  return value;
}

/** A report's context value (no column format): whole numbers grouped, others as `number`. */
export function formatContext(value: Cell | undefined): string {
  return typeof value === 'number' ? formatNumber(value, Number.isInteger(value) ? 'integer' : 'number') : formatCell(value);
}
