/**
 * The model artifact: everything scoring needs (feature spec, fitted encoder, fitted model) and
 * everything a reviewer needs (metrics, training-set facts, versions), in one JSON file per
 * model version under `<output.dir>/models/<id>/model.json`. Validated on load.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LeadscoreError } from '../../core/errors.ts';

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
    metrics: z.record(z.string(), z.number()),
  }),
  trainingSet: z.strictObject({
    rows: z.number(),
    positives: z.number(),
    fingerprint: z.string(),
    labelRule: z.string(),
    snapshotRule: z.string(),
  }),
  versions: z.record(z.string(), z.string()),
});

export type ModelArtifact = z.infer<typeof artifactSchema>;

/** A short, sortable, unique-enough id: kind, UTC time, and a hash of the content. */
export function newModelId(kind: string, createdAt: Date, content: string): string {
  const stamp = createdAt.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 8);
  return `${kind}-${stamp}-${hash}`;
}

function modelsDir(outputDir: string): string {
  return join(outputDir, 'models');
}

/** Writes the artifact (atomically: temp file then rename) and marks it as the latest model. */
export function saveArtifact(outputDir: string, artifact: ModelArtifact): string {
  const dir = join(modelsDir(outputDir), artifact.id);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'model.json');
  writeFileSync(path + '.tmp', JSON.stringify(artifact));
  renameSync(path + '.tmp', path);
  writeFileSync(join(modelsDir(outputDir), 'latest'), artifact.id + '\n');
  return path;
}

/** Loads a model by id, or the latest one with `latest`. */
export function loadArtifact(outputDir: string, ref: string): { artifact: ModelArtifact; path: string } {
  const dir = modelsDir(outputDir);
  let id = ref;
  if (ref === 'latest') {
    const pointer = join(dir, 'latest');
    if (!existsSync(pointer)) {
      throw new LeadscoreError('model', `no trained model in ${dir}`, { hint: 'run leadscore train --config <file> first' });
    }
    id = readFileSync(pointer, 'utf8').trim();
  }
  const path = join(dir, id, 'model.json');
  if (!existsSync(path)) {
    const known = existsSync(dir) ? readdirSync(dir).filter((name) => name !== 'latest') : [];
    throw new LeadscoreError('model', `model "${ref}" not found in ${dir}`, {
      expected: known.length ? `one of: ${known.slice(-10).join(', ')}, or latest` : 'a trained model (run leadscore train first)',
    });
  }
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
  return { artifact: parsed.data, path };
}
