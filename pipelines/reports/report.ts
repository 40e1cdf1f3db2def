/**
 * The shape every report takes before it is rendered. A report builder (roi, compare, model)
 * computes numbers and returns a `Report`; the renderers in `pipelines/reports/render/` turn the
 * same object into a terminal table, JSON, CSV or one self-contained HTML file. Builders never
 * format text for a particular output, and renderers never compute.
 */
import type { TopLevelSpec } from 'vega-lite';

export type Cell = string | number | boolean | null;

/** How a numeric column reads: renderers format, builders keep full precision. */
export type ColumnFormat = 'text' | 'integer' | 'number' | 'percent' | 'currency' | 'days' | 'ratio';

export interface ReportColumn {
  key: string;
  label: string;
  format?: ColumnFormat;
}

export interface TableSection {
  kind: 'table';
  /** Stable id: CSV file names, JSON keys and HTML anchors use it. */
  id: string;
  title: string;
  columns: ReportColumn[];
  rows: Array<Record<string, Cell>>;
  /** One line under the table (caveats, e.g. "ROI needs spend: 2 channels have none"). */
  note?: string;
}

export interface ChartSection {
  kind: 'chart';
  id: string;
  title: string;
  /** A Vega-Lite spec with its data inline (`data.values`): the HTML renderer compiles it to SVG. */
  spec: TopLevelSpec;
  note?: string;
}

export interface TextSection {
  kind: 'text';
  id: string;
  title?: string;
  lines: string[];
  /** The lines are code (e.g. a YAML rule file to copy): shown exactly as given, never wrapped or reflowed. */
  preformatted?: boolean;
}

export type ReportSection = TableSection | ChartSection | TextSection;

export interface Report {
  /** Which report: the `leadscore report <name>` subcommand. */
  name: 'roi' | 'compare' | 'model';
  title: string;
  /** What it was computed from (config file, model id, period, rows): shown in every format. */
  context: Record<string, Cell>;
  sections: ReportSection[];
  /** The id of the table `--csv` writes when one table is asked for (the report's main table). */
  mainTable: string;
  /** Machine-readable results for `--json` (numbers unformatted); the sections are added beside it. */
  data: Record<string, unknown>;
}
