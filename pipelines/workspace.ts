/**
 * A scratch DuckDB database for one run's feature work. In memory, but bounded: past the memory
 * limit DuckDB spills to a temp folder under the output dir, which keeps 1M-lead runs well under
 * 2 GB of RSS together with the Node heap.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface Workspace {
  connection: DuckDBConnection;
  close(): void;
}

/** `memoryLimit`: DuckDB's, in its syntax ('1GB', '1400MB'); 1 GB unless the caller knows better. */
export async function openWorkspace(outputDir: string, memoryLimit = '1GB'): Promise<Workspace> {
  const spill = join(outputDir, 'tmp');
  mkdirSync(spill, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: memoryLimit,
    temp_directory: spill,
    preserve_insertion_order: 'true',
  });
  const connection = await instance.connect();
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
      rmSync(spill, { recursive: true, force: true });
    },
  };
}
