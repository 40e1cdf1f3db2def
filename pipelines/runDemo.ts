/**
 * `leadscore demo`: the whole pipeline on an embedded default — generate a sample CRM, build
 * the training set, train, score the open leads into a DuckDB warehouse file — with nothing to
 * prepare and no server.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { fileURLToPath } from 'node:url';
import { loadConfig, resolveConfig, type ResolvedConfig } from '../data/config.ts';
import { generateSampleCrm } from '../data/generator/index.ts';
import { silentProgress, type Progress } from '../core/progress.ts';
import { trainModel } from './trainModel.ts';
import { scoreLeads, type ScoreResult } from './scoreLeads.ts';
import type { IngestSummary, TemperatureCounts } from './summaries.ts';

export interface DemoOptions {
  outDir?: string;
  leads?: number;
  seed?: number;
  /** A config whose non-source settings (label, snapshot, features, model, scoring) override the demo's. */
  configPath?: string;
  progress?: Progress;
}

export interface DemoResult {
  leads: number;
  dataDir: string;
  ingest: IngestSummary;
  holdout: { auc: number; strategy: string; testRows: number; metrics: Record<string, number>; rulesAuc: number | null };
  modelId: string;
  artifactPath: string;
  trainingSetPath: string;
  predictionsWritten: number;
  temperatures: TemperatureCounts;
  statuses: ScoreResult['statuses'];
  topLeads: ScoreResult['topLeads'];
  warehouse: string;
  table: string;
  /** The demo's config, saved so the other commands can run on the demo data. */
  configFile: string;
}

/** The demo's config: the generated files mapped onto the contract (they already use its names). */
export function demoConfig(dataDir: string, outDir: string, overrides: Partial<ResolvedConfig> = {}): ResolvedConfig {
  const raw = {
    name: 'demo',
    sources: {
      leads: { path: resolve(dataDir, 'leads.csv') },
      events: { path: resolve(dataDir, 'events.csv') },
      outcomes: { path: resolve(dataDir, 'outcomes.csv') },
      channel_costs: { path: resolve(dataDir, 'channel_costs.csv') },
    },
    label: overrides.label ?? { window_days: 90 },
    rules: overrides.rules ?? fileURLToPath(new URL('../data/rules/classic-points.yaml', import.meta.url)),
    blend: overrides.blend,
    snapshot: overrides.snapshot,
    features: overrides.features,
    model: overrides.model,
    evaluation: overrides.evaluation,
    scoring: overrides.scoring,
    output: { dir: outDir },
  };
  return resolveConfig(JSON.parse(JSON.stringify(raw)), '<demo config>', outDir);
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const progress = options.progress ?? silentProgress;
  const outDir = resolve(options.outDir ?? 'leadscore-demo');
  const dataDir = resolve(outDir, 'data');
  const leads = options.leads ?? 50_000;
  const overrides: Partial<ResolvedConfig> = options.configPath ? loadConfig(options.configPath) : {};

  let done = progress.stage(`generating a sample CRM of ${leads} leads in ${dataDir}`);
  // A few deliberately bad rows show the quarantine at work; the count scales with the data.
  const generated = await generateSampleCrm({
    outDir: dataDir,
    leads,
    seed: options.seed ?? 42,
    badRows: Math.max(6, Math.round(leads / 5000)),
    onProgress: (message) => progress.info(message),
  });
  done();

  // The generator knows its own "now"; the label windows are judged against it.
  const config = demoConfig(dataDir, outDir, {
    ...overrides,
    label: { window_days: overrides.label?.window_days ?? 90, as_of: generated.asOf.replace(' ', 'T') + 'Z' },
  });
  const configFile = writeDemoConfig(config, outDir);
  const trained = await trainModel(config, { progress });
  const scored = await scoreLeads(config, { progress, model: trained.models[0].id });
  const metrics = trained.models[0].metrics;
  return {
    leads,
    dataDir: generated.outDir,
    ingest: trained.ingest,
    holdout: {
      auc: metrics.auc,
      strategy: trained.evaluation.strategy,
      testRows: trained.evaluation.testRows,
      metrics: { ...metrics },
      rulesAuc: trained.rules?.metrics.auc ?? null,
    },
    modelId: trained.models[0].id,
    artifactPath: trained.artifactPath,
    trainingSetPath: trained.trainingSetPath,
    predictionsWritten: scored.predictionsWritten,
    temperatures: scored.temperatures,
    topLeads: scored.topLeads,
    statuses: scored.statuses,
    warehouse: scored.warehouse,
    table: scored.table,
    configFile,
  };
}

/**
 * Saves the demo's config as `<outDir>/leadscore.yaml`, so every other command (train, score,
 * report) can be tried on the demo data next. Paths are written relative to the file.
 */
function writeDemoConfig(config: ResolvedConfig, outDir: string): string {
  const { file: _file, baseDir: _baseDir, wide: _wide, sources, output, rules, ...settings } = config;
  const relativeTo = (path: string) => relative(outDir, path) || '.';
  const file = resolve(outDir, 'leadscore.yaml');
  const raw = {
    ...settings,
    sources: Object.fromEntries(Object.entries(sources).map(([table, source]) => [table, source?.path === undefined ? source : { ...source, path: relativeTo(source.path) }])),
    rules: rules === undefined ? undefined : relativeTo(rules),
    output: { ...output, dir: '.', warehouse: relativeTo(output.warehouse), files: output.files.map(relativeTo) },
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    file,
    `# Written by \`leadscore demo\`: the demo's settings, for trying the other commands on its data, e.g.\n` +
      `#   npx leadscore report roi --config ${relative(process.cwd(), file)}\n` +
      stringifyYaml(JSON.parse(JSON.stringify(raw))),
  );
  return file;
}
