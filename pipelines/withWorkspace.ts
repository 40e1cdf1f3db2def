/** Runs `work` with a fresh scratch DuckDB and always releases it, success or failure. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { openWorkspace } from './workspace.ts';

export async function withWorkspace<T>(
  outputDir: string,
  work: (connection: DuckDBConnection) => Promise<T>,
  options: { memoryLimit?: string } = {},
): Promise<T> {
  const workspace = await openWorkspace(outputDir, options.memoryLimit);
  try {
    return await work(workspace.connection);
  } finally {
    workspace.close();
  }
}
