/** What the ingest stage reports: per-table counts, the attributes it found, and what it rejected. */
import type { CanonicalTable } from '../../data/config.ts';

export interface TableReport {
  /** The source file. */
  file: string;
  /** Data rows in the file (malformed lines included). */
  read: number;
  accepted: number;
  rejected: number;
}

export type AttributeKind = 'numeric' | 'categorical';

export interface Attribute {
  /** The column's name in the leads file, and in the `leads` table. */
  name: string;
  kind: AttributeKind;
}

export interface IngestResult {
  /** One report per configured source; a table without a source is created empty and not listed. */
  tables: { leads: TableReport } & Partial<Record<Exclude<CanonicalTable, 'leads'>, TableReport>>;
  attributes: Attribute[];
  quarantine: {
    /** The quarantine CSV; absent when nothing was rejected (and no file was written). */
    path?: string;
    rows: number;
  };
  warnings: string[];
  /** An events source was configured (so event features exist, even if it had no usable rows). */
  hasEvents: boolean;
  /** The leads have a created_at column (always, unless a wide source has none). */
  hasDates: boolean;
  /** The latest created_at / occurred_at / closed_at, read as UTC; null when there is none. */
  maxTimestamp: Date | null;
}

/** What each table's ingest step hands back to `ingest`. */
export interface TableIngest {
  /** Undefined when the config has no source for the table. */
  report?: TableReport;
  warnings: string[];
}
