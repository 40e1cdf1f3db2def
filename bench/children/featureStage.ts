/**
 * The measured side of the feature-stage benchmark: ingest and validate, labels, point-in-time
 * engagement, feature table, frame and Arrow training set — `leadscore features` as a library
 * call. Prints one JSON line: { wallMs, cpuMs, maxRssMb, rows, stages } (stages: seconds per
 * progress stage, in order).
 */
import { join } from 'node:path';
import type { Progress } from '../../core/progress.ts';
import { buildTrainingSet } from '../../pipelines/buildTrainingSet.ts';
import { demoConfig } from '../../pipelines/runDemo.ts';

const dir = process.argv[2];
const config = demoConfig(dir, join(dir, '..', 'stage-out'), { label: { window_days: 90, as_of: '2026-06-30T23:59:59Z' } });
const stages: Record<string, number> = {};
const progress: Progress = {
  stage(name) {
    const started = performance.now();
    return () => {
      stages[name] = (performance.now() - started) / 1000;
    };
  },
  info: () => {},
  warn: () => {},
};
const started = performance.now();
const cpu = process.cpuUsage();
const result = await buildTrainingSet(config, { progress });
const wallMs = performance.now() - started;
const { user, system } = process.cpuUsage(cpu);
console.log(
  JSON.stringify({ wallMs, cpuMs: (user + system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, rows: result.trainingSet.rows, stages }),
);
