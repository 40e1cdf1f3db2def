/**
 * The measured side of the feature-stage benchmark: ingest and validate, labels, point-in-time
 * engagement, feature table, frame and Arrow training set — `leadscore features` as a library
 * call. Prints one JSON line: { wallMs, maxRssMb, rows }.
 */
import { join } from 'node:path';
import { buildTrainingSet } from '../../pipelines/buildTrainingSet.ts';
import { demoConfig } from '../../pipelines/runDemo.ts';

const dir = process.argv[2];
const config = demoConfig(dir, join(dir, '..', 'stage-out'), { label: { window_days: 90, as_of: '2026-06-30T23:59:59Z' } });
const started = performance.now();
const result = await buildTrainingSet(config);
const wallMs = performance.now() - started;
console.log(JSON.stringify({ wallMs, maxRssMb: process.resourceUsage().maxRSS / 1024, rows: result.trainingSet.rows }));
