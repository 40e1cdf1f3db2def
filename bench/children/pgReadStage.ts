/**
 * One measured side of the PostgreSQL read benchmark (bench/pgRead.bench.ts), in its own process
 * so peak RSS is its own. Modes:
 *   csv <dataDir> <outDir>          the feature stage reading the generated CSV files (reference)
 *   postgres <schema> <outDir>      the same stage reading the same data from PostgreSQL tables
 *   export <schema> <outDir>        only the PostgreSQL → staged CSV export (memory while streaming)
 * The connection string comes from LEADSCORE_BENCH_PG_URL (never the command line).
 * Prints one JSON line: { wallMs, maxRssMb, stages: { name: ms }, exportMs, rows }.
 */
import { join } from 'node:path';
import { resolveConfig, type ResolvedConfig } from '../../data/config.ts';
import type { Progress } from '../../core/progress.ts';
import { stagePostgresSources } from '../../features/ingest/postgresSource.ts';
import { buildTrainingSet } from '../../pipelines/buildTrainingSet.ts';
import { demoConfig } from '../../pipelines/runDemo.ts';
import { qualified } from '../../core/sql.ts';

const [mode, where, outDir] = process.argv.slice(2);
const label = { window_days: 90, as_of: '2026-06-30T23:59:59Z' };

function postgresConfig(schema: string): ResolvedConfig {
  // The same settings as demoConfig, sources from PostgreSQL.
  const base = demoConfig('/unused', outDir, { label });
  const table = (name: string) => ({ postgres: { table: qualified(schema, name) } });
  return resolveConfig(
    {
      name: base.name,
      sources: { leads: table('leads'), events: table('events'), outcomes: table('outcomes'), channel_costs: table('channel_costs') },
      label,
      rules: base.rules,
      postgres: { url_env: 'LEADSCORE_BENCH_PG_URL' },
      output: { dir: outDir },
    },
    '<bench>',
    outDir,
  );
}

/** Records each stage's duration and the export times the PostgreSQL reader reports; prints nothing. */
function recordingProgress(stages: Record<string, number>, exports: number[]): Progress {
  return {
    stage(name) {
      const started = performance.now();
      return () => {
        stages[name] = performance.now() - started;
      };
    },
    info(message) {
      const exported = /^exported from PostgreSQL over \d+ connection\(s\) in ([\d.]+)s$/.exec(message);
      if (exported) exports.push(Number(exported[1]) * 1000);
    },
    warn() {},
  };
}

const stages: Record<string, number> = {};
const exports: number[] = [];
const progress = recordingProgress(stages, exports);
const started = performance.now();
let rows = 0;
if (mode === 'export') {
  const staged = await stagePostgresSources(postgresConfig(where), { dir: join(outDir, 'staging'), progress });
  staged.release();
} else {
  const config = mode === 'csv' ? demoConfig(where, outDir, { label }) : postgresConfig(where);
  const result = await buildTrainingSet(config, { progress });
  rows = result.ingest.rowsRead;
}
const wallMs = performance.now() - started;
console.log(
  JSON.stringify({
    wallMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    stages,
    exportMs: exports.reduce((a, b) => a + b, 0),
    rows,
  }),
);
