/**
 * The floor for the feature-stage benchmark: DuckDB alone reading the same CSV files into
 * tables (types auto-detected), with the same memory settings the feature stage uses. Reading
 * every column as text, or without preserving insertion order, took the same time here, so this
 * plain read is as cheap as reading these files gets.
 * Prints one JSON line: { wallMs, cpuMs, maxRssMb }.
 */
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2];
const started = performance.now();
const cpu = process.cpuUsage();
const instance = await DuckDBInstance.create(':memory:', { memory_limit: '1GB', temp_directory: join(dir, '..', 'floor-tmp') });
const connection = await instance.connect();
for (const table of ['leads', 'events', 'outcomes', 'channel_costs']) {
  await connection.run(`create table ${table} as select * from read_csv('${join(dir, table + '.csv')}')`);
}
const wallMs = performance.now() - started;
const { user, system } = process.cpuUsage(cpu);
connection.closeSync();
instance.closeSync();
console.log(JSON.stringify({ wallMs, cpuMs: (user + system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
