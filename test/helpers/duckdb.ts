/** Shared test helpers for DuckDB: an in-memory connection and row reading. */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export async function memoryConnection(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:');
  return instance.connect();
}

export async function rows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

/** Creates the canonical tables with the given rows (VALUES lists), empty where omitted. */
export async function canonicalTables(
  connection: DuckDBConnection,
  values: { leads?: string; events?: string; outcomes?: string },
): Promise<void> {
  await connection.run(`create or replace table leads (lead_id varchar, created_at timestamp, channel varchar, campaign varchar, label integer, industry varchar)`);
  await connection.run(`create or replace table events (lead_id varchar, occurred_at timestamp, event_type varchar, value double)`);
  await connection.run(`create or replace table outcomes (lead_id varchar, status varchar, closed_at timestamp, amount double)`);
  if (values.leads) await connection.run(`insert into leads values ${values.leads}`);
  if (values.events) await connection.run(`insert into events values ${values.events}`);
  if (values.outcomes) await connection.run(`insert into outcomes values ${values.outcomes}`);
}
