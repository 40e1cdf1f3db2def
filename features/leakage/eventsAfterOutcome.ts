/**
 * Check (c), for sources with events: engagement logged after a lead's outcome (onboarding
 * emails after a won deal, a closing call) describes the outcome, not the lead. Features that
 * count it leak unless the snapshot rule cuts each lead's events before its outcome, which
 * lead_labels.sql guarantees (snapshot_at is never after closed_at). The check shows how much
 * such engagement there is and confirms that the snapshot keeps it out: `info` when it does,
 * `high` for any event type where it does not.
 *
 * Runs on the feature workspace after the labels stage (tables `events` and `lead_labels`).
 */
import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { formatShare } from './formatShare.ts';
import { sortFindings, type LeakageFinding } from './leakageFinding.ts';

const template = readFileSync(new URL('./events_after_outcome.sql', import.meta.url), 'utf8');

/** The SQL of the check: one row per event type (see events_after_outcome.sql). */
export function eventsAfterOutcomeSql(): string {
  return template;
}

/** A finding per event type with events after their lead's outcome, most severe first. */
export async function checkEventsAfterOutcome(connection: DuckDBConnection): Promise<LeakageFinding[]> {
  const reader = await connection.runAndReadAll(eventsAfterOutcomeSql());
  const findings: LeakageFinding[] = [];
  for (const row of reader.getRowObjectsJS()) {
    const eventType = row.event_type === null ? null : String(row.event_type);
    const events = Number(row.events_count);
    const after = Number(row.after_outcome_count);
    const visible = Number(row.visible_after_outcome_count);
    const leads = Number(row.after_outcome_leads_count);
    if (after === 0) continue;
    const subject = eventType === null ? 'events without a type' : `events of type ${JSON.stringify(eventType)}`;
    const consequence =
      visible === 0
        ? 'none is on or before its lead\'s snapshot, so the snapshot rule already keeps them out of the features'
        : `${visible} of them are on or before their lead's snapshot and reach the features: the snapshot must precede the outcome`;
    findings.push({
      kind: 'event_after_outcome',
      feature: 'events',
      value: eventType,
      evidence: `${subject}: ${after} of ${events} (${formatShare(after / events)}) timestamped after their lead's outcome, across ${leads} leads; ${consequence}`,
      metrics: {
        events,
        after_outcome: after,
        share: after / events,
        visible_after_outcome: visible,
        leads,
      },
      severity: visible === 0 ? 'info' : 'high',
    });
  }
  return sortFindings(findings);
}
