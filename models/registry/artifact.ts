/**
 * The model artifact: everything scoring needs (feature spec, fitted encoder, fitted model) and
 * everything a reviewer needs (metrics, training-set facts, versions), in one JSON file per
 * model version under `<output.dir>/models/<id>/model.json`. Validated on load.
 *
 * Fields added after format 1 shipped are optional, so every artifact written before them still
 * loads; readers must cope with their absence.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { LeadscoreError } from '../../core/errors.ts';
import { readPointer, writePointer } from './pointers.ts';
import { artifactPath } from './registryDir.ts';
import { resolveModelRef } from './resolveModelRef.ts';

export const artifactFormat = 'leadscore-model/1';

const featureColumn = z.strictObject({ name: z.string(), kind: z.enum(['numeric', 'categorical']) });

const artifactSchema = z.strictObject({
  format: z.literal(artifactFormat),
  id: z.string().min(1),
  kind: z.string().min(1),
  createdAt: z.string(),
  dataset: z.string(),
  featureSpec: z.strictObject({
    leadColumns: z.array(featureColumn),
    calendarParts: z.array(z.enum(['month', 'weekday', 'hour'])),
    eventTypes: z.array(z.string()),
    windowsDays: z.array(z.number()),
    decayHalfLifeDays: z.number(),
    hasEvents: z.boolean(),
    snapshotDays: z.number(),
    outcomeBeforeSnapshot: z.enum(['clamp', 'exclude']),
  }),
  encoder: z.unknown(),
  model: z.unknown(),
  evaluation: z.strictObject({
    strategy: z.string(),
    trainRows: z.number(),
    testRows: z.number(),
    /** Holdout fraction and seed of the split; needed to rebuild the same holdout later. */
    fraction: z.number().optional(),
    seed: z.number().optional(),
    /** holdoutFingerprint() of the test rows: equal values mean the metrics were measured on the same leads and labels. */
    holdoutFingerprint: z.string().optional(),
    metrics: z.record(z.string(), z.number()),
    /** Holdout metrics of the raw, uncalibrated probabilities. */
    uncalibratedMetrics: z.record(z.string(), z.number()).optional(),
    /** Lift and capture by decile, the confusion matrix and the threshold it used (fullReport). */
    report: z.unknown().optional(),
    /** Mean and standard deviation of each metric over stratified folds (`train --cv K`). */
    crossValidation: z.unknown().optional(),
  }),
  /** The fitted calibrator (calibratorFromJSON); absent in artifacts from before calibration. */
  calibration: z.unknown().optional(),
  trainingSet: z.strictObject({
    rows: z.number(),
    positives: z.number(),
    fingerprint: z.string(),
    labelRule: z.string(),
    snapshotRule: z.string(),
  }),
  versions: z.record(z.string(), z.string()),
  /** Leakage findings of the training set, when the trainer checked for them. */
  leakage: z.unknown().optional(),
});

export type ModelArtifact = z.infer<typeof artifactSchema>;

/** A short, sortable, unique-enough id: kind, UTC time, and a hash of the content. */
export function newModelId(kind: string, createdAt: Date, content: string): string {
  const stamp = createdAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 8);
  return `${kind}-${stamp}-${hash}`;
}

/**
 * Writes the artifact (atomically: temp file then rename) and marks it as the latest model; on a
 * registry without a champion it also becomes champion (see resolveModelRef.ts for why).
 */
export function saveArtifact(outputDir: string, artifact: ModelArtifact): string {
  const path = artifactPath(outputDir, artifact.id);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path + '.tmp', JSON.stringify(artifact));
  renameSync(path + '.tmp', path);
  writePointer(outputDir, 'latest', artifact.id);
  if (readPointer(outputDir, 'champion') === null) writePointer(outputDir, 'champion', artifact.id);
  return path;
}

/** Loads a model by id, `latest` or `champion`. */
export function loadArtifact(outputDir: string, ref: string): { artifact: ModelArtifact; path: string } {
  const path = artifactPath(outputDir, resolveModelRef(outputDir, ref));
  return { artifact: readArtifact(path), path };
}

/** Reads and validates one model.json. */
export function readArtifact(path: string): ModelArtifact {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new LeadscoreError('model', `${path} is not valid JSON: ${(error as Error).message}`, { where: path });
  }
  const parsed = artifactSchema.safeParse(raw);
  if (!parsed.success) {
    throw new LeadscoreError('model', `${path} is not a leadscore model artifact: ${z.prettifyError(parsed.error)}`, { where: path });
  }
  return parsed.data;
}
