/**
 * Scoring at scale (`npm run bench:score`): the generated 1M-lead CRM (bench-out/, cached) with
 * every lead open — its outcomes file swapped for an empty one — scored by a logistic model
 * trained on a 50k-lead sample from the same generator, beside the pain × fit rule preset.
 *
 *   (a) in process, rules + logistic model: leads/s                target ≥ 500,000 leads/s
 *   (b) the whole `score` (read CSVs, features, score, write DuckDB) target < 30 s on 2 cores
 *   (c) peak RSS of (b)                                             reported (feature stage's 2 GB as the bar)
 *
 * Each figure is printed with its target and the ratio figure / target, and (b) also against a
 * reference measured in the same run: DuckDB alone reading the same CSVs and writing a
 * predictions-shaped table of the same rows. Timings on a shared machine are noisy: compare
 * ratios, not seconds.
 *
 *   npm run bench:score
 *   npm run bench:score -- --leads 200000 --runs 2
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createProgress } from '../core/progress.ts';
import { COLUMNS } from '../data/generator/index.ts';
import { currentChampion } from '../models/registry/resolveModelRef.ts';
import { demoConfig } from '../pipelines/runDemo.ts';
import { trainModel } from '../pipelines/trainModel.ts';
import type { ScoreBenchPaths } from './children/scoreConfig.ts';
import { benchCrm } from './sampleCrm.ts';

const { values } = parseArgs({
  options: {
    leads: { type: 'string', default: '1000000' },
    'train-leads': { type: 'string', default: '50000' },
    runs: { type: 'string', default: '1' },
    repeats: { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench-out' },
  },
});
const leads = Number(values.leads);
const runs = Number(values.runs);
const targets = { leadsPerSecond: 500_000, commandSeconds: 30, peakRssMb: 2048 };

const big = await benchCrm(leads, values.out);
const sample = await benchCrm(Number(values['train-leads']), values.out);
// The pain × fit preset: fit rules on attributes and engagement rules on events, quadrants too.
const rules = fileURLToPath(new URL('../data/rules/pain-fit.yaml', import.meta.url));
const label = { window_days: 90, as_of: '2026-06-30T23:59:59Z' };

// The model: trained once on the sample (same generator, so the same columns and event types).
const modelDir = join(sample.root, 'score-model');
if (!currentChampion(modelDir)) {
  process.stderr.write(`training the benchmark's model on ${values['train-leads']} sample leads (once; reused by later runs)\n`);
  await trainModel(demoConfig(sample.dataDir, modelDir, { label }), { progress: createProgress() });
}

// Every lead open: the same leads and events, an outcomes file with its header only.
const openDir = join(big.root, 'score-all-open');
mkdirSync(openDir, { recursive: true });
const outcomes = join(openDir, 'outcomes.csv');
if (!existsSync(outcomes)) writeFileSync(outcomes, COLUMNS.outcomes.join(',') + '\n');
const paths: ScoreBenchPaths = {
  leads: join(big.dataDir, 'leads.csv'),
  events: join(big.dataDir, 'events.csv'),
  outcomes,
  modelDir,
  rules,
  warehouse: join(openDir, 'warehouse.duckdb'),
};

interface Command {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  rows: number;
}
interface Kernel {
  best: number;
  median: number;
  cpuBest: number;
  cpuMedian: number;
}
interface InProcess {
  rows: number;
  encodedColumns: number;
  rules: { fit: number; engagement: number; disqualifiers: number };
  modelMs: Kernel;
  rulesMs: Kernel;
  blendMs: Kernel;
  withReasonsMs: Kernel;
  maxRssMb: number;
}

function child<T>(script: string, ...args: string[]): T {
  const runner = resolve(import.meta.dirname, '..', 'bin', 'run-ts.js');
  const output = execFileSync(process.execPath, [runner, join(import.meta.dirname, 'children', script), JSON.stringify(paths), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  return JSON.parse(output.trim().split('\n').pop()!);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const floors: Command[] = [];
const commands: Command[] = [];
for (let run = 1; run <= runs; run++) {
  const floor = child<Command>('scoreFloor.ts');
  const command = child<Command>('scoreCommand.ts');
  floors.push(floor);
  commands.push(command);
  process.stderr.write(
    `run ${run}/${runs}: reference ${(floor.wallMs / 1000).toFixed(1)}s, score ${(command.wallMs / 1000).toFixed(1)}s (${command.rows} rows, peak RSS ${command.maxRssMb.toFixed(0)} MB)\n`,
  );
}
process.stderr.write('in-process kernels (features built first, not timed)\n');
const kernels = child<InProcess>('scoreInProcess.ts', values.repeats);

const perSecond = (ms: number) => (kernels.rows / ms) * 1000;
const sum = (pick: (k: Kernel) => number) => pick(kernels.modelMs) + pick(kernels.rulesMs) + pick(kernels.blendMs);
const commandSeconds = median(commands.map((c) => c.wallMs)) / 1000;
const floorSeconds = median(floors.map((c) => c.wallMs)) / 1000;
const commandCpu = median(commands.map((c) => c.cpuMs)) / 1000;
const floorCpu = median(floors.map((c) => c.cpuMs)) / 1000;
const peakRssMb = Math.max(...commands.map((c) => c.maxRssMb));
const rate = (pick: (k: Kernel) => number) => ({
  rulesAndModel: perSecond(sum(pick)),
  model: perSecond(pick(kernels.modelMs)),
  rules: perSecond(pick(kernels.rulesMs)),
  blend: perSecond(pick(kernels.blendMs)),
  explanations: perSecond(pick(kernels.withReasonsMs) - pick(kernels.modelMs)),
});
const report = {
  leads: kernels.rows,
  runs,
  inProcess: {
    /** Leads per second of wall time, best of the repeats (least disturbed by other jobs) and median. */
    best: rate((k) => k.best),
    median: rate((k) => k.median),
    /** Leads per second of CPU time, best of the repeats: the work itself, whatever else runs. */
    cpu: rate((k) => k.cpuBest),
    encodedColumns: kernels.encodedColumns,
    rules: kernels.rules,
    ratioToTarget: perSecond(sum((k) => k.best)) / targets.leadsPerSecond,
  },
  command: {
    seconds: commandSeconds,
    cpuSeconds: commandCpu,
    referenceSeconds: floorSeconds,
    referenceCpuSeconds: floorCpu,
    ratioToReference: commandSeconds / floorSeconds,
    cpuRatioToReference: commandCpu / floorCpu,
    ratioToTarget: commandSeconds / targets.commandSeconds,
    rows: commands[0].rows,
  },
  memory: { peakRssMb, ratioToTarget: peakRssMb / targets.peakRssMb },
  targets,
};

const k = (n: number) => `${Math.round(n / 1000).toLocaleString('en')}k`;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const ip = report.inProcess;
const c = report.command;
console.log(`scoring ${kernels.rows.toLocaleString('en')} open leads (model: logistic, ${kernels.encodedColumns} encoded columns; rules: pain × fit preset, ${kernels.rules.fit} fit + ${kernels.rules.engagement} engagement rules)`);
console.log(`(a) in process, rules + model: ${k(ip.best.rulesAndModel)} leads/s (best of ${values.repeats}; median ${k(ip.median.rulesAndModel)}, per CPU-second ${k(ip.cpu.rulesAndModel)}) — target ≥ ${k(targets.leadsPerSecond)}: ratio ${ip.ratioToTarget.toFixed(2)}, ${met(ip.ratioToTarget >= 1)}`);
console.log(`    model (encode + predict + calibrate) ${k(ip.best.model)}/s, rule fold ${k(ip.best.rules)}/s, blend ${k(ip.best.blend)}/s; top-3 explanations ${k(ip.best.explanations)}/s (reported)`);
console.log(`(b) whole score command: ${c.seconds.toFixed(1)} s (median of ${runs}; ${c.cpuSeconds.toFixed(1)} CPU-s) — target < ${targets.commandSeconds} s: ratio ${c.ratioToTarget.toFixed(2)}, ${met(c.ratioToTarget < 1)}`);
console.log(`    ${c.ratioToReference.toFixed(2)}× the reference in wall time, ${c.cpuRatioToReference.toFixed(2)}× in CPU time (DuckDB reading the same CSVs and writing as many rows: ${floorSeconds.toFixed(1)} s, ${floorCpu.toFixed(1)} CPU-s)`);
console.log(`(c) peak RSS of the score command: ${peakRssMb.toFixed(0)} MB — bar ${targets.peakRssMb} MB: ratio ${report.memory.ratioToTarget.toFixed(2)}, ${met(report.memory.ratioToTarget < 1)}`);
console.log(JSON.stringify(report));
