/**
 * A small CRM for the ROI report's tests, small enough to compute every expected number by hand
 * (roiReport.test.ts does, in its comments and literals), plus filler leads so a model can be
 * trained on it. The filler leads are created in 2023 in channel "filler" and sit outside the
 * test period (2024-01-01 to 2024-02-29); their won deals have no amount, so they change neither
 * the period's numbers nor any expected deal amount.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig, type ResolvedConfig } from '../../../../data/config.ts';
import type { PredictionBatch } from '../../../../pipelines/warehouse/predictions.ts';
import { openWarehouse } from '../../../../pipelines/warehouse/warehouse.ts';

/** lead_id, created_at, channel, campaign, tier, status, closed_at, amount */
type Lead = [string, string, string, string, string, 'won' | 'lost' | 'open', string, string];

export const fixtureLeads: Lead[] = [
  ['a1', '2024-01-05', 'ads', 'brand', 'A', 'won', '2024-01-15', '1000'],
  ['a2', '2024-01-20', 'ads', 'brand', 'B', 'won', '2024-02-09', '3000'],
  ['a3', '2024-02-03', 'ads', 'generic', 'A', 'lost', '2024-02-20', ''],
  ['a4', '2024-02-10', 'ads', 'generic', 'B', 'open', '', ''],
  ['a5', '2024-02-25', 'ads', 'generic', 'A', 'open', '', ''],
  ['e1', '2024-01-08', 'email', 'news', 'A', 'won', '2024-01-12', '500'],
  ['e2', '2024-01-30', 'email', 'news', 'B', 'lost', '2024-02-15', ''],
  ['e3', '2024-02-14', 'email', 'news', 'B', 'open', '', ''],
  ['o1', '2024-01-03', 'organic', '', 'A', 'won', '2024-03-03', '2000'],
  ['o2', '2024-02-20', 'organic', '', 'B', 'open', '', ''],
  ['n1', '2024-01-15', '', '', 'B', 'lost', '2024-01-30', ''],
  // Outside the period, inside "all history" for expected deal amounts.
  ['x1', '2023-12-20', 'ads', 'brand', 'A', 'won', '2024-01-05', '5000'],
  ['x2', '2024-03-10', 'email', 'news', 'A', 'won', '2024-03-20', '700'],
  ['x3', '2023-11-02', 'ads', 'brand', 'B', 'won', '2023-11-20', '2000'],
  ['x4', '2023-11-09', 'ads', 'brand', 'B', 'won', '2023-11-30', '4000'],
  ['x5', '2023-11-16', 'ads', 'generic', 'A', 'won', '2023-12-01', '6000'],
];

/** Filler leads for the model: 2023-01 to 2023-06, channel filler, half won without an amount. */
function fillerLeads(): Lead[] {
  return Array.from({ length: 60 }, (_, i) => {
    const created = `2023-0${1 + (i % 6)}-${String(1 + (i % 27)).padStart(2, '0')}`;
    const won = i % 3 !== 0;
    const tier = i % 4 === 0 ? 'A' : 'B';
    return [`f${i}`, created, 'filler', 'filler_campaign', tier, won ? 'won' : 'lost', created.replace(/-\d\d$/, '-28'), ''] as Lead;
  });
}

export const fixtureCosts = [
  ['ads', '2023-12', '500'],
  ['ads', '2024-01', '310'],
  ['ads', '2024-02', '290'],
  ['ads', '2024-03', '310'],
  ['email', '2024-01', '0'],
  ['email', '2024-02', '0'],
  ['webinar', '2024-02', '100'],
];

/** The rule file: tier A gives 60 of 100 points, and 50 makes an MQL, so the MQLs are the tier A leads. */
const ruleFile = `name: tier-rule
limits: { total: 100 }
fit:
  - id: tier
    attribute: tier
    options:
      - { equals: A, points: 60 }
mql: { min_score: 50 }
`;

export interface Fixture {
  dir: string;
  config: ResolvedConfig;
}

/** Writes the fixture's files to a fresh temp folder; `overrides` change the config. */
export function writeRoiFixture(overrides: Record<string, unknown> = {}, options: { rules?: boolean; costs?: boolean } = {}): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'leadscore-roi-'));
  const leads = [...fixtureLeads, ...fillerLeads()];
  writeFileSync(join(dir, 'leads.csv'), ['lead_id,created_at,channel,campaign,tier', ...leads.map((l) => l.slice(0, 5).join(','))].join('\n') + '\n');
  writeFileSync(
    join(dir, 'outcomes.csv'),
    ['lead_id,status,closed_at,amount', ...leads.filter((l) => l[5] !== 'open').map((l) => [l[0], l[5], l[6], l[7]].join(','))].join('\n') + '\n',
  );
  writeFileSync(join(dir, 'costs.csv'), ['channel,month,cost', ...fixtureCosts.map((c) => c.join(','))].join('\n') + '\n');
  writeFileSync(join(dir, 'rules.yaml'), ruleFile);
  const raw = {
    name: 'roi-fixture',
    sources: {
      leads: { path: 'leads.csv', attributes: { categorical: ['tier'] } },
      outcomes: { path: 'outcomes.csv' },
      ...(options.costs === false ? {} : { channel_costs: { path: 'costs.csv' } }),
    },
    label: { window_days: null, as_of: '2024-03-31' },
    snapshot: { days_after_created: 0, outcome_before_snapshot: 'clamp' },
    features: { min_category_count: 1 },
    evaluation: { strategy: 'stratified' },
    ...(options.rules === false ? {} : { rules: 'rules.yaml' }),
    output: { dir: 'out' },
    ...overrides,
  };
  return { dir, config: resolveConfig(raw, join(dir, 'config.yaml'), dir) };
}

/** Hand-chosen probabilities of the fixture's open leads. */
export const openProbabilities: Record<string, number> = { a4: 0.2, a5: 0.6, e3: 0.5, o2: 0.1 };

/** Writes predictions as `score` would, through the config's warehouse (DuckDB or PostgreSQL). */
export async function writePredictions(fixture: Fixture, modelId: string, probabilities: Record<string, number>): Promise<void> {
  const leadIds = Object.keys(probabilities);
  const probability = Float64Array.from(leadIds, (id) => probabilities[id]);
  const batch: PredictionBatch = {
    leadIds,
    probability,
    blendedScore: probability.map((p) => 100 * p),
    temperature: leadIds.map(() => 'cold' as const),
    topReasons: leadIds.map(() => '[]'),
    rules: null,
  };
  const warehouse = await openWarehouse(fixture.config);
  try {
    await warehouse.writePredictions(fixture.config.output.predictions_table, batch, { runId: `run-${modelId}-${leadIds.join('')}`, modelId, scoredAt: new Date('2024-03-31T12:00:00Z') });
  } finally {
    await warehouse.close();
  }
}
