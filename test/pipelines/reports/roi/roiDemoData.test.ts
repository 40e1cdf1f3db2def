/**
 * `leadscore report roi` through the CLI on the generated sample CRM (the demo's data: costs,
 * amounts, campaigns, the classic-points rules), after `train` and `score`. The expected numbers
 * are recomputed here in plain TypeScript from the generated CSV files and the warehouse's
 * predictions, independently of the report's SQL.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { literal } from '../../../../core/sql.ts';
import { generateSampleCrm } from '../../../../data/generator/index.ts';
import { runCli } from '../../../helpers/cli.ts';
import { memoryConnection, rows } from '../../../helpers/duckdb.ts';

interface Expected {
  leads: number;
  won: number;
  revenue: number;
  spend: number;
  openLeads: number;
  pipeline: number;
  medianDays: number;
}

/** Per-channel numbers from the raw files, by plain loops (the CSVs are parsed by DuckDB's reader only). */
async function expectedFromFiles(dataDir: string, warehouse: string, modelId: string): Promise<Map<string, Expected>> {
  const c = await memoryConnection();
  const read = (file: string) => rows(c, `select * from read_csv(${literal(join(dataDir, file))}, all_varchar = true)`);
  const leads = await read('leads.csv');
  const outcomes = new Map((await read('outcomes.csv')).map((o) => [String(o.lead_id), o]));
  const costs = await read('channel_costs.csv');
  await c.run(`attach ${literal(warehouse)} as wh (read_only)`);
  const probability = new Map(
    (await rows(c, `select lead_id, probability from wh.predictions where model_id = ${literal(modelId)}`)).map((p) => [String(p.lead_id), Number(p.probability)]),
  );
  c.closeSync();

  const wonAmounts = new Map<string, number[]>();
  for (const lead of leads) {
    const outcome = outcomes.get(String(lead.lead_id));
    if (outcome?.status === 'won' && outcome.amount !== null) {
      const list = wonAmounts.get(String(lead.channel)) ?? [];
      list.push(Number(outcome.amount));
      wonAmounts.set(String(lead.channel), list);
    }
  }
  const all = [...wonAmounts.values()].flat();
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const expectedAmount = (ch: string) => ((wonAmounts.get(ch)?.length ?? 0) >= 5 ? mean(wonAmounts.get(ch)!) : mean(all));

  const days = new Map<string, number[]>();
  const out = new Map<string, Expected>();
  const entry = (ch: string) => {
    if (!out.has(ch)) out.set(ch, { leads: 0, won: 0, revenue: 0, spend: 0, openLeads: 0, pipeline: 0, medianDays: NaN });
    return out.get(ch)!;
  };
  for (const lead of leads) {
    const ch = String(lead.channel);
    const e = entry(ch);
    e.leads++;
    const outcome = outcomes.get(String(lead.lead_id));
    const status = outcome?.status ?? 'open';
    if (status === 'won') {
      e.won++;
      e.revenue += outcome!.amount === null ? 0 : Number(outcome!.amount);
      const utc = (text: unknown) => Date.parse(`${String(text).replace(' ', 'T')}Z`);
      const d = (utc(outcome!.closed_at) - utc(lead.created_at)) / 86_400_000;
      days.set(ch, [...(days.get(ch) ?? []), d]);
    }
    if (status === 'open') {
      e.openLeads++;
      e.pipeline += (probability.get(String(lead.lead_id)) ?? 0) * expectedAmount(ch);
    }
  }
  for (const cost of costs) entry(String(cost.channel)).spend += Number(cost.cost);
  for (const [ch, list] of days) {
    const sorted = [...list].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    entry(ch).medianDays = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
  return out;
}

describe('report roi on the generated sample CRM, through the CLI', () => {
  let root: string;
  let configPath: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'leadscore-roi-demo-'));
    const dataDir = join(root, 'data');
    const generated = await generateSampleCrm({ outDir: dataDir, leads: 2000, seed: 5 });
    configPath = join(root, 'leadscore.json');
    const file = (name: string) => ({ path: join(dataDir, name) });
    writeFileSync(
      configPath,
      JSON.stringify({
        name: 'demo',
        sources: { leads: file('leads.csv'), events: file('events.csv'), outcomes: file('outcomes.csv'), channel_costs: file('channel_costs.csv') },
        label: { window_days: 90, as_of: generated.asOf.replace(' ', 'T') + 'Z' },
        rules: fileURLToPath(new URL('../../../../data/rules/classic-points.yaml', import.meta.url)),
        output: { dir: join(root, 'out') },
      }),
    );
    for (const command of ['train', 'score']) {
      const run = await runCli(command, '--config', configPath, '--quiet', '--json');
      expect(run.code, run.stderr).toBe(0);
    }
  });

  it('matches per-channel numbers recomputed from the files and the warehouse', async () => {
    const run = await runCli('report', 'roi', '--config', configPath, '--quiet', '--json');
    expect(run.code, run.stderr).toBe(0);
    const result = run.json();
    expect(result.report).toBe('roi');
    const modelId = result.data.predictions.modelId as string;
    const expected = await expectedFromFiles(join(root, 'data'), join(root, 'out', 'warehouse.duckdb'), modelId);
    const channels = result.data.channels as Array<Record<string, number | string | null>>;
    expect(channels.map((c) => c.channel).sort()).toEqual([...expected.keys()].sort());
    for (const row of channels) {
      const e = expected.get(String(row.channel))!;
      expect(row, String(row.channel)).toMatchObject({ leads: e.leads, won: e.won, open_leads: e.openLeads, open_leads_scored: e.openLeads });
      expect(row.revenue as number).toBeCloseTo(e.revenue, 4);
      expect(row.spend as number).toBeCloseTo(e.spend, 4);
      expect(row.predicted_pipeline_value as number).toBeCloseTo(e.pipeline, 4);
      expect(row.median_days_to_close as number).toBeCloseTo(e.medianDays, 6);
      if (e.spend > 0) expect(row.roi as number).toBeCloseTo((e.revenue - e.spend) / e.spend, 9);
      else expect(row.roi).toBeNull();
      expect(row.mqls as number).toBeLessThanOrEqual(e.leads);
    }
    const total = result.data.total;
    expect(total.leads).toBe(2000);
    expect(total.mqls).toBeGreaterThan(0);
    // The generator's referral channel costs nothing: it shows everything but ROI, and says why.
    const referral = result.sections.find((s: { id: string }) => s.id === 'channels').rows.find((r: { channel: string }) => r.channel === 'referral');
    expect(referral).toMatchObject({ spend: 0, roi: null, note: 'no ROI: spend is 0' });
    expect(result.sections.filter((s: { kind: string }) => s.kind === 'chart')).toHaveLength(3);
  });

  it('filters by period and prints the terminal table by default', async () => {
    const json = (await runCli('report', 'roi', '--config', configPath, '--quiet', '--json', '--from', '2026-01-01', '--to', '2026-03-31')).json();
    expect(json.context.period).toBe('leads created 2026-01-01 to 2026-03-31');
    expect(json.data.total.leads).toBeGreaterThan(0);
    expect(json.data.total.leads).toBeLessThan(2000);
    const text = await runCli('report', 'roi', '--config', configPath, '--quiet');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/ROI by channel/);
    expect(text.stdout).toMatch(/Total/);
  });
});
