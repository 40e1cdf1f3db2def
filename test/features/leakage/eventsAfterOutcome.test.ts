import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkEventsAfterOutcome, eventsAfterOutcomeSql } from '../../../features/leakage/eventsAfterOutcome.ts';
import { buildLabels } from '../../../features/labels/labels.ts';
import { canonicalTables, memoryConnection, rows } from '../../helpers/duckdb.ts';

/**
 * L1 won on Jan 20 and got onboarding emails after; L2 lost on Jan 3, two days after creation,
 * with an email opened on Jan 5, before its nominal 7-day snapshot (so the clamp rule moves its
 * snapshot to before the outcome); L3 is open and not a training lead.
 */
async function crm(connection: DuckDBConnection): Promise<void> {
  await canonicalTables(connection, {
    leads: `('L1', '2024-01-01', 'ads', null, null, null), ('L2', '2024-01-01', 'ads', null, null, null), ('L3', '2024-03-01', 'ads', null, null, null)`,
    outcomes: `('L1', 'won', '2024-01-20', 100), ('L2', 'lost', '2024-01-03', null)`,
    events: [
      `('L1', '2024-01-02', 'email_open', null)`,
      `('L1', '2024-01-21', 'onboarding_email', null)`,
      `('L1', '2024-01-25', 'onboarding_email', null)`,
      `('L2', '2024-01-02', 'email_open', null)`,
      `('L2', '2024-01-05', 'email_open', null)`,
      `('L3', '2024-03-02', 'onboarding_email', null)`,
    ].join(', '),
  });
  await buildLabels(connection, {
    windowDays: null,
    asOf: new Date('2024-06-30T00:00:00Z'),
    snapshotDays: 7,
    outcomeBeforeSnapshot: 'clamp',
    missingStatus: 'open',
  });
}

describe('checkEventsAfterOutcome', () => {
  let connection: DuckDBConnection;
  beforeEach(async () => {
    connection = await memoryConnection();
    await crm(connection);
  });

  it('counts events after the outcome per type; info when the snapshot rule already excludes them', async () => {
    expect(await rows(connection, eventsAfterOutcomeSql())).toEqual([
      { event_type: 'email_open', events_count: 3n, after_outcome_count: 1n, visible_after_outcome_count: 0n, after_outcome_leads_count: 1n },
      { event_type: 'onboarding_email', events_count: 2n, after_outcome_count: 2n, visible_after_outcome_count: 0n, after_outcome_leads_count: 1n },
    ]);
    const findings = await checkEventsAfterOutcome(connection);
    expect(findings.map((f) => [f.kind, f.value, f.severity])).toEqual([
      ['event_after_outcome', 'email_open', 'info'],
      ['event_after_outcome', 'onboarding_email', 'info'],
    ]);
    expect(findings[1].evidence).toBe(
      'events of type "onboarding_email": 2 of 2 (100.0%) timestamped after their lead\'s outcome, across 1 leads; ' +
        "none is on or before its lead's snapshot, so the snapshot rule already keeps them out of the features",
    );
    expect(findings[0].metrics).toEqual({ events: 3, after_outcome: 1, share: 1 / 3, visible_after_outcome: 0, leads: 1 });
  });

  it('is high when snapshots come after the outcome and the events reach the features', async () => {
    await connection.run(`create or replace table lead_labels as select * replace (closed_at + interval 30 day as snapshot_at) from lead_labels`);
    const findings = await checkEventsAfterOutcome(connection);
    expect(findings.map((f) => [f.value, f.severity, f.metrics.visible_after_outcome])).toEqual([
      ['email_open', 'high', 1],
      ['onboarding_email', 'high', 2],
    ]);
    expect(findings[0].evidence).toMatch(/1 of them are on or before their lead's snapshot and reach the features/);
  });

  it('finds nothing without outcome dates (a wide source) or without events', async () => {
    await connection.run(`create or replace table lead_labels as select * replace (cast(null as timestamp) as closed_at) from lead_labels`);
    expect(await checkEventsAfterOutcome(connection)).toEqual([]);
    await connection.run('delete from events');
    expect(await checkEventsAfterOutcome(connection)).toEqual([]);
  });
});
