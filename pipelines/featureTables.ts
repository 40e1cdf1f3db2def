/**
 * The feature chain, in order: ingest and validate → labels → point-in-time engagement →
 * lead_features. Each stage is one module under features/; this file only sequences them and
 * decides the feature spec (from the data at training time, from the model at scoring time).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { sourceName, type ResolvedConfig } from '../data/config.ts';
import { LeadscoreError } from '../core/errors.ts';
import { silentProgress, type Progress } from '../core/progress.ts';
import { ident } from '../core/sql.ts';
import { ingest, type IngestResult } from '../features/ingest/ingest.ts';
import { buildLabels, type LabelOptions, type LabelSummary } from '../features/labels/labels.ts';
import { buildEngagement, engagementColumns, listEventTypes } from '../features/engagement/engagement.ts';
import { buildLeadFeatures, type FeatureColumn } from '../features/featureTable/leadFeatures.ts';
import type { FeatureSpec } from '../features/featureSpec.ts';

export interface FeatureTablesResult {
  ingest: IngestResult;
  labels: LabelSummary;
  spec: FeatureSpec;
  /** Feature columns of table lead_features, in order. */
  features: FeatureColumn[];
  asOf: Date | null;
}

export interface FeatureTablesOptions {
  quarantinePath: string;
  progress?: Progress;
  /** At scoring time: the spec the model was trained with. */
  spec?: FeatureSpec;
}

/** Label options from the config; at scoring time the snapshot rule comes from the model's spec. */
function labelOptions(config: ResolvedConfig, asOf: Date, spec?: FeatureSpec): LabelOptions {
  return {
    windowDays: config.label.window_days,
    asOf,
    snapshotDays: spec?.snapshotDays ?? config.snapshot.days_after_created,
    outcomeBeforeSnapshot: spec?.outcomeBeforeSnapshot ?? config.snapshot.outcome_before_snapshot,
    missingStatus: config.sources.outcomes?.missing_status ?? 'open',
  };
}

function parseAsOf(value: string | undefined, fallback: Date | null): Date | null {
  if (value === undefined) return fallback;
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) {
    throw new LeadscoreError('config', `label.as_of: "${value}" is not a date`, { expected: 'an ISO date such as 2024-06-30' });
  }
  return date;
}

/** Lead columns worth using as features: channel and campaign when filled, then attributes. */
async function deriveLeadColumns(connection: DuckDBConnection, result: IngestResult): Promise<FeatureColumn[]> {
  const reader = await connection.runAndReadAll(
    'select count(channel)::integer as channel, count(campaign)::integer as campaign from leads',
  );
  const filled = reader.getRowObjectsJS()[0] as { channel: number; campaign: number };
  const columns: FeatureColumn[] = [];
  if (filled.channel > 0) columns.push({ name: 'channel', kind: 'categorical' });
  if (filled.campaign > 0) columns.push({ name: 'campaign', kind: 'categorical' });
  return [...columns, ...result.attributes.map((a) => ({ name: a.name, kind: a.kind }))];
}

/** Scoring data must carry every lead column the model was trained on, with the same kind. */
async function checkSpecAgainstData(connection: DuckDBConnection, spec: FeatureSpec, config: ResolvedConfig): Promise<void> {
  const reader = await connection.runAndReadAll(
    `select column_name, data_type from information_schema.columns where table_name = 'leads'`,
  );
  const types = new Map(reader.getRowObjectsJS().map((r) => [String(r.column_name), String(r.data_type)]));
  const problems: string[] = [];
  for (const column of spec.leadColumns) {
    const type = types.get(column.name);
    if (type === undefined) problems.push(`column "${column.name}" is missing`);
    else if (column.kind === 'numeric' && type !== 'DOUBLE') problems.push(`column "${column.name}" was numeric at training, is ${type} now`);
  }
  if (problems.length) {
    throw new LeadscoreError('model', `the model's features do not match ${sourceName('leads', config.sources.leads)}: ${problems.join('; ')}`, {
      hint: 'score with data shaped like the training data, or retrain the model on this data',
    });
  }
}

export async function buildFeatureTables(
  connection: DuckDBConnection,
  config: ResolvedConfig,
  options: FeatureTablesOptions,
): Promise<FeatureTablesResult> {
  const progress = options.progress ?? silentProgress;

  let done = progress.stage('ingest and validate');
  const ingested = await ingest(connection, config, { quarantinePath: options.quarantinePath, progress });
  const rejected = Object.values(ingested.tables).reduce((sum, t) => sum + (t?.rejected ?? 0), 0);
  done(`${ingested.tables.leads.accepted} leads accepted, ${rejected} rows rejected`);
  for (const warning of ingested.warnings) progress.warn(warning);

  const asOf = config.wide ? null : parseAsOf(config.label.as_of, ingested.maxTimestamp ? new Date(ingested.maxTimestamp) : null);
  done = progress.stage('labels');
  const labels = await buildLabels(connection, config.wide || !asOf ? null : labelOptions(config, asOf, options.spec));
  done(`${labels.positives} positive, ${labels.negatives} negative, ${labels.unlabelled} open and unlabelled, ${labels.excluded} excluded`);
  if (labels.closedBeforeCreated > 0 && config.sources.outcomes) {
    // Kept on purpose: CRM exports do have deals closed before the lead record was created.
    // Counted on lead_labels, which pairs every lead with its outcome anyway (a join of its own at
    // ingest cost 0.15 s at 1M leads); a fact about the input files, so reported with ingest's warnings.
    const outcomes = sourceName('outcomes', config.sources.outcomes);
    const warning = `${outcomes}: ${labels.closedBeforeCreated} outcome(s) closed before their lead's created_at (kept)`;
    progress.warn(warning);
    ingested.warnings.push(warning);
  }

  let spec = options.spec;
  if (spec) {
    await checkSpecAgainstData(connection, spec, config);
  } else {
    const hasEvents = ingested.hasEvents;
    spec = {
      leadColumns: await deriveLeadColumns(connection, ingested),
      calendarParts: config.wide ? [] : config.features.created_at_parts,
      eventTypes: hasEvents ? await listEventTypes(connection) : [],
      windowsDays: config.features.windows_days,
      decayHalfLifeDays: config.features.decay_half_life_days,
      hasEvents,
      snapshotDays: config.snapshot.days_after_created,
      outcomeBeforeSnapshot: config.snapshot.outcome_before_snapshot,
    };
  }

  let engagement: string[] = [];
  if (spec.hasEvents) {
    done = progress.stage('point-in-time engagement features');
    const engagementOptions = {
      eventTypes: spec.eventTypes,
      windowsDays: spec.windowsDays,
      decayHalfLifeDays: spec.decayHalfLifeDays,
    };
    await buildEngagement(connection, engagementOptions);
    engagement = engagementColumns(engagementOptions);
    done(`${spec.eventTypes.length} event types × ${spec.windowsDays.length} windows`);
  }

  done = progress.stage('feature table');
  const features = await buildLeadFeatures(connection, {
    leadColumns: spec.leadColumns,
    calendarParts: spec.calendarParts,
    engagementColumns: engagement,
  });
  done(`${features.length} features`);
  return { ingest: ingested, labels, spec, features, asOf };
}

/** SQL selecting lead_features rows for training or for scoring. */
export function featureRowsSql(which: 'training' | 'open'): string {
  return `select * from lead_features where ${which === 'training' ? 'is_training' : 'is_open'} order by ${ident('lead_id')}`;
}

/** How many rows featureRowsSql(which) returns, from the labels' counts: readFeatureFrame's `expectedRows`. */
export function featureRowsCount(labels: LabelSummary, which: 'training' | 'open'): number {
  return which === 'training' ? labels.positives + labels.negatives : labels.open;
}
