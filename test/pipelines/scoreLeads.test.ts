import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSampleCrm } from '../../data/generator/index.ts';
import { LeadscoreError } from '../../core/errors.ts';
import { demoConfig } from '../../pipelines/runDemo.ts';
import { trainModel } from '../../pipelines/trainModel.ts';
import { scoreLeads } from '../../pipelines/scoreLeads.ts';
import { memoryConnection, rows } from '../helpers/duckdb.ts';

const asOf = '2026-06-30T23:59:59Z';
let root: string;
let dataDir: string;

/** Copies the sample leads with `select` applied, into a new data folder that reuses the other files. */
async function variantData(name: string, select: string): Promise<string> {
  const dir = join(root, name);
  const c = await memoryConnection();
  await c.run(`create table leads as select * from read_csv('${join(dataDir, 'leads.csv')}', all_varchar = true)`);
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  await c.run(`copy (select ${select} from leads) to '${join(dir, 'leads.csv')}' (header, delimiter ',')`);
  for (const table of ['events', 'outcomes', 'channel_costs']) {
    await c.run(`copy (select * from read_csv('${join(dataDir, table + '.csv')}', all_varchar = true)) to '${join(dir, table + '.csv')}' (header)`);
  }
  return dir;
}

describe('scoring with a saved model', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'leadscore-score-'));
    dataDir = join(root, 'data');
    await generateSampleCrm({ outDir: dataDir, leads: 2500, seed: 7 });
    await trainModel(demoConfig(dataDir, join(root, 'out'), { label: { window_days: 90, as_of: asOf } }));
  });

  it('maps categories never seen in training to "other" instead of failing', async () => {
    const dir = await variantData('unseen', `* replace ('Quantum Farming' as industry, 'Mars' as country)`);
    const result = await scoreLeads(demoConfig(dir, join(root, 'out'), { label: { window_days: 90, as_of: asOf } }));
    expect(result.predictionsWritten).toBeGreaterThan(100);
    const c = await memoryConnection();
    await c.run(`attach '${result.warehouse}' as wh (read_only)`);
    const [stats] = await rows(c, 'select min(probability) as lo, max(probability) as hi, count(*)::integer as n from wh.predictions');
    expect(stats.n).toBe(result.predictionsWritten);
    expect(stats.lo).toBeGreaterThan(0);
    expect(stats.hi).toBeLessThan(1);
  });

  it('is repeatable: the same data and model give the same probabilities', async () => {
    const config = demoConfig(dataDir, join(root, 'out'), { label: { window_days: 90, as_of: asOf } });
    const first = await scoreLeads(config);
    const second = await scoreLeads(config);
    expect(second.topLeads).toEqual(first.topLeads);
    expect(second.temperatures).toEqual(first.temperatures);
  });

  it('stops with a model error naming the column when the data lacks a feature the model uses', async () => {
    const dir = await variantData('no-industry', '* exclude (industry)');
    const config = demoConfig(dir, join(root, 'out'), { label: { window_days: 90, as_of: asOf } });
    const error = await scoreLeads(config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeadscoreError);
    expect((error as LeadscoreError).code).toBe('model');
    expect((error as LeadscoreError).message).toMatch(/"industry" is missing/);
  });
});
