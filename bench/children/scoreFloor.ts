/**
 * The reference for the whole score command: DuckDB alone reading the same CSV files and writing
 * a predictions-shaped table of one row per lead (14 columns) to a fresh DuckDB file, with the
 * scorer's memory settings. Prints one JSON line: { wallMs, cpuMs, maxRssMb, rows }.
 */
import { rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ScoreBenchPaths } from './scoreConfig.ts';

const paths = JSON.parse(process.argv[2]) as ScoreBenchPaths;
const file = paths.warehouse.replace(/\.duckdb$/, '-floor.duckdb');
rmSync(file, { force: true });
const started = performance.now();
// CPU of every thread of the process (DuckDB's too): on a machine shared with other jobs, the work itself.
const cpu = process.cpuUsage();
const instance = await DuckDBInstance.create(':memory:', { memory_limit: '1GB' });
const c = await instance.connect();
await c.run(`create table leads as select * from read_csv('${paths.leads}')`);
await c.run(`create table events as select * from read_csv('${paths.events}')`);
await c.run(`attach '${file}' as wh`);
await c.run(`create table wh.predictions as
  select lead_id, random() as probability, random() as rule_score, random() as fit_score, random() as engagement_score,
         random() as blended_score, 'A' as grade, 'A1' as matrix_cell, 'hot' as temperature, 'new' as status,
         '["' || coalesce(industry, '') || '"]' as top_reasons, 'model' as model_id, 'run' as run_id, created_at as scored_at
  from leads`);
const [row] = (await c.runAndReadAll('select count(*)::integer as n from wh.predictions')).getRowObjectsJS();
const wallMs = performance.now() - started;
c.closeSync();
instance.closeSync();
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, rows: Number(row.n) }));
