/** The shapes commands report (printed as text, or as JSON with --json). */
import type { IngestResult } from '../features/ingest/ingest.ts';
import type { Temperature } from './warehouse/predictions.ts';

export interface TableCounts {
  file: string;
  read: number;
  accepted: number;
  rejected: number;
}

export interface IngestSummary {
  tables: Partial<Record<'leads' | 'events' | 'outcomes' | 'channel_costs', TableCounts>>;
  rowsRead: number;
  rowsRejected: number;
  /** The quarantine file listing every rejected row with its reason; null when none was rejected. */
  quarantine: string | null;
  warnings: string[];
}

export function summarizeIngest(result: IngestResult): IngestSummary {
  const tables: IngestSummary['tables'] = {};
  let rowsRead = 0;
  let rowsRejected = 0;
  for (const [name, counts] of Object.entries(result.tables)) {
    if (!counts) continue;
    tables[name as keyof IngestSummary['tables']] = { file: counts.file, read: counts.read, accepted: counts.accepted, rejected: counts.rejected };
    rowsRead += counts.read;
    rowsRejected += counts.rejected;
  }
  return { tables, rowsRead, rowsRejected, quarantine: result.quarantine.path ?? null, warnings: result.warnings };
}

export type TemperatureCounts = Record<Temperature, number>;
