/** Where a source is read from: a file (`path`) or PostgreSQL (`postgres: { table | query }`), exactly one. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.ts';
import { resolveConfig, sourceName } from '../../data/config.ts';

function errorOf(raw: unknown): ConfigError {
  try {
    resolveConfig(raw, 'c.yaml', '/base');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const wide = { label_column: 'y' };

describe('config: PostgreSQL sources', () => {
  it('accepts a table or a query, keeps file paths absolute, and names each source', () => {
    const config = resolveConfig(
      {
        sources: {
          leads: { postgres: { table: 'crm.leads' }, columns: { lead_id: 'Id' } },
          events: { postgres: { query: 'select * from crm.events' } },
          outcomes: { path: 'outcomes.csv' },
        },
      },
      'c.yaml',
      '/base',
    );
    expect(config.sources.leads.path).toBeUndefined();
    expect(config.sources.leads.postgres).toEqual({ table: 'crm.leads' });
    expect(config.sources.outcomes?.path).toBe('/base/outcomes.csv');
    expect(sourceName('leads', config.sources.leads)).toBe('postgres:crm.leads');
    expect(sourceName('events', config.sources.events!)).toBe('postgres:(query for events)');
    expect(sourceName('outcomes', config.sources.outcomes!)).toBe('/base/outcomes.csv');
  });

  it('needs exactly one of path and postgres, naming the key', () => {
    expect(errorOf({ sources: { leads: { ...wide } } }).message).toMatch(
      /sources\.leads: set exactly one of path \(a CSV or Parquet file\) or postgres \(a table or query\)/,
    );
    expect(errorOf({ sources: { leads: { ...wide, path: 'a.csv', postgres: { table: 'leads' } } } }).message).toMatch(/sources\.leads: set exactly one of path/);
    expect(errorOf({ sources: { leads: { ...wide, path: 'a.csv' }, events: { columns: {} } } }).message).toMatch(/sources\.events: set exactly one of path/);
  });

  it('needs exactly one of table and query, and no file-only options', () => {
    expect(errorOf({ sources: { leads: { ...wide, postgres: {} } } }).message).toMatch(/sources\.leads\.postgres: set exactly one of table .* or query/);
    expect(errorOf({ sources: { leads: { ...wide, postgres: { table: 'a', query: 'select 1' } } } }).message).toMatch(/sources\.leads\.postgres: set exactly one/);
    expect(errorOf({ sources: { leads: { ...wide, postgres: { tabel: 'a' } } } }).message).toMatch(/sources\.leads\.postgres.*tabel/);
    expect(errorOf({ sources: { leads: { ...wide, postgres: { table: 'a' }, delimiter: ';' } } }).message).toMatch(
      /sources\.leads\.delimiter: applies to files only/,
    );
    expect(errorOf({ sources: { leads: { ...wide, postgres: { table: '' } } } }).message).toMatch(/sources\.leads\.postgres\.table/);
  });
});
