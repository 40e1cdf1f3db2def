/**
 * The score benchmark's measured command: `leadscore score` as a library call (read the CSVs,
 * build the features, score by model and rules, write every row to a fresh DuckDB warehouse).
 * Progress goes to stderr; prints one JSON line: { wallMs, cpuMs, maxRssMb, rows }.
 */
import { rmSync } from 'node:fs';
import { createProgress } from '../../core/progress.ts';
import { scoreLeads } from '../../pipelines/scoreLeads.ts';
import { scoreBenchConfig, type ScoreBenchPaths } from './scoreConfig.ts';

const paths = JSON.parse(process.argv[2]) as ScoreBenchPaths;
rmSync(paths.warehouse, { force: true });
rmSync(`${paths.warehouse}.wal`, { force: true });
const config = scoreBenchConfig(paths);
const started = performance.now();
// CPU of every thread of the process (DuckDB's too): on a machine shared with other jobs, the work itself.
const cpu = process.cpuUsage();
const result = await scoreLeads(config, { progress: createProgress() });
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, rows: result.predictionsWritten }));
