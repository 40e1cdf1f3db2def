import { describe, expect, it } from 'vitest';
import { ConfigError, LeadscoreError } from '../../core/errors.ts';
import { resolveConfig } from '../../data/config.ts';
import { openWarehouse } from '../../pipelines/warehouse/warehouse.ts';

const leads = { sources: { leads: { path: 'leads.csv', label_column: 'won' } } };

function configError(output: object): string {
  try {
    resolveConfig({ ...leads, output }, 'acme.yaml', '/tmp');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('choosing the warehouse (output.warehouse_type)', () => {
  it('defaults to the DuckDB file', async () => {
    const config = resolveConfig(leads, 'acme.yaml', '/tmp/acme');
    expect(config.output.warehouse_type).toBe('duckdb');
    const warehouse = await openWarehouse({ ...config, output: { ...config.output, warehouse: ':memory:' } });
    expect(warehouse.description).toBe(':memory:');
    await warehouse.close();
  });

  it('takes a schema and a history table for PostgreSQL only', () => {
    const config = resolveConfig({ ...leads, output: { warehouse_type: 'postgres', schema: 'scores', history_table: 'history' } }, 'acme.yaml', '/tmp');
    expect(config.output).toMatchObject({ warehouse_type: 'postgres', schema: 'scores', history_table: 'history', predictions_table: 'predictions' });
    expect(configError({ schema: 'scores' })).toMatch(/output\.schema: applies to warehouse_type: postgres only/);
    expect(configError({ history_table: 'h' })).toMatch(/output\.history_table: applies to warehouse_type: postgres only/);
    expect(configError({ warehouse_type: 'mysql' })).toMatch(/output\.warehouse_type/);
  });

  it('refuses PostgreSQL names the server would truncate or that clash', () => {
    expect(configError({ warehouse_type: 'postgres', predictions_table: 'é'.repeat(32) })).toMatch(/output\.predictions_table: a PostgreSQL identifier has at most 63 bytes/);
    expect(configError({ warehouse_type: 'postgres', schema: 'a\0b' })).toMatch(/output\.schema: .*no NUL/);
    expect(configError({ warehouse_type: 'postgres', history_table: 'predictions' })).toMatch(/output\.history_table: must differ from output\.predictions_table/);
    expect(configError({ warehouse_type: 'postgres', predictions_table: 'leadscore_runs' })).toMatch(/output\.predictions_table: leadscore_runs is the runs ledger/);
  });

  it('opens PostgreSQL with the connection from the environment variable the config names', async () => {
    const config = resolveConfig(
      { ...leads, postgres: { url_env: 'LEADSCORE_TEST_NOWHERE_URL', connect_timeout_ms: 1000 }, output: { warehouse_type: 'postgres' } },
      'acme.yaml',
      '/tmp',
    );
    process.env.LEADSCORE_TEST_NOWHERE_URL = 'postgres://scorer:hunter2@127.0.0.1:1/crm';
    try {
      const error = await openWarehouse(config).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LeadscoreError);
      expect((error as LeadscoreError).message).toBe('cannot reach PostgreSQL at postgresql://scorer@127.0.0.1:1/crm: connection refused (is the server running?)');
    } finally {
      delete process.env.LEADSCORE_TEST_NOWHERE_URL;
    }
  });
});
