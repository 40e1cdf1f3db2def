/**
 * `report roi` on the shipped example configs over the real public datasets in ../shared beside
 * the repo (absent from a plain clone: then these skip, saying so; CI has it). Each config runs
 * with its output redirected to a temp folder. Counts are checked against the files themselves
 * (read here without the report's SQL) and against the datasets' published figures.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { literal } from '../../../../core/sql.ts';
import { resolveConfig, type ResolvedConfig } from '../../../../data/config.ts';
import { buildRoiReport } from '../../../../pipelines/reports/roiReport.ts';
import type { ChannelRow } from '../../../../pipelines/reports/roi/roiTables.ts';
import { trainModel } from '../../../../pipelines/trainModel.ts';
import { memoryConnection, rows } from '../../../helpers/duckdb.ts';

const examples = join(import.meta.dirname, '..', '..', '..', '..', 'data', 'examples');
const realData = join(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'real');
const haveRealData = existsSync(join(realData, 'x-education-leads.csv')) && existsSync(join(realData, 'olist-mqls.csv'));

/** The example config with its output in a fresh temp folder. */
function exampleConfig(name: string): ResolvedConfig {
  const file = join(examples, name);
  const raw = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>;
  raw.output = { dir: mkdtempSync(join(tmpdir(), 'leadscore-roi-real-')) };
  return resolveConfig(raw, file, examples);
}

/** Rows per value of `column`, with the file's empty values as null, by DuckDB's CSV reader alone. */
async function countsBy(file: string, column: string, where = 'true'): Promise<Map<string | null, number>> {
  const c = await memoryConnection();
  const counted = await rows(
    c,
    `select nullif(trim("${column}"), '') as key, count(*)::integer as n from read_csv(${literal(file)}, all_varchar = true) where ${where} group by all`,
  );
  c.closeSync();
  return new Map(counted.map((r) => [r.key as string | null, r.n as number]));
}

describe.skipIf(!haveRealData)('report roi on the real examples in ../shared/data/real (skipped when that folder is absent)', () => {
  it('Olist: funnel by origin, the illustrative spend, and what it cannot compute', async () => {
    const config = exampleConfig('olist.yaml');
    await trainModel(config);
    const report = await buildRoiReport(config, {});
    const channels = report.data.channels as ChannelRow[];
    const byName = new Map(channels.map((row) => [row.channel, row]));

    const leads = await countsBy(join(realData, 'olist-mqls.csv'), 'origin');
    for (const [origin, n] of leads) expect(byName.get(origin ?? '(no channel)')?.leads, String(origin)).toBe(n);
    const total = report.data.total as ChannelRow;
    expect(total).toMatchObject({ leads: 8000, won: 842, revenue: null, roi: null, open_leads: 0 });

    // Spend: the illustrative file's sum per channel, and cost per lead from it.
    const costs = readFileSync(join(examples, 'olist-channel-costs-illustrative.csv'), 'utf8').trim().split('\n').slice(1);
    const spend = new Map<string, number>();
    for (const line of costs) {
      const [channel, , cost] = line.split(',');
      spend.set(channel, (spend.get(channel) ?? 0) + Number(cost));
    }
    expect(byName.get('paid_search')!.spend).toBeCloseTo(spend.get('paid_search')!, 6);
    expect(byName.get('paid_search')!.cost_per_lead).toBeCloseTo(spend.get('paid_search')! / leads.get('paid_search')!, 9);
    expect(total.spend).toBeCloseTo([...spend.values()].reduce((s, x) => s + x, 0), 6);
    expect(byName.get('organic_search')).toMatchObject({ spend: null, cost_per_lead: null });
    expect(byName.get('paid_search')!.median_days_to_close).toBeGreaterThan(0);

    const missing = report.data.cannotCompute as string[];
    expect(missing.join('\n')).toMatch(/Revenue, ROI and predicted pipeline value: no won deal has an amount/);
    expect(missing.join('\n')).toMatch(/no open leads/);
    expect(report.data.mql).toMatchObject({ by: 'model' });
  });

  it('X Education (wide, no dates, no costs): runs, says what it cannot compute, refuses a period', async () => {
    const config = exampleConfig('x-education.yaml');
    await trainModel(config);
    const report = await buildRoiReport(config, {});
    const channels = report.data.channels as ChannelRow[];
    const file = join(realData, 'x-education-leads.csv');
    const leads = await countsBy(file, 'Lead Source');
    const won = await countsBy(file, 'Lead Source', `"Converted" = '1'`);
    for (const [source, n] of leads) {
      const row = channels.find((c) => c.channel === (source ?? '(no channel)'))!;
      expect(row.leads, String(source)).toBe(n);
      expect(row.won, String(source)).toBe(won.get(source) ?? 0);
    }
    expect(report.data.total).toMatchObject({ leads: 9240, won: 3561, spend: null, revenue: null, median_days_to_close: null });
    const missing = (report.data.cannotCompute as string[]).join('\n');
    expect(missing).toMatch(/no channel_costs source/);
    expect(missing).toMatch(/Median days to close: a wide source has no dates/);
    // MQLs by the model (no rule file): some leads, not all.
    const total = report.data.total as ChannelRow;
    expect(total.mqls).toBeGreaterThan(0);
    expect(total.mqls).toBeLessThan(total.leads);
    await expect(buildRoiReport(config, { period: { from: '2024-01-01', to: null } })).rejects.toThrow(/--from\/--to do not apply/);
  });
});
