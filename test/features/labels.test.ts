import { describe, expect, it } from 'vitest';
import { buildLabels, type LabelOptions } from '../../features/labels/labels.ts';
import { canonicalTables, memoryConnection, rows } from '../helpers/duckdb.ts';

const base: LabelOptions = {
  windowDays: 90,
  asOf: new Date('2024-12-31T00:00:00Z'),
  snapshotDays: 7,
  outcomeBeforeSnapshot: 'exclude',
  missingStatus: 'open',
};

async function labelled(options: LabelOptions) {
  const c = await memoryConnection();
  await canonicalTables(c, {
    leads: `
      ('won_in_window', '2024-01-01', 'web', null, null, 'saas'),
      ('won_late',      '2024-01-01', 'web', null, null, 'saas'),
      ('lost',          '2024-01-01', 'web', null, null, 'saas'),
      ('open_elapsed',  '2024-01-01', 'web', null, null, 'saas'),
      ('open_recent',   '2024-12-20', 'web', null, null, 'saas'),
      ('no_outcome',    '2024-12-20', 'web', null, null, 'saas'),
      ('won_early',     '2024-01-01', 'web', null, null, 'saas')`,
    outcomes: `
      ('won_in_window', 'won',  '2024-02-15', 100),
      ('won_late',      'won',  '2024-06-01', 100),
      ('lost',          'lost', '2024-03-01', null),
      ('open_elapsed',  'open', null, null),
      ('open_recent',   'open', null, null),
      ('won_early',     'won',  '2024-01-03', 100)`,
  });
  const summary = await buildLabels(c, options);
  const table = await rows(c, 'select * from lead_labels order by lead_id');
  const byId = Object.fromEntries(table.map((r) => [r.lead_id, r]));
  return { summary, byId, c };
}

describe('labels stage', () => {
  it('labels by the won-within-window rule and leaves recent open leads unlabelled', async () => {
    const { byId, summary } = await labelled(base);
    expect(byId.won_in_window.label).toBe(1);
    expect(byId.won_late.label).toBe(0);
    expect(byId.lost.label).toBe(0);
    expect(byId.open_elapsed.label).toBe(0);
    expect(byId.open_recent.label).toBeNull();
    expect(byId.open_recent.is_training).toBe(false);
    expect(byId.open_recent.is_open).toBe(true);
    expect(byId.no_outcome.status).toBe('open');
    expect(summary.labelRule).toContain('within 90 days');
    expect(summary.unlabelled).toBe(2);
  });

  it('treats leads without an outcome as lost when configured', async () => {
    const { byId } = await labelled({ ...base, missingStatus: 'lost' });
    expect(byId.no_outcome.status).toBe('lost');
    expect(byId.no_outcome.label).toBe(0);
  });

  it('counts a win at any time when the window is null', async () => {
    const { byId } = await labelled({ ...base, windowDays: null });
    expect(byId.won_late.label).toBe(1);
    expect(byId.open_elapsed.label).toBeNull();
  });

  it('excludes a lead whose outcome came before its snapshot, or clamps its snapshot', async () => {
    const excluded = await labelled(base);
    expect(excluded.byId.won_early.is_training).toBe(false);
    expect(excluded.byId.won_early.exclusion_reason).toMatch(/outcome before snapshot/);
    expect(excluded.summary.excluded).toBe(1);

    const clamped = await labelled({ ...base, outcomeBeforeSnapshot: 'clamp' });
    expect(clamped.byId.won_early.is_training).toBe(true);
    expect(clamped.byId.won_early.snapshot_at).toEqual(new Date('2024-01-02T23:59:59Z'));
    expect(clamped.byId.won_in_window.snapshot_at).toEqual(new Date('2024-01-08T00:00:00Z'));
  });

  it('counts outcomes dated before their lead, which stay', async () => {
    const { summary, c } = await labelled(base);
    expect(summary.closedBeforeCreated).toBe(0);
    await c.run(`insert into leads (lead_id, created_at) values ('closed_first', '2024-03-10')`);
    await c.run(`insert into outcomes values ('closed_first', 'lost', '2024-03-01', null)`);
    const again = await buildLabels(c, base);
    expect(again.closedBeforeCreated).toBe(1);
    expect(again.leads).toBe(summary.leads + 1);
  });

  it('never snapshots an open lead after the as-of time', async () => {
    const { byId } = await labelled({ ...base, asOf: new Date('2024-12-22T00:00:00Z') });
    expect(byId.open_recent.snapshot_at).toEqual(new Date('2024-12-22T00:00:00Z'));
  });

  it('takes labels from the leads table for a wide source', async () => {
    const c = await memoryConnection();
    await canonicalTables(c, {
      leads: `('a', null, null, null, 1, 'x'), ('b', null, null, null, 0, 'x'), ('c', null, null, null, null, 'x')`,
    });
    const summary = await buildLabels(c, null);
    expect(summary).toMatchObject({ positives: 1, negatives: 1, unlabelled: 1, open: 1 });
  });
});
