/** Row count of a table (its name already quoted / qualified). */
import type { DuckDBConnection } from '@duckdb/node-api';

export async function tableCount(connection: DuckDBConnection, table: string): Promise<number> {
  const reader = await connection.runAndReadAll(`select count(*)::bigint as n from ${table}`);
  return Number(reader.getRowObjectsJS()[0].n);
}
