/**
 * Feature stage 2, labels: builds table `lead_labels` (lead_labels.sql) from `leads` and
 * `outcomes`, and states the label and snapshot rules in words for the training-set metadata.
 */
import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal, numberLiteral, renderSql } from '../../core/sql.ts';

const template = readFileSync(new URL('./lead_labels.sql', import.meta.url), 'utf8');
const wideTemplate = readFileSync(new URL('./wide_labels.sql', import.meta.url), 'utf8');

export interface LabelOptions {
  /** Positive if won within this many days of created_at; null = at any time. */
  windowDays: number | null;
  /** "Now" for deciding whose window has elapsed. */
  asOf: Date;
  snapshotDays: number;
  outcomeBeforeSnapshot: 'clamp' | 'exclude';
  /** Status of a lead without an outcome row. */
  missingStatus: 'open' | 'lost';
}

export interface LabelSummary {
  leads: number;
  positives: number;
  negatives: number;
  unlabelled: number;
  excluded: number;
  open: number;
  outcomesBeforeSnapshot: number;
  /** Leads whose outcome is dated before the lead itself (CRM exports have them; they are kept). */
  closedBeforeCreated: number;
  /** The rules, in words, for the training-set metadata. */
  labelRule: string;
  snapshotRule: string;
}

const microsPerDay = 86_400_000_000;

function timestampLiteral(date: Date): string {
  return `timestamp ${literal(date.toISOString().replace('T', ' ').replace('Z', ''))}`;
}

/** The SQL that builds `lead_labels`, for reading and for tests. */
export function labelsSql(options: LabelOptions): string {
  const windowDesc = options.windowDays === null ? 'any time' : `${options.windowDays} days`;
  return renderSql(template, {
    window_desc: windowDesc,
    as_of: timestampLiteral(options.asOf),
    snapshot_days: numberLiteral(options.snapshotDays),
    outcome_rule: options.outcomeBeforeSnapshot,
    missing_status: literal(options.missingStatus),
    window_end_expr:
      options.windowDays === null
        ? 'cast(null as timestamp)'
        : `created_at + to_microseconds(cast(${numberLiteral(Math.round(options.windowDays * microsPerDay))} as bigint))`,
    snapshot_micros: numberLiteral(Math.round(options.snapshotDays * microsPerDay)),
    exclude_early: options.outcomeBeforeSnapshot === 'exclude' ? 'true' : 'false',
  });
}

export function describeLabelRule(options: LabelOptions): string {
  const window = options.windowDays === null ? 'at any time' : `within ${options.windowDays} days of created_at`;
  return (
    `positive if won ${window}; negative if lost, won later, or still open once the window had elapsed ` +
    `as of ${options.asOf.toISOString()}; leads without an outcome count as ${options.missingStatus}; ` +
    `open leads whose window has not elapsed are not training examples (they are scored)`
  );
}

export function describeSnapshotRule(options: LabelOptions): string {
  const early =
    options.outcomeBeforeSnapshot === 'clamp'
      ? 'a lead whose outcome came first is snapshotted one second before its outcome'
      : 'a lead whose outcome came first is excluded from training';
  return (
    `features describe each lead at created_at + ${options.snapshotDays} days (open leads: at most the as-of time), ` +
    `using only events at or before that moment; ${early}`
  );
}

export const wideLabelRule = 'the 0/1 label column of the leads table; rows without a label are scored, not trained on';
export const wideSnapshotRule = 'no dates: attributes are taken as they are in the file';

/**
 * Creates (or replaces) table `lead_labels` and summarises it. `options` null means a wide
 * source, whose labels are a column of `leads`.
 */
export async function buildLabels(connection: DuckDBConnection, options: LabelOptions | null): Promise<LabelSummary> {
  const sql = options ? labelsSql(options) : wideTemplate;
  await connection.run(`create or replace table lead_labels as ${sql}`);
  const reader = await connection.runAndReadAll(`
    select
        count(*)::integer as leads,
        count(*) filter (where is_training and label = 1)::integer as positives,
        count(*) filter (where is_training and label = 0)::integer as negatives,
        count(*) filter (where label is null)::integer as unlabelled,
        count(*) filter (where label is not null and not is_training)::integer as excluded,
        count(*) filter (where is_open)::integer as open,
        count(*) filter (where is_outcome_before_snapshot)::integer as outcomes_before_snapshot,
        count(*) filter (where closed_at < created_at)::integer as closed_before_created
    from lead_labels`);
  const row = reader.getRowObjectsJS()[0] as Record<string, number>;
  return {
    leads: row.leads,
    positives: row.positives,
    negatives: row.negatives,
    unlabelled: row.unlabelled,
    excluded: row.excluded,
    open: row.open,
    outcomesBeforeSnapshot: row.outcomes_before_snapshot,
    closedBeforeCreated: row.closed_before_created,
    labelRule: options ? describeLabelRule(options) : wideLabelRule,
    snapshotRule: options ? describeSnapshotRule(options) : wideSnapshotRule,
  };
}
