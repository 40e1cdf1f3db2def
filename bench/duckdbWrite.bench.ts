/**
 * Writing predictions into the embedded DuckDB warehouse (`npm run bench:duckdb-write`):
 * DuckDbWarehouse.writePredictions of N synthetic predictions (default 1M) into a fresh warehouse
 * file, then a re-score of the same leads by the same model into that file (every row replaced,
 * new values), against a reference measured in the same run: DuckDB alone copying the same rows
 * from a Parquet file of the batch into a fresh file (`create table … as select * from
 * read_parquet(…)`, committed).
 *
 * Why that reference: it holds the very rows the warehouse gets (same strings, same doubles), so
 * DuckDB's work to store and compress them is the same, and it is what a user with the
 * predictions already in a file would run — the floor for "these rows into a DuckDB table".
 * Rows generated in SQL would differ in their strings, hence in the compression work.
 *
 *   npm run bench:duckdb-write -- [--rows 1000000] [--repeat 2] [--keyed]
 *
 * --keyed: the target made the way the writer made it before (primary key (lead_id, model_id)),
 * as in warehouses created by earlier versions. Files go to a temporary folder, removed at the
 * end. Figures are medians of --repeat runs (of two, the slower); the reference and the writes
 * alternate, so each ratio compares runs that shared the machine's load of the moment. CPU time
 * is every thread's (DuckDB's too). Target: about 3 s for 1M rows on 2 cores, the write's share
 * of the score command's 30 s (`npm run bench:score`).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { seededRandom } from '../core/random.ts';
import { ident, literal } from '../core/sql.ts';
import { stagePredictions } from '../pipelines/warehouse/appendPredictions.ts';
import { DuckDbWarehouse } from '../pipelines/warehouse/duckdbWarehouse.ts';
import { predictionColumns, runColumns, type PredictionBatch, type ScoringRun, type Temperature } from '../pipelines/warehouse/predictions.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    repeat: { type: 'string', default: '2' },
    keyed: { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
const repeat = Number(values.repeat);

/** Reasons as the scorer writes them: model contributions, engagement counts, recency. */
function reasonPool(u: () => number): string[] {
  const attributes = [
    'country = US', 'country = GB', 'country = CA', 'country = NL', 'industry = software', 'industry = financial_services',
    'department = marketing', 'department = sales', 'channel = partner', 'channel = organic_search', 'channel = referral',
    'channel = events', 'campaign = linkedin_lead_gen', 'campaign = employee_referral', 'job_title = Consultant',
    'job_title = VP, Sales', 'job_title = Director of Sales', 'job_title = IT Manager', 'job_title = Director of Marketing',
    'job_title = VP, Marketing', 'job_title = Head of Growth', 'job_title = CEO', 'job_title = CMO', 'job_title = Founder',
  ];
  const events = ['pricing_page_view', 'demo_request', 'webinar_attended', 'form_submit', 'email_click', 'content_download'];
  const pool = [...attributes];
  for (const event of events) for (let k = 1; k <= 6; k++) pool.push(`${k} ${event} in 7 days`);
  for (let k = 0; k < 5; k++) pool.push(`${k} events in all`);
  for (let k = 0; k < 100; k++) pool.push(`recent engagement ${(u() * 10).toFixed(1)}`, `last active ${(u() * 30).toFixed(1)} days before scoring`);
  return pool;
}

/** Strings shaped like a real run with rules (ids L0000001…, three reasons each, grades A–D). */
function syntheticStrings(n: number): Pick<PredictionBatch, 'leadIds' | 'topReasons'> & { grade: string[]; matrixCell: string[]; status: string[] } {
  const u = seededRandom(0x2545f491);
  const pool = reasonPool(u);
  // Skewed towards the pool's front (the attributes), as real reasons are.
  const pick = () => pool[Math.floor(u() * u() * pool.length)];
  const leadIds = new Array<string>(n);
  const topReasons = new Array<string>(n);
  const grade = new Array<string>(n);
  const matrixCell = new Array<string>(n);
  const status = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    leadIds[i] = `L${String(i + 1).padStart(7, '0')}`;
    const a = pick();
    let b = pick();
    while (b === a) b = pick();
    let c = pick();
    while (c === a || c === b) c = pick();
    topReasons[i] = JSON.stringify([a, b, c]);
    grade[i] = 'ABBBCCCDD'[Math.floor(u() * 9)];
    matrixCell[i] = `${grade[i]}${u() < 0.95 ? 3 : u() < 0.7 ? 2 : 1}`;
    status[i] = u() < 0.01 ? 'MQL' : 'new';
  }
  return { leadIds, topReasons, grade, matrixCell, status };
}

/** The batch as a Parquet file, through DuckDB (untimed setup: the reference's input). */
async function writeParquet(path: string, batch: PredictionBatch, run: ScoringRun): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  const staged = await stagePredictions(c, 'batch', batch);
  const columns = predictionColumns.map(([name], j) => `${staged[j]} as ${ident(name)}`);
  await c.run(
    `copy (select ${columns.join(', ')}, ${literal(run.modelId)} as model_id, ${literal(run.runId)} as run_id,
       ${literal(run.scoredAt.toISOString().replace("T", " ").replace("Z", ""))}::timestamp as scored_at from batch)
     to ${literal(path)} (format parquet, compression zstd)`,
  );
  c.closeSync();
  instance.closeSync();
}

/** One run's predictions; `seed` varies the scores, so a re-score writes new values. */
function syntheticBatch(strings: ReturnType<typeof syntheticStrings>, seed: number): PredictionBatch {
  const u = seededRandom(seed);
  const n = strings.leadIds.length;
  const probability = Float64Array.from({ length: n }, () => u() * u());
  const fitScore = Float64Array.from({ length: n }, () => 10 * Math.floor(u() * 11));
  const engagementScore = Float64Array.from({ length: n }, () => Math.round(u() * u() * 1000) / 10);
  const ruleScore = Float64Array.from(fitScore, (f, i) => (f + engagementScore[i]) / 2);
  const temperatures: Temperature[] = ['hot', 'warm', 'cold'];
  return {
    leadIds: strings.leadIds,
    probability,
    blendedScore: Float64Array.from(probability, (p, i) => 50 * p + ruleScore[i] / 2),
    temperature: Array.from(probability, (p) => temperatures[p > 0.6 ? 0 : p > 0.2 ? 1 : 2]),
    topReasons: strings.topReasons,
    status: strings.status,
    rules: { ruleScore, fitScore, engagementScore, grade: strings.grade, matrixCell: strings.matrixCell, status: strings.status },
  };
}

interface Timing {
  wall: number;
  cpu: number;
}

async function timed(fn: () => Promise<unknown>): Promise<Timing> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
}

function removeDb(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (t: Timing) => `${t.wall.toFixed(2)} s (CPU ${t.cpu.toFixed(2)} s)`;

const dir = mkdtempSync(join(tmpdir(), 'leadscore-bench-duckdb-write-'));
try {
  const made = performance.now();
  const strings = syntheticStrings(rows);
  const first = syntheticBatch(strings, 1);
  const second = syntheticBatch(strings, 2);
  const modelId = 'logreg-20260701-000000-bench';
  const scoredAt = new Date('2026-07-01T00:00:00Z');
  const madeSeconds = (performance.now() - made) / 1000;
  const parquet = join(dir, 'batch.parquet');
  const copied = performance.now();
  await writeParquet(parquet, first, { runId: 'reference-run', modelId, scoredAt });
  console.log(
    `${rows.toLocaleString('en')} synthetic predictions with rules (made in ${madeSeconds.toFixed(1)} s, Parquet copy in ${((performance.now() - copied) / 1000).toFixed(1)} s), ` +
      `${values.keyed ? 'target keyed on (lead_id, model_id) as before' : 'target as the writer creates it'}; ${repeat} run(s)`,
  );

  const references: Timing[] = [];
  const fresh: Timing[] = [];
  const rescore: Timing[] = [];
  let size = 0;
  for (let r = 0; r < repeat; r++) {
    const referencePath = join(dir, 'reference.duckdb');
    removeDb(referencePath);
    references.push(
      await timed(async () => {
        const instance = await DuckDBInstance.create(referencePath);
        const c = await instance.connect();
        await c.run(`create table predictions as select * from read_parquet(${literal(parquet)})`);
        c.closeSync();
        instance.closeSync();
      }),
    );
    removeDb(referencePath);

    const path = join(dir, 'warehouse.duckdb');
    removeDb(path);
    if (values.keyed) {
      const instance = await DuckDBInstance.create(path);
      const c = await instance.connect();
      const ddl = [...predictionColumns, ...runColumns].map(([name, type]) => `${ident(name)} ${type}`).join(', ');
      await c.run(`create table predictions (${ddl}, primary key (lead_id, model_id))`);
      c.closeSync();
      instance.closeSync();
    }
    for (const [batch, into, runId] of [[first, fresh, `run-${r}-a`], [second, rescore, `run-${r}-b`]] as const) {
      into.push(
        await timed(async () => {
          const warehouse = await DuckDbWarehouse.open(path);
          const written = await warehouse.writePredictions('predictions', batch, { runId, modelId, scoredAt });
          await warehouse.close();
          if (written !== rows) throw new Error(`wrote ${written} rows, expected ${rows}`);
        }),
      );
    }
    size = statSync(path).size;
    const warehouse = await DuckDbWarehouse.open(path);
    const held = await warehouse.count('predictions');
    await warehouse.close();
    if (held !== rows) throw new Error(`the warehouse holds ${held} rows after the re-score, expected ${rows}`);
    removeDb(path);
    console.log(`  run ${r + 1}: reference ${fmt(references[r])}, fresh ${fmt(fresh[r])}, re-score ${fmt(rescore[r])}`);
  }

  const line = (label: string, runs: Timing[]) => {
    const wall = median(runs.map((t) => t.wall));
    const cpu = median(runs.map((t) => t.cpu));
    const ratio = median(runs.map((t, r) => t.wall / references[r].wall));
    const cpuRatio = median(runs.map((t, r) => t.cpu / references[r].cpu));
    console.log(`${label.padEnd(44)} ${wall.toFixed(2)} s, CPU ${cpu.toFixed(2)} s  (${ratio.toFixed(2)}× the reference, CPU ${cpuRatio.toFixed(2)}×)`);
  };
  console.log('');
  const ref = { wall: median(references.map((t) => t.wall)), cpu: median(references.map((t) => t.cpu)) };
  console.log(`${'reference: DuckDB copying the Parquet batch'.padEnd(44)} ${ref.wall.toFixed(2)} s, CPU ${ref.cpu.toFixed(2)} s`);
  line('writePredictions into a fresh warehouse', fresh);
  line('writePredictions re-scoring the same leads', rescore);
  console.log(`warehouse file after both writes: ${(size / 1e6).toFixed(0)} MB; target for the write: about 3 s for 1M rows on 2 cores`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
