import { describe, expect, it } from 'vitest';
import type { IngestResult } from '../../features/ingest/ingest.ts';
import { prepareRuleInputs, scoreLeadsByRules } from '../../pipelines/ruleStage.ts';
import { memoryConnection } from '../helpers/duckdb.ts';
import { rulesOf } from '../models/rules/rulesFixture.ts';

// Attribute names that are also rule_leads' own column names must not get in the way.
const ingest = {
  attributes: [
    { name: 'job_title', kind: 'categorical' },
    { name: 'scored_at', kind: 'numeric' },
    { name: 'outcome_code', kind: 'categorical' },
  ],
} as IngestResult;

const rules = rulesOf(`
name: stage
limits: { total: 100, fit: 50, engagement: 50 }
fit:
  - { id: title, attribute: job_title, pattern: '^vp', points: 20 }
  - { id: size, attribute: scored_at, range: { min: 100 }, points: 10 }
  - { id: code, attribute: outcome_code, equals: x, points: 5 }
engagement:
  - { id: forms, event_type: form_submit, points: 10, window_days: 30 }
  - { id: demo, event_type: demo_request, points: 40, window_days: 30, points_lost_per_week_inactive: 5 }
`);

/** Leads stored out of id order; c is lost, d won; snapshots 10 days apart. */
async function tables() {
  const c = await memoryConnection();
  await c.run(`create table leads as select * from (values
    ('d', 'VP Sales', 300.0, 'x'), ('b', 'Manager', 50.0, 'y'), ('a', 'VP Marketing', 150.0, null), ('c', 'vp ops', null, 'x')
  ) as t(lead_id, job_title, scored_at, outcome_code)`);
  await c.run(`create table lead_labels as select lead_id, status, status = 'open' as is_open, lead_id in ('a', 'b', 'c') as is_training,
      timestamp '2024-02-01' + to_days(10 * (ascii(lead_id) - ascii('a'))) as snapshot_at
    from (values ('a', 'open'), ('b', 'open'), ('c', 'lost'), ('d', 'won')) as t(lead_id, status)`);
  await c.run(`create table events as select lead_id, occurred_at::timestamp as occurred_at, event_type, null::double as value from (values
    ('a', '2024-01-25', 'form_submit'), ('a', '2024-02-05', 'demo_request'), ('b', '2024-02-20', 'form_submit'),
    ('c', '2024-02-15', 'demo_request'), ('d', '2024-02-28', 'form_submit'), ('x', '2024-02-28', 'page_view')
  ) as t(lead_id, occurred_at, event_type)`);
  return c;
}

describe('prepareRuleInputs and scoreLeadsByRules', () => {
  it('scores open leads (lost ones too, as recycled) in lead id order, as of the scoring time', async () => {
    const c = await tables();
    const asOf = new Date('2024-03-01T00:00:00Z');
    const open = await scoreLeadsByRules(c, rules, ingest, { kind: 'open', asOf });
    expect(open.leadIds).toEqual(['a', 'b']);
    // a: VP 20 + size 150 → 10; form 35 days old is outside the window; demo 25 days old, 3 full
    // weeks since a's last event: 40 − 15. b: only its form.
    expect(Array.from(open.fitPoints)).toEqual([30, 0]);
    expect(Array.from(open.engagementPoints)).toEqual([25, 10]);
    expect(open.explain(0).find((line) => line.id === 'demo')?.detail).toContain('3 full weeks');

    const withLost = await scoreLeadsByRules(c, rules, ingest, { kind: 'open', asOf, includeLost: true });
    expect(withLost.leadIds).toEqual(['a', 'b', 'c']);
    expect(Array.from(withLost.fitPoints)).toEqual([30, 0, 25]); // c: vp 20, no size, code x 5
    expect(withLost.labelColumns().status[2]).toBe('recycled');

    const inputs = await prepareRuleInputs(c, rules, ingest, { kind: 'open', asOf, includeLost: true });
    expect(inputs.context.outcomeStatus).toEqual(['open', 'open', 'lost']);
    expect(inputs.frame.columns.map((column) => column.name)).toEqual(['job_title', 'scored_at', 'outcome_code']);
    // Its work tables are gone: the workspace's memory goes to the stages after.
    const left = await c.runAndReadAll(`select count(*)::integer from duckdb_tables() where table_name in ('rule_leads', 'rule_engagement')`);
    expect(left.getRowsJS()[0][0]).toBe(0);
  });

  it('scores training leads each at its own snapshot, without outcome statuses', async () => {
    const c = await tables();
    const training = await prepareRuleInputs(c, rules, ingest, { kind: 'training' });
    expect(training.frame.leadIds).toEqual(['a', 'b', 'c']);
    expect(training.context).toEqual({});
    // Snapshots: a Feb 1 (its form 7 days before counts, its demo after does not), b Feb 11 (its
    // form comes later), c Feb 21 (demo 6 days before).
    const scores = await scoreLeadsByRules(c, rules, ingest, { kind: 'training' });
    expect(Array.from(scores.engagementPoints)).toEqual([10, 0, 40]);
    const all = await scoreLeadsByRules(c, rules, ingest, { kind: 'all' });
    expect(all.leadIds).toEqual(['a', 'b', 'c', 'd']);
    expect(Array.from(all.engagementPoints)).toEqual([10, 0, 40, 10]); // d at Mar 2: its form of Feb 28
  });

  it('names an event type the data lacks, with the data’s event types', async () => {
    const c = await tables();
    const typo = rulesOf(`
name: typo
engagement:
  - { id: forms, event_type: form_submitted, points: 10 }
`);
    await expect(prepareRuleInputs(c, typo, ingest, { kind: 'training' })).rejects.toThrow(
      /event type "form_submitted" is not in the data \(did you mean "form_submit"\? event types: .*demo_request/,
    );
  });
});
