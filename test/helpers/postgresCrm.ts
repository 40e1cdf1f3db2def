/**
 * Loads a generated sample CRM (data/generator CSV files) into PostgreSQL tables with native
 * types — timestamps as `timestamp`, numbers as `double precision` — the way a real warehouse
 * holds it. Streams each file through `COPY … FROM STDIN`, so a 1M-lead sample loads in flat
 * memory. Used by the PostgreSQL source tests and `npm run bench:pg-read`.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { COLUMNS, FILE_NAMES } from '../../data/generator/index.ts';
import type { CanonicalTable } from '../../data/config.ts';
import { ident, qualified } from '../../core/sql.ts';

/** PostgreSQL type of each generated column; anything not listed is text. */
const columnTypes: Record<string, string> = {
  created_at: 'timestamp',
  occurred_at: 'timestamp',
  closed_at: 'timestamp',
  annual_revenue: 'double precision',
  value: 'double precision',
  amount: 'double precision',
  cost: 'double precision',
};

export interface LoadOptions {
  /** Schema for the tables (created if missing); default public. */
  schema?: string;
  /** Table name for each canonical table; default the canonical name. */
  names?: Partial<Record<CanonicalTable, string>>;
  /** Every column as text (to load files holding deliberately bad values). */
  allText?: boolean;
}

/** Creates the four tables (replacing any of the same names) and copies the CSV files in `dataDir` into them. */
export async function loadCrmIntoPostgres(url: string, dataDir: string, options: LoadOptions = {}): Promise<Record<CanonicalTable, number>> {
  const schema = options.schema ?? 'public';
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create schema if not exists ${ident(schema)}`);
    const rows = {} as Record<CanonicalTable, number>;
    for (const table of Object.keys(COLUMNS) as CanonicalTable[]) {
      const target = qualified(schema, options.names?.[table] ?? table);
      const columns = COLUMNS[table].map((c) => `${ident(c)} ${options.allText ? 'text' : (columnTypes[c] ?? 'text')}`);
      await client.query(`drop table if exists ${target}`);
      await client.query(`create table ${target} (${columns.join(', ')})`);
      const copy = client.query(copyFrom(`copy ${target} from stdin with (format csv, header true)`));
      await pipeline(createReadStream(join(dataDir, FILE_NAMES[table])), copy);
      rows[table] = copy.rowCount;
      await client.query(`analyze ${target}`);
    }
    return rows;
  } finally {
    await client.end();
  }
}
