/** `leadscore features`: the feature chain, then the training set written as Arrow IPC. */
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sourceName, type CanonicalTable, type ResolvedConfig } from '../data/config.ts';
import { silentProgress, type Progress } from '../core/progress.ts';
import { readFeatureFrame } from '../features/frame/readFeatureFrame.ts';
import type { FeatureFrame } from '../features/frame/featureFrame.ts';
import { storeColumns, trainingDataFingerprint, type StoredColumns } from '../features/trainingSet/columnStorage.ts';
import { writeTrainingSet } from '../features/trainingSet/writeTrainingSet.ts';
import { buildFeatureTables, featureRowsCount, featureRowsSql, type FeatureTablesResult } from './featureTables.ts';
import { dataFingerprint, fileFingerprint } from './fingerprint.ts';
import { summarizeIngest, type IngestSummary } from './summaries.ts';
import { withWorkspace } from './withWorkspace.ts';
import { releaseWorkspaceMemory } from './workspace.ts';

export interface TrainingSetResult {
  trainingSet: { path: string; rows: number; positives: number; positiveRate: number; features: number; fingerprint: string };
  /** Open leads, to be scored. */
  scoringRows: number;
  labelRule: string;
  snapshotRule: string;
  ingest: IngestSummary;
}

export interface PreparedTrainingData {
  tables: FeatureTablesResult;
  frame: FeatureFrame;
  /** The frame's columns as the training-set file stores them (the fingerprint is taken on them). */
  stored: StoredColumns;
  metadata: TrainingSetMetadata;
}

export interface TrainingSetMetadata {
  dataset: string;
  labelRule: string;
  snapshotRule: string;
  asOf: string | null;
  sources: Record<string, { path: string; fingerprint: string }>;
  rows: { training: number; positives: number; negatives: number; open: number; excluded: number; rejected: number };
  fingerprint: string;
}

function metadataFor(config: ResolvedConfig, tables: FeatureTablesResult, frame: FeatureFrame, stored: StoredColumns): TrainingSetMetadata {
  const sources: TrainingSetMetadata['sources'] = {};
  for (const [name, source] of Object.entries(config.sources)) {
    if (!source) continue;
    // A PostgreSQL source has no file to fingerprint: its definition is recorded; the training-set fingerprint covers its rows.
    sources[name] =
      source.path !== undefined
        ? { path: source.path, fingerprint: fileFingerprint(source.path) }
        : { path: sourceName(name as CanonicalTable, source), fingerprint: dataFingerprint([JSON.stringify(source.postgres)]) };
  }
  const ingest = summarizeIngest(tables.ingest);
  return {
    dataset: config.name,
    labelRule: tables.labels.labelRule,
    snapshotRule: tables.labels.snapshotRule,
    asOf: tables.asOf?.toISOString() ?? null,
    sources,
    rows: {
      training: frame.rows,
      positives: tables.labels.positives,
      negatives: tables.labels.negatives,
      open: tables.labels.open,
      excluded: tables.labels.excluded,
      rejected: ingest.rowsRejected,
    },
    fingerprint: trainingDataFingerprint(frame, stored),
  };
}

/**
 * Builds the feature tables and reads the training rows; the caller owns the connection.
 * `releaseEvents` drops table `events` once the engagement features are built, for a caller that
 * needs nothing more from it: at 10M events that frees about half the workspace before the rows
 * are read. `keepIntegers` is readFeatureFrame's: for a caller that only writes the frame.
 */
export async function prepareTrainingData(
  connection: DuckDBConnection,
  config: ResolvedConfig,
  progress: Progress,
  options: { releaseEvents?: boolean; keepIntegers?: boolean } = {},
): Promise<PreparedTrainingData> {
  const tables = await buildFeatureTables(connection, config, { quarantinePath: join(config.output.dir, 'quarantine.csv'), progress });
  if (options.releaseEvents) await connection.run('drop table events');
  const done = progress.stage('reading training rows');
  const frame = await readFeatureFrame(connection, featureRowsSql('training'), tables.features, {
    expectedRows: featureRowsCount(tables.labels, 'training'),
    keepIntegers: options.keepIntegers,
  });
  done(`${frame.rows} rows`);
  const stored = storeColumns(frame);
  return { tables, frame, stored, metadata: metadataFor(config, tables, frame, stored) };
}

/**
 * DuckDB's share of memory while building a training set. Higher than the workspace default (1 GB,
 * sized for `train` and `score`, which keep the events and hold a frame and a model besides): here
 * the events are released before the rows are read, so the frame never sits next to them. At 1M
 * leads and 10M events the default made the engagement stage spill about 150 MB to disk; with
 * this the run's peak RSS measured about 1.5 GB.
 */
const trainingSetMemoryLimit = '1400MB';

export async function buildTrainingSet(config: ResolvedConfig, options: { progress?: Progress } = {}): Promise<TrainingSetResult> {
  const progress = options.progress ?? silentProgress;
  const build = async (connection: DuckDBConnection): Promise<TrainingSetResult> => {
    const { tables, frame, stored, metadata } = await prepareTrainingData(connection, config, progress, { releaseEvents: true, keepIntegers: true });
    // The workspace has given all it has: DuckDB frees it while the file is written.
    const released = releaseWorkspaceMemory(connection);
    const path = join(config.output.dir, 'training-set.arrow');
    const done = progress.stage('writing training set');
    try {
      await writeTrainingSet(path, frame, metadata as unknown as Record<string, unknown>, stored);
    } finally {
      // Never close the workspace under a running statement. A failure to free scratch tables
      // that are about to be closed anyway changes nothing for the run.
      await released.catch(() => undefined);
    }
    done(path);
    const positives = tables.labels.positives;
    return {
      trainingSet: {
        path,
        rows: frame.rows,
        positives,
        positiveRate: frame.rows ? positives / frame.rows : 0,
        features: frame.columns.length,
        fingerprint: metadata.fingerprint,
      },
      scoringRows: tables.labels.open,
      labelRule: metadata.labelRule,
      snapshotRule: metadata.snapshotRule,
      ingest: summarizeIngest(tables.ingest),
    };
  };
  return withWorkspace(config.output.dir, build, { memoryLimit: trainingSetMemoryLimit });
}
