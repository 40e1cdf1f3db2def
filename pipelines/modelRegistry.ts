/**
 * `leadscore models`: list the trained models, show one, promote one to champion (the model
 * `leadscore score` uses by default).
 *
 * How promotion compares a challenger with the champion, fairly. Every saved model was refitted
 * on all its labelled leads after its holdout evaluation, so scoring saved models on a holdout
 * built from the same data measures them on rows they were fitted on: in-sample, optimistic, and
 * kinder to the less regularised model (on the sample data a C = 1 model's AUC goes from 0.79 on
 * its holdout to 0.88 on the same rows once they are in its fit). Such numbers never decide.
 * Instead, both sides are judged out-of-sample on the same rows:
 *  - `recorded-holdout`: both artifacts recorded their holdout metrics on the very same rows and
 *    labels (equal evaluation.holdoutFingerprint): those recorded AUCs decide, nothing is refitted.
 *  - `refit-holdout`: otherwise the challenger's holdout is rebuilt from the config's data (split
 *    as training did), each model's recipe (feature spec, encoder and model parameters) is
 *    refitted on the challenger's training part, and both are scored on the holdout. This is
 *    what training measured for the challenger (same rows, same recipe), now for the champion
 *    too; its caveat: it judges the champion's recipe on today's data, not the champion's saved
 *    fit on its own, possibly older, data.
 * Either way the challenger's training rows are rebuilt with its own feature spec, so a model
 * whose features do not match the data stops promotion with the error scoring would give.
 */
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { isDeepStrictEqual } from 'node:util';
import type { ResolvedConfig } from '../data/config.ts';
import { LeadscoreError } from '../core/errors.ts';
import { silentProgress, type Progress } from '../core/progress.ts';
import type { FrameEncoder } from '../features/encoding/frameEncoder.ts';
import type { FeatureFrame } from '../features/frame/featureFrame.ts';
import type { FeatureSpec } from '../features/featureSpec.ts';
import { readFeatureFrame } from '../features/frame/readFeatureFrame.ts';
import { takeFrameRows } from '../features/frame/takeFrameRows.ts';
import { rocAuc } from '../models/evaluation/metrics.ts';
import { stratifiedHoldout, timeHoldout } from '../models/evaluation/split.ts';
import { loadArtifact, readArtifact, type ModelArtifact } from '../models/registry/artifact.ts';
import { holdoutFingerprint, sameRecordedHoldout } from '../models/registry/holdoutFingerprint.ts';
import { loadModel, modelRecipe, type LoadedEstimator } from '../models/registry/loadModel.ts';
import { readPointer, writePointer } from '../models/registry/pointers.ts';
import { artifactPath, modelIds, modelsDir } from '../models/registry/registryDir.ts';
import { currentChampion } from '../models/registry/resolveModelRef.ts';
import { buildFeatureTables, featureRowsCount, featureRowsSql } from './featureTables.ts';
import { withWorkspace } from './withWorkspace.ts';

export interface ModelRow {
  id: string;
  kind: string;
  createdAt: string;
  dataset: string;
  /** AUC is null when the holdout lacked one outcome. */
  holdout: { auc: number | null; strategy: string; testRows: number };
  trainingRows: number;
  positives: number;
  champion: boolean;
  latest: boolean;
}

export interface ModelList {
  registry: string;
  champion: string | null;
  /** True when no champion was ever set (a registry older than champions): the latest model serves. */
  championFromLatest: boolean;
  latest: string | null;
  /** Newest first. */
  models: ModelRow[];
  /** Model folders whose model.json cannot be read, with the reason. */
  unreadable: Array<{ id: string; message: string }>;
}

export interface ModelSummary {
  id: string;
  kind: string;
  createdAt: string;
  dataset: string;
  path: string;
  champion: boolean;
  latest: boolean;
  params: Record<string, unknown>;
  fit: Record<string, unknown>;
  holdout: {
    strategy: string;
    trainRows: number;
    testRows: number;
    fraction: number | null;
    seed: number | null;
    fingerprint: string | null;
    metrics: Record<string, number | null>;
  };
  features: FeatureSpec & { encodedColumns: number };
  trainingSet: ModelArtifact['trainingSet'];
  versions: Record<string, string>;
  /** Present only when the artifact carries leakage findings. */
  leakage?: unknown;
}

export interface PromoteOptions {
  /** Promote even when the challenger compares worse, or cannot be compared. */
  force?: boolean;
  progress?: Progress;
}

export interface PromoteComparison {
  basis: 'recorded-holdout' | 'refit-holdout';
  challenger: { id: string; auc: number | null };
  /** `problem`: why the champion could not be compared (unreadable, or its features do not match the data). */
  champion: { id: string; auc: number | null; problem: string | null };
  /** The challenger's holdout as rebuilt from the config's data. */
  holdout: {
    strategy: 'time' | 'stratified';
    fraction: number;
    seed: number;
    /** Where fraction and seed came from: the challenger's artifact, or the config for artifacts that did not record them. */
    splitFrom: 'artifact' | 'config';
    rows: number;
    positives: number;
    /** Rows the AUCs were computed on: the holdout leads both models have rows for. */
    compared: number;
  };
  caveats: string[];
}

export interface PromoteResult {
  champion: string;
  previous: string | null;
  /** False when the model already was champion. */
  changed: boolean;
  /** True when --force overrode a refusal. */
  forced: boolean;
  /** Null when there was nothing to compare with. */
  comparison: PromoteComparison | null;
}

function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

export function listModels(outputDir: string): ModelList {
  const champion = currentChampion(outputDir);
  const latest = readPointer(outputDir, 'latest');
  const models: ModelRow[] = [];
  const unreadable: ModelList['unreadable'] = [];
  for (const id of modelIds(outputDir)) {
    let artifact: ModelArtifact;
    try {
      artifact = readArtifact(artifactPath(outputDir, id));
    } catch (error) {
      // One damaged folder must not hide the others: listing is how a user finds it.
      if (!(error instanceof LeadscoreError)) throw error;
      unreadable.push({ id, message: error.message });
      continue;
    }
    models.push({
      id,
      kind: artifact.kind,
      createdAt: artifact.createdAt,
      dataset: artifact.dataset,
      holdout: { auc: finite(artifact.evaluation.metrics.auc), strategy: artifact.evaluation.strategy, testRows: artifact.evaluation.testRows },
      trainingRows: artifact.trainingSet.rows,
      positives: artifact.trainingSet.positives,
      champion: id === champion?.id,
      latest: id === latest,
    });
  }
  models.sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
  return {
    registry: modelsDir(outputDir),
    champion: champion?.id ?? null,
    championFromLatest: champion?.fromLatest ?? false,
    latest,
    models,
    unreadable,
  };
}

export function showModel(outputDir: string, ref: string): ModelSummary {
  const { artifact, path } = loadArtifact(outputDir, ref);
  const { encoder, model } = loadModel(artifact);
  const description = model.describe();
  const evaluation = artifact.evaluation;
  const summary: ModelSummary = {
    id: artifact.id,
    kind: artifact.kind,
    createdAt: artifact.createdAt,
    dataset: artifact.dataset,
    path,
    champion: currentChampion(outputDir)?.id === artifact.id,
    latest: readPointer(outputDir, 'latest') === artifact.id,
    params: description.params,
    fit: description.fit,
    holdout: {
      strategy: evaluation.strategy,
      trainRows: evaluation.trainRows,
      testRows: evaluation.testRows,
      fraction: evaluation.fraction ?? null,
      seed: evaluation.seed ?? null,
      fingerprint: evaluation.holdoutFingerprint ?? null,
      metrics: Object.fromEntries(Object.entries(evaluation.metrics).map(([k, v]) => [k, finite(v)])),
    },
    features: { ...artifact.featureSpec, encodedColumns: encoder.featureNames.length },
    trainingSet: artifact.trainingSet,
    versions: artifact.versions,
  };
  if (artifact.leakage !== undefined) summary.leakage = artifact.leakage;
  return summary;
}

export async function promoteModel(config: ResolvedConfig, ref: string, options: PromoteOptions = {}): Promise<PromoteResult> {
  const progress = options.progress ?? silentProgress;
  const outputDir = config.output.dir;
  const challenger = loadArtifact(outputDir, ref).artifact;
  // A champion must be usable by the scorer: its saved encoder and model must load.
  loadModel(challenger);
  const current = currentChampion(outputDir);
  if (current?.id === challenger.id) {
    // Pin it: a registry whose champion was only "the latest model" keeps it when the next one trains.
    if (current.fromLatest) writePointer(outputDir, 'champion', challenger.id);
    return { champion: challenger.id, previous: challenger.id, changed: false, forced: false, comparison: null };
  }

  const comparison = await compareOnHoldout(config, challenger, current?.id ?? null, progress);
  const forced = comparison ? checkVerdict(comparison, config, options.force ?? false) : false;
  writePointer(outputDir, 'champion', challenger.id);
  progress.info(`model ${challenger.id} is now champion${forced ? ' (forced)' : ''}`);
  return { champion: challenger.id, previous: current?.id ?? null, changed: true, forced, comparison };
}

/** Throws when the challenger may not replace the champion; returns whether `force` overrode a refusal. */
function checkVerdict(comparison: PromoteComparison, config: ResolvedConfig, force: boolean): boolean {
  const { challenger, champion, holdout } = comparison;
  const on =
    comparison.basis === 'recorded-holdout'
      ? `the holdout both were evaluated on at training (${holdout.rows} leads)`
      : `model ${challenger.id}'s ${holdout.strategy} holdout of ${holdout.compared} leads from ${config.name}, both recipes refitted on the same training leads`;
  let refusal: LeadscoreError | null = null;
  if (challenger.auc === null || champion.auc === null) {
    const why = champion.problem ?? 'the holdout AUC is undefined (the holdout lacks one outcome)';
    refusal = new LeadscoreError('model', `cannot compare model ${challenger.id} with champion ${champion.id}: ${why}`, {
      hint: 'pass --force to promote it anyway',
    });
  } else if (challenger.auc < champion.auc) {
    refusal = new LeadscoreError(
      'model',
      `not promoting model ${challenger.id}: its AUC ${challenger.auc.toFixed(4)} is lower than champion ${champion.id}'s ${champion.auc.toFixed(4)}, on ${on}`,
      { expected: `an AUC of at least ${champion.auc.toFixed(4)}`, hint: 'pass --force to promote it anyway' },
    );
  }
  if (refusal && !force) throw refusal;
  return refusal !== null;
}

async function compareOnHoldout(
  config: ResolvedConfig,
  challenger: ModelArtifact,
  championId: string | null,
  progress: Progress,
): Promise<PromoteComparison | null> {
  return withWorkspace(config.output.dir, async (connection) => {
    const caveats: string[] = [];
    const rowsFor = trainingRowsLoader(connection, config, progress);

    // The challenger must fit this data: a spec mismatch stops here, force or not.
    const built = await rowsFor(challenger);
    if (built.labelRule !== challenger.trainingSet.labelRule) {
      caveats.push(`labels now follow "${built.labelRule}"; model ${challenger.id} was trained with "${challenger.trainingSet.labelRule}"`);
    }
    const split = rebuildHoldout(challenger, built.frame, config);
    if (split.splitFrom === 'config') {
      caveats.push(
        `model ${challenger.id} did not record its holdout fraction and seed; the holdout was rebuilt with the config's (${split.fraction}, seed ${split.seed})`,
      );
    }
    const holdout = takeFrameRows(built.frame, split.test);
    const recorded = challenger.evaluation.holdoutFingerprint;
    if (recorded !== undefined && recorded !== holdoutFingerprint(holdout.leadIds, holdout.label)) {
      caveats.push(`the rebuilt holdout is not the one model ${challenger.id} was evaluated on at training: the data changed since`);
    }
    const positives = labelsOf(holdout).reduce((s, v) => s + v, 0);
    const facts = { strategy: split.strategy, fraction: split.fraction, seed: split.seed, splitFrom: split.splitFrom, rows: holdout.rows, positives };
    if (championId === null) return null;

    let champion: ModelArtifact;
    try {
      champion = loadArtifact(config.output.dir, championId).artifact;
    } catch (error) {
      if (!(error instanceof LeadscoreError)) throw error;
      return unusableChampion(challenger.id, championId, `champion ${championId} cannot be read: ${error.message}`, facts, caveats);
    }
    if (sameRecordedHoldout(challenger, champion)) {
      return {
        basis: 'recorded-holdout',
        challenger: { id: challenger.id, auc: finite(challenger.evaluation.metrics.auc) },
        champion: { id: champion.id, auc: finite(champion.evaluation.metrics.auc), problem: null },
        holdout: { ...facts, compared: holdout.rows },
        caveats,
      };
    }

    let championFrame: FeatureFrame;
    try {
      championFrame = (await rowsFor(champion)).frame;
    } catch (error) {
      if (!(error instanceof LeadscoreError)) throw error;
      return unusableChampion(challenger.id, championId, `champion ${championId} cannot use this data: ${error.message}`, facts, caveats);
    }
    // The champion's rows for the challenger's train and test leads (its feature spec may label or exclude differently).
    const position = new Map(championFrame.leadIds.map((id, i) => [id, i]));
    const championTrain = rowsOf(position, split.train, built.frame.leadIds);
    const test: number[] = [];
    const championTest: number[] = [];
    split.test.forEach((row) => {
      const i = position.get(built.frame.leadIds[row]);
      if (i !== undefined) {
        test.push(row);
        championTest.push(i);
      }
    });
    if (test.length < holdout.rows) {
      caveats.push(
        `${holdout.rows - test.length} of the ${holdout.rows} holdout leads are not training rows under champion ${championId}'s feature spec; both models were scored on the other ${test.length}`,
      );
    }
    caveats.push(
      `both recipes were refitted on the challenger's training leads from ${config.name}: this judges champion ${championId}'s recipe on today's data, not its saved fit on the data it was trained on`,
    );
    const y = labelsOf(takeFrameRows(built.frame, test));
    const challengerAuc = await refitAuc(challenger, built.frame, split.train, test, y, progress);
    const championAuc = await refitAuc(champion, championFrame, championTrain, championTest, y, progress);
    return {
      basis: 'refit-holdout',
      challenger: { id: challenger.id, auc: challengerAuc },
      champion: { id: championId, auc: championAuc, problem: null },
      holdout: { ...facts, compared: test.length },
      caveats,
    };
  });
}

function unusableChampion(
  challengerId: string,
  championId: string,
  problem: string,
  facts: Omit<PromoteComparison['holdout'], 'compared'>,
  caveats: string[],
): PromoteComparison {
  return {
    basis: 'refit-holdout',
    challenger: { id: challengerId, auc: null },
    champion: { id: championId, auc: null, problem },
    holdout: { ...facts, compared: 0 },
    caveats,
  };
}

/** Positions in the frame indexed by `position` of the leads at `rows` of `leadIds`, skipping leads it lacks. */
function rowsOf(position: Map<string, number>, rows: ArrayLike<number>, leadIds: readonly string[]): Uint32Array {
  const out: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    const i = position.get(leadIds[rows[k]]);
    if (i !== undefined) out.push(i);
  }
  return Uint32Array.from(out);
}

/** Fits the artifact's recipe on `train` rows of `frame` and returns its AUC on `test` rows (labels `y`). */
async function refitAuc(
  artifact: ModelArtifact,
  frame: FeatureFrame,
  train: ArrayLike<number>,
  test: ArrayLike<number>,
  y: Uint8Array,
  progress: Progress,
): Promise<number | null> {
  const done = progress.stage(`refitting model ${artifact.id}'s recipe on ${train.length} leads`);
  const { encoder, model } = modelRecipe(artifact);
  const trainFrame = takeFrameRows(frame, train);
  encoder.fit(trainFrame);
  await model.fit(encoder.transform(trainFrame), labelsOf(trainFrame));
  const auc = y.length ? finite(rocAuc(y, predict(encoder, model, takeFrameRows(frame, test)))) : null;
  done(`AUC ${auc === null ? 'n/a' : auc.toFixed(4)} on ${y.length} holdout leads`);
  return auc;
}

/**
 * Training rows built with a model's own feature spec (which also checks the spec against the
 * data). Models sharing a spec share one build: the feature chain is the slow part.
 */
function trainingRowsLoader(connection: DuckDBConnection, config: ResolvedConfig, progress: Progress) {
  const built: Array<{ spec: FeatureSpec; frame: FeatureFrame; labelRule: string }> = [];
  return async (artifact: ModelArtifact) => {
    const known = built.find((b) => isDeepStrictEqual(b.spec, artifact.featureSpec));
    if (known) return known;
    progress.info(`rebuilding training rows with model ${artifact.id}'s features`);
    const tables = await buildFeatureTables(connection, config, {
      quarantinePath: join(config.output.dir, 'quarantine.csv'),
      progress,
      spec: artifact.featureSpec,
    });
    const frame = await readFeatureFrame(connection, featureRowsSql('training'), tables.features, { expectedRows: featureRowsCount(tables.labels, 'training') });
    const entry = { spec: artifact.featureSpec, frame, labelRule: tables.labels.labelRule };
    built.push(entry);
    return entry;
  };
}

/** The holdout rows exactly as trainModel split them: same strategy, fraction and seed. */
export function rebuildHoldout(artifact: ModelArtifact, frame: FeatureFrame, config: ResolvedConfig) {
  const { strategy, fraction: recordedFraction, seed: recordedSeed } = artifact.evaluation;
  if (strategy !== 'time' && strategy !== 'stratified') {
    throw new LeadscoreError('model', `model ${artifact.id} was evaluated on a "${strategy}" holdout, which promote cannot rebuild`, {
      received: strategy,
      expected: 'time or stratified',
    });
  }
  const fraction = recordedFraction ?? config.evaluation.holdout_fraction;
  const seed = recordedSeed ?? config.evaluation.seed;
  const splitFrom: 'artifact' | 'config' =
    recordedFraction !== undefined && (strategy === 'time' || recordedSeed !== undefined) ? 'artifact' : 'config';
  const split = strategy === 'time' ? timeHoldout(frame.createdAt, fraction) : stratifiedHoldout(labelsOf(frame), fraction, seed);
  return { strategy, fraction, seed, splitFrom, train: split.train, test: split.test } as const;
}

function labelsOf(frame: FeatureFrame): Uint8Array {
  return Uint8Array.from(frame.label, (v) => (v === 1 ? 1 : 0));
}

const scoringBatchRows = 65_536;

/** Probabilities of `frame`'s rows, encoded batch by batch so a large holdout keeps memory flat. */
function predict(encoder: FrameEncoder, model: LoadedEstimator, frame: FeatureFrame): Float64Array {
  const out = new Float64Array(frame.rows);
  let buffer: Float64Array | undefined;
  for (let start = 0; start < frame.rows; start += scoringBatchRows) {
    const X = encoder.transformRows(frame, start, Math.min(frame.rows, start + scoringBatchRows), buffer);
    buffer = X.data;
    out.set(model.predictProba(X), start);
  }
  return out;
}

