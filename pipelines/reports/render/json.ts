/**
 * A report as one JSON-safe object (`leadscore report <name> --json`): its machine-readable data
 * and every section with unformatted numbers. Chart sections keep their Vega-Lite spec, data
 * inline, so a consumer can redraw them. NaN and infinities become null, as JSON has no such
 * numbers (JSON.stringify would do the same, silently; here it is a documented rule).
 */
import type { Report } from '../report.ts';

export interface ReportJson {
  report: Report['name'];
  title: string;
  context: Report['context'];
  mainTable: string;
  data: Record<string, unknown>;
  sections: Report['sections'];
}

export function renderJson(report: Report): ReportJson {
  return jsonSafe({
    report: report.name,
    title: report.title,
    context: report.context,
    mainTable: report.mainTable,
    data: report.data,
    sections: report.sections,
  }) as ReportJson;
}

/** A deep copy with non-finite numbers as null and typed arrays as plain arrays. */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>, jsonSafe);
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) out[key] = jsonSafe(item);
  }
  return out;
}
