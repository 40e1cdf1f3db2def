/**
 * A small trained workspace for the report tests: a generated CRM (with channel costs and a few
 * bad rows), a logistic model trained on it with the classic points rules, and a config file
 * pointing at both, as a user would have after `leadscore train`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { loadConfig, type ResolvedConfig } from '../../../data/config.ts';
import { generateSampleCrm } from '../../../data/generator/index.ts';
import { trainModel, type TrainResult } from '../../../pipelines/trainModel.ts';

export interface TrainedWorkspace {
  root: string;
  configPath: string;
  config: ResolvedConfig;
  trained: TrainResult;
}

export async function trainedWorkspace(name: string, leads = 1500): Promise<TrainedWorkspace> {
  const root = mkdtempSync(join(tmpdir(), `leadscore-${name}-`));
  const data = join(root, 'data');
  await generateSampleCrm({ outDir: data, leads, seed: 11, badRows: 6 });
  const configPath = join(root, 'leadscore.yaml');
  writeFileSync(
    configPath,
    stringify({
      name: 'report-test',
      sources: {
        leads: { path: 'data/leads.csv' },
        events: { path: 'data/events.csv' },
        outcomes: { path: 'data/outcomes.csv' },
        channel_costs: { path: 'data/channel_costs.csv' },
      },
      label: { window_days: 90, as_of: '2026-06-30T23:59:59Z' },
      rules: fileURLToPath(new URL('../../../data/rules/classic-points.yaml', import.meta.url)),
      output: { dir: 'out' },
    }),
  );
  const config = loadConfig(configPath);
  const trained = await trainModel(config);
  return { root, configPath, config, trained };
}
