/**
 * Feature-stage benchmark (`npm run bench`): generates a sample CRM of 1M leads (once, cached in
 * bench-out/ or --out), then alternates two child processes — DuckDB alone reading the CSVs (the
 * floor) and the whole feature stage — and prints medians, peak RSS, the ratio to the floor and
 * where the stage's time goes. Targets: feature stage ≤ 3× the floor, peak RSS < 2 GB.
 *
 * The ratio of CPU times is printed too: on a machine shared with other jobs the wall times of
 * neighbouring runs differ by ±30%, the CPU times much less.
 *
 *   npm run bench                      # 1M leads, 3 runs each
 *   npm run bench -- --leads 200000 --runs 5 --out /tmp/leadscore-bench
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchCrm } from './sampleCrm.ts';

const { values } = parseArgs({
  options: {
    leads: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench-out' },
  },
});
const leads = Number(values.leads);
const runs = Number(values.runs);
const { dataDir } = await benchCrm(leads, values.out);

interface Measure {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  /** Feature stage only: seconds per progress stage. */
  stages?: Record<string, number>;
}

function child(script: string): Measure {
  const runner = resolve(import.meta.dirname, '..', 'bin', 'run-ts.js');
  const output = execFileSync(process.execPath, [runner, join(import.meta.dirname, 'children', script), dataDir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(output.trim().split('\n').pop()!);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const floor: Measure[] = [];
const stage: Measure[] = [];
const ratios: number[] = [];
const cpuRatios: number[] = [];
for (let run = 1; run <= runs; run++) {
  const f = child('readFloor.ts');
  const s = child('featureStage.ts');
  floor.push(f);
  stage.push(s);
  ratios.push(s.wallMs / f.wallMs);
  cpuRatios.push(s.cpuMs / f.cpuMs);
  process.stderr.write(
    `run ${run}/${runs}: floor ${(f.wallMs / 1000).toFixed(1)}s, feature stage ${(s.wallMs / 1000).toFixed(1)}s (${(s.wallMs / f.wallMs).toFixed(2)}×)\n`,
  );
}

const stageNames = Object.keys(stage[0].stages ?? {});
const report = {
  leads,
  runs,
  floor: {
    medianSeconds: median(floor.map((m) => m.wallMs)) / 1000,
    medianCpuSeconds: median(floor.map((m) => m.cpuMs)) / 1000,
    peakRssMb: Math.max(...floor.map((m) => m.maxRssMb)),
  },
  featureStage: {
    medianSeconds: median(stage.map((m) => m.wallMs)) / 1000,
    medianCpuSeconds: median(stage.map((m) => m.cpuMs)) / 1000,
    peakRssMb: Math.max(...stage.map((m) => m.maxRssMb)),
    stagesMedianSeconds: Object.fromEntries(stageNames.map((name) => [name, median(stage.map((m) => m.stages?.[name] ?? NaN))])),
  },
  ratio: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) },
  cpuRatio: { median: median(cpuRatios), min: Math.min(...cpuRatios), max: Math.max(...cpuRatios) },
  targets: { ratio: 3, peakRssMb: 2048 },
};
console.log(`feature stage on ${leads} leads (${runs} runs, medians):`);
console.log(`  DuckDB read_csv of the same files (floor): ${report.floor.medianSeconds.toFixed(1)} s, peak RSS ${report.floor.peakRssMb.toFixed(0)} MB`);
console.log(`  feature stage:                            ${report.featureStage.medianSeconds.toFixed(1)} s, peak RSS ${report.featureStage.peakRssMb.toFixed(0)} MB`);
console.log(`  ratio to floor: ${report.ratio.median.toFixed(2)}× (min ${report.ratio.min.toFixed(2)}, max ${report.ratio.max.toFixed(2)}); target ≤ 3×, < 2048 MB`);
console.log(
  `  CPU time: floor ${report.floor.medianCpuSeconds.toFixed(1)} s, feature stage ${report.featureStage.medianCpuSeconds.toFixed(1)} s ` +
    `(ratio ${report.cpuRatio.median.toFixed(2)}×, min ${report.cpuRatio.min.toFixed(2)}, max ${report.cpuRatio.max.toFixed(2)})`,
);
console.log(`  stages (median s): ${stageNames.map((name) => `${name} ${report.featureStage.stagesMedianSeconds[name].toFixed(1)}`).join(', ')}`);
console.log(JSON.stringify(report));
