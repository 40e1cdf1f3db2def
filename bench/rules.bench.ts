/**
 * Rule scoring throughput on a synthetic frame shaped like the sample CRM: 6 fit rules over
 * categorical and numeric attributes, 2 disqualifiers and 4 engagement rules in 2 groups (12
 * rules), leads with ~2 fired engagement rules each. Measures `RuleScorer.score` (the fit rules
 * column-wise plus the fold through limits, grades, bands, temperature and status) and, unless
 * `sql=0`, the engagement SQL on synthetic events (~8 per lead) in an in-memory DuckDB.
 * Run: node bin/run-ts.js bench/rules.bench.ts [rows=1000000] [repeats=5] [sql=1]
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { parse as parseYaml } from 'yaml';
import { EVENT_TYPES, INDUSTRIES, JOB_TITLES, COUNTRIES, CHANNELS } from '../data/generator/catalog.ts';
import type { FeatureFrame, FrameColumn } from '../features/frame/featureFrame.ts';
import { EngagementPointsBuilder } from '../models/rules/engagementPoints.ts';
import { parseRules } from '../models/rules/parseRules.ts';
import { readEngagementPoints } from '../models/rules/readEngagementPoints.ts';
import { buildRuleEngagement } from '../models/rules/ruleEngagementSql.ts';
import { RuleScorer } from '../models/rules/RuleScorer.ts';
import { numberLiteral } from '../core/sql.ts';
import { seededRandom } from '../core/random.ts';

const rows = Number(process.argv[2] ?? 1_000_000);
const repeats = Number(process.argv[3] ?? 5);
const withSql = (process.argv[4] ?? '1') !== '0';

const ruleSet = parseRules(
  parseYaml(`
name: bench
limits: { total: 100, fit: 50, engagement: 60 }
groups: { web: { limit: 30 }, email: { limit: 20 } }
fit:
  - id: title
    attribute: job_title
    options:
      - { pattern: '^(ceo|cfo|cmo|founder|vp\\b)', points: 12 }
      - { pattern: '^(director|head of)\\b', points: 9 }
      - { pattern: '\\bmanager$', points: 6 }
      - { equals: Student, points: -6 }
      - { missing: true, points: -2 }
  - { id: department, attribute: department, options: [{ in: [marketing, sales], points: 8 }, { equals: other, points: -4 }] }
  - { id: industry, attribute: industry, options: [{ in: [software, financial_services], points: 10 }, { in: [education, nonprofit], points: -5 }] }
  - id: size
    attribute: company_size
    options:
      - { range: { min: 200 }, points: 12 }
      - { range: { min: 50, max: 200 }, points: 8 }
      - { range: { min: 10, max: 50 }, points: 4 }
  - { id: country, attribute: country, in: [US, GB, CA, DE], points: 4 }
  - { id: revenue, attribute: annual_revenue, range: { min: 10000000 }, points: 4 }
disqualifiers:
  - { id: micro, attribute: company_size, range: { max: 3 } }
  - { id: competitor_campaign, attribute: campaign, pattern: competitor }
engagement:
  - { id: visits, event_type: [page_view, pricing_page_view], points: 3, window_days: 30, half_life_days: 14, group: web }
  - { id: content, event_type: content_download, points: 5, cap: 15, group: web }
  - { id: email, event_type: [email_open, email_click], frequency: [{ min: 1, max: 3, points: 5 }, { min: 4, points: 15 }], group: email }
  - { id: demo, event_type: demo_request, points: 30, points_lost_per_week_inactive: 5 }
mql: { min_score: 50, fit_grade_at_least: B, engagement_band_at_least: 2 }
`),
  'bench',
);

function categorical(name: string, dictionary: string[], n: number, rand: () => number, missing = 0.03): FrameColumn {
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = rand() < missing ? -1 : Math.floor(rand() ** 1.5 * dictionary.length);
  return { kind: 'categorical', name, codes, dictionary };
}

function numeric(name: string, n: number, rand: () => number, median: number, missing: number): FrameColumn {
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = rand() < missing ? NaN : Math.round(median * Math.exp(1.6 * (rand() + rand() + rand() - 1.5)));
  return { kind: 'numeric', name, values };
}

function syntheticFrame(n: number): FeatureFrame {
  const rand = seededRandom(42);
  return {
    rows: n,
    leadIds: Array.from({ length: n }, (_, i) => `L${String(i).padStart(7, '0')}`),
    createdAt: new Float64Array(n).fill(NaN),
    snapshotAt: new Float64Array(n).fill(NaN),
    label: new Int8Array(n).fill(-1),
    columns: [
      categorical('job_title', JOB_TITLES.map((t) => t.title), n, rand),
      categorical('department', ['executive', 'finance', 'marketing', 'sales', 'operations', 'it', 'other'], n, rand),
      categorical('industry', [...INDUSTRIES], n, rand, 0),
      categorical('country', COUNTRIES.map(([c]) => c), n, rand, 0),
      categorical('channel', [...CHANNELS], n, rand, 0),
      categorical('campaign', ['brand_search', 'competitor_terms', 'generic_crm_terms', 'linkedin_lead_gen', 'nurture_sequence'], n, rand, 0.3),
      numeric('company_size', n, rand, 40, 0),
      numeric('annual_revenue', n, rand, 8_000_000, 0.15),
    ],
  };
}

const frame = syntheticFrame(rows);
const rand = seededRandom(7);
const builder = new EngagementPointsBuilder(ruleSet, frame.leadIds);
for (let i = 0; i < rows; i++) {
  for (let rule = 0; rule < ruleSet.engagement.length; rule++) {
    if (rand() < 0.5) builder.addAt(i, rule, 1 + Math.floor(rand() * 5), 10, 8, 8, 8 - Math.floor(rand() * 3), 0);
  }
}
const engagement = builder.build();
console.log(`frame: ${rows} leads, ${ruleSet.fit.length} fit rules, ${ruleSet.disqualifiers.length} disqualifiers, ${ruleSet.engagement.length} engagement rules; ${engagement.rule.length} engagement entries`);

const scorer = new RuleScorer(ruleSet);
const timings: number[] = [];
let mqls = 0;
for (let r = 0; r < repeats; r++) {
  const started = performance.now();
  const scores = scorer.score(frame, engagement);
  timings.push(performance.now() - started);
  mqls = scores.status.reduce((count, s) => count + (s === 1 ? 1 : 0), 0);
}
timings.sort((a, b) => a - b);
const rate = (ms: number) => ((rows / ms) * 1000 / 1e6).toFixed(2);
console.log(`RuleScorer.score: best ${timings[0].toFixed(0)} ms (${rate(timings[0])} M leads/s), median ${timings[Math.floor(repeats / 2)].toFixed(0)} ms (${rate(timings[Math.floor(repeats / 2)])} M leads/s); ${mqls} MQLs`);

if (withSql) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const eventTypes = EVENT_TYPES.map((t) => `'${t}'`).join(', ');
    await connection.run(`create table rule_leads as
      select 'L' || lpad(i::varchar, 7, '0') as lead_id, timestamp '2024-06-30' as scored_at from range(${numberLiteral(rows)}) t(i)`);
    await connection.run(`create table events as
      select lead_id, scored_at - to_seconds((random() * 90 * 86400)::bigint) as occurred_at,
             ([${eventTypes}])[1 + (random() * ${EVENT_TYPES.length - 1})::integer] as event_type,
             case when random() < 0.5 then random() * 120 end as value
      from rule_leads, range(8)`);
    let started = performance.now();
    await buildRuleEngagement(connection, ruleSet);
    const sqlMs = performance.now() - started;
    started = performance.now();
    // rule_leads was created in frame order from range(rows): row i's rowid is i.
    const read = await readEngagementPoints(connection, ruleSet, { leadIds: frame.leadIds, leadKeys: Int32Array.from({ length: rows }, (_, i) => i) });
    const readMs = performance.now() - started;
    console.log(`rule_engagement.sql over ${rows * 8} events: ${sqlMs.toFixed(0)} ms; reading ${read.rule.length} rows into EngagementPoints: ${readMs.toFixed(0)} ms`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
