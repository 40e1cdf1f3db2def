/**
 * Feature-stage benchmark (`npm run bench`): generates a sample CRM of 1M leads (once, cached in
 * bench-out/), then alternates two child processes — DuckDB alone reading the CSVs (the floor)
 * and the whole feature stage — and prints medians, peak RSS and the ratio to the floor.
 * Targets: feature stage ≤ 3× the floor, peak RSS < 2 GB.
 *
 *   npm run bench                      # 1M leads, 3 runs each
 *   npm run bench -- --leads 200000 --runs 5
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
  maxRssMb: number;
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
for (let run = 1; run <= runs; run++) {
  const f = child('readFloor.ts');
  const s = child('featureStage.ts');
  floor.push(f);
  stage.push(s);
  ratios.push(s.wallMs / f.wallMs);
  process.stderr.write(
    `run ${run}/${runs}: floor ${(f.wallMs / 1000).toFixed(1)}s, feature stage ${(s.wallMs / 1000).toFixed(1)}s (${(s.wallMs / f.wallMs).toFixed(2)}×)\n`,
  );
}

const report = {
  leads,
  runs,
  floor: { medianSeconds: median(floor.map((m) => m.wallMs)) / 1000, peakRssMb: Math.max(...floor.map((m) => m.maxRssMb)) },
  featureStage: { medianSeconds: median(stage.map((m) => m.wallMs)) / 1000, peakRssMb: Math.max(...stage.map((m) => m.maxRssMb)) },
  ratio: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) },
  targets: { ratio: 3, peakRssMb: 2048 },
};
console.log(`feature stage on ${leads} leads (${runs} runs, medians):`);
console.log(`  DuckDB read_csv of the same files (floor): ${report.floor.medianSeconds.toFixed(1)} s, peak RSS ${report.floor.peakRssMb.toFixed(0)} MB`);
console.log(`  feature stage:                            ${report.featureStage.medianSeconds.toFixed(1)} s, peak RSS ${report.featureStage.peakRssMb.toFixed(0)} MB`);
console.log(`  ratio to floor: ${report.ratio.median.toFixed(2)}× (min ${report.ratio.min.toFixed(2)}, max ${report.ratio.max.toFixed(2)}); target ≤ 3×, < 2048 MB`);
console.log(JSON.stringify(report));
