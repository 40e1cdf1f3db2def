import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { LeadscoreError } from '../../core/errors.ts';
import type { ResolvedConfig } from '../../data/config.ts';
import { generateSampleCrm } from '../../data/generator/index.ts';
import { modelsCommand } from '../../pipelines/cli/commands/models.ts';
import { listModels, promoteModel, showModel } from '../../pipelines/modelRegistry.ts';
import { demoConfig } from '../../pipelines/runDemo.ts';
import { trainModel } from '../../pipelines/trainModel.ts';
import { artifactPath } from '../../models/registry/registryDir.ts';
import type { CliRun } from '../helpers/cli.ts';
import { memoryConnection } from '../helpers/duckdb.ts';

const label = { window_days: 90, as_of: '2026-06-30T23:59:59Z' };
let root: string;
let dataDir: string;
let out: string;
let configFile: string;
const ids = { weak: '', good: '', overfit: '' };
const recordedAuc = { weak: 0, good: 0, overfit: 0 };

function config(dir = out, model?: ResolvedConfig['model'], data = dataDir): ResolvedConfig {
  return demoConfig(data, dir, { label, model } as Partial<ResolvedConfig>);
}

/**
 * The `leadscore` CLI as pipelines/cli/main.ts builds it, with only the models command (once
 * main.ts registers modelsCommand, test/helpers/cli.ts runCli reaches it the same way).
 */
async function runModels(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t) };
  let code = 0;
  const program = new Command('leadscore').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.addCommand(modelsCommand((c) => (code = c), io).exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr }));
  try {
    await program.parseAsync(['node', 'leadscore', 'models', ...args]);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = ['commander.helpDisplayed', 'commander.help'].includes(error.code) ? 0 : 2;
  }
  return {
    code,
    stdout,
    stderr,
    json() {
      const lines = stdout.trim().split('\n');
      if (lines.length !== 1) throw new Error(`expected one JSON line on stdout, got ${lines.length}:\n${stdout}`);
      return JSON.parse(lines[0]);
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<LeadscoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LeadscoreError);
  return error as LeadscoreError;
}

describe('model registry', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'leadscore-models-'));
    dataDir = join(root, 'data');
    out = join(root, 'out');
    await generateSampleCrm({ outDir: dataDir, leads: 2000, seed: 7 });
    // Trained in this order: the weak one becomes champion as the first model.
    const trained = {
      weak: await trainModel(config(out, { kinds: ['logreg'], C: 1e-6, class_weight: null, solver: 'auto', calibration: 'platt', neural: {} })),
      good: await trainModel(config(out)),
      // Barely regularised: worse on unseen leads, better on the leads it was fitted on.
      overfit: await trainModel(config(out, { kinds: ['logreg'], C: 1e6, class_weight: null, solver: 'auto', calibration: 'platt', neural: {} })),
    };
    for (const name of ['weak', 'good', 'overfit'] as const) {
      ids[name] = trained[name].models[0].id;
      recordedAuc[name] = trained[name].models[0].metrics.auc;
    }
    expect(recordedAuc.good).toBeGreaterThan(recordedAuc.weak);
    expect(recordedAuc.good).toBeGreaterThan(recordedAuc.overfit);
    configFile = join(root, 'leadscore.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        name: 'demo',
        sources: {
          leads: { path: join(dataDir, 'leads.csv') },
          events: { path: join(dataDir, 'events.csv') },
          outcomes: { path: join(dataDir, 'outcomes.csv') },
          channel_costs: { path: join(dataDir, 'channel_costs.csv') },
        },
        label,
        output: { dir: out },
      }),
    );
  });

  it('lists the models newest first; the first trained is champion until a promotion', () => {
    const list = listModels(out);
    expect(list.models.map((m) => m.id)).toEqual([ids.overfit, ids.good, ids.weak]);
    expect(list).toMatchObject({ champion: ids.weak, championFromLatest: false, latest: ids.overfit, unreadable: [] });
    expect(list.models[2]).toMatchObject({
      id: ids.weak,
      kind: 'logreg',
      dataset: 'demo',
      champion: true,
      latest: false,
      holdout: { auc: recordedAuc.weak, strategy: 'time', testRows: expect.any(Number) },
      trainingRows: expect.any(Number),
    });
    expect(list.models.filter((m) => m.champion || m.latest).map((m) => m.id)).toEqual([ids.overfit, ids.weak]);
  });

  it('shows a model by id, latest or champion', () => {
    const champion = showModel(out, 'champion');
    expect(champion).toMatchObject({
      id: ids.weak,
      champion: true,
      latest: false,
      params: { C: 1e-6 },
      holdout: { strategy: 'time', metrics: { auc: recordedAuc.weak } },
      trainingSet: { fingerprint: expect.any(String), labelRule: expect.stringContaining('90 days') },
      versions: { leadscore: expect.any(String) },
    });
    expect(champion.features.leadColumns.map((c) => c.name)).toContain('industry');
    expect(champion.features.encodedColumns).toBeGreaterThan(10);
    expect(champion.leakage).toEqual(expect.arrayContaining([expect.objectContaining({ kind: expect.any(String) })]));
    expect(showModel(out, 'latest').id).toBe(ids.overfit);
    expect(showModel(out, ids.good).params).toMatchObject({ C: 1 });
  });

  it('promotes a better model, on the holdout AUCs both recorded on the same leads', async () => {
    const result = await promoteModel(config(), ids.good);
    expect(result).toMatchObject({ champion: ids.good, previous: ids.weak, changed: true, forced: false });
    expect(result.comparison).toMatchObject({
      basis: 'recorded-holdout',
      challenger: { id: ids.good, auc: recordedAuc.good },
      champion: { id: ids.weak, auc: recordedAuc.weak },
    });
    expect(listModels(out).champion).toBe(ids.good);
  });

  // An in-sample comparison (saved models scored on rows they were fitted on) would promote it.
  it('refuses an overfitted model that only wins on the leads it was fitted on', async () => {
    const error = await rejection(promoteModel(config(), ids.overfit));
    expect(error.code).toBe('model');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(recordedAuc.overfit.toFixed(4));
    expect(error.message).toContain(recordedAuc.good.toFixed(4));
    expect(error.details.hint).toMatch(/--force/);
    expect(listModels(out).champion).toBe(ids.good);
  });

  it('CLI: refuses a worse model with exit 2 and one JSON error, promotes it with --force', async () => {
    const refused = await runModels('promote', ids.weak, '--config', configFile, '--json', '--quiet');
    expect(refused.code).toBe(2);
    const error = refused.json();
    expect(error).toMatchObject({ ok: false, error: { code: 'model' } });
    expect(error.error.message).toContain(`not promoting model ${ids.weak}`);
    expect(error.error.message).toContain(recordedAuc.weak.toFixed(4));
    expect(error.error.message).toContain(recordedAuc.good.toFixed(4));
    expect(refused.stderr).toContain('pass --force');

    const forced = await runModels('promote', ids.weak, '--config', configFile, '--json', '--quiet', '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.json()).toMatchObject({
      ok: true,
      command: 'models promote',
      champion: ids.weak,
      previous: ids.good,
      changed: true,
      forced: true,
      comparison: { basis: 'recorded-holdout', challenger: { id: ids.weak }, champion: { id: ids.good } },
    });
    const again = await runModels('promote', ids.weak, '--config', configFile, '--json', '--quiet');
    expect(again.json()).toMatchObject({ ok: true, champion: ids.weak, changed: false, comparison: null });
    expect((await runModels('promote', 'champion', '--config', configFile, '--quiet')).stdout).toBe(`model ${ids.weak} already is the champion\n`);
    // Training moves latest, never a champion that exists (test/models/registry covers saving).
    expect(readFileSync(join(out, 'models', 'champion'), 'utf8').trim()).toBe(ids.weak);
  });

  it('CLI: list, show and the unknown-id error, as one JSON object each', async () => {
    const list = await runModels('list', '--config', configFile, '--json');
    expect(list.code, list.stderr).toBe(0);
    const listed = list.json();
    expect(listed).toMatchObject({ ok: true, command: 'models list', champion: ids.weak, registry: join(out, 'models') });
    expect(listed.models).toHaveLength(3);
    expect(Object.keys(listed.models[0]).sort()).toEqual(
      ['champion', 'createdAt', 'dataset', 'holdout', 'id', 'kind', 'latest', 'positives', 'trainingRows'].sort(),
    );

    const table = await runModels('list', '--config', configFile);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/id\s+created \(UTC\)\s+auc\s+holdout\s+rows\s+dataset/);
    expect(lines.find((l) => l.includes(ids.weak))).toMatch(/^champion\s/);
    expect(lines[1]).toMatch(/^latest\s/);

    const show = await runModels('show', 'champion', '--config', configFile, '--json');
    expect(show.code, show.stderr).toBe(0);
    expect(show.json()).toMatchObject({ ok: true, command: 'models show', model: { id: ids.weak, kind: 'logreg', holdout: { strategy: 'time' } } });
    const text = await runModels('show', ids.good, '--config', configFile);
    expect(text.stdout).toContain(`model ${ids.good} (logreg)`);
    expect(text.stdout).toMatch(/holdout \(time, \d+ leads/);

    const unknown = await runModels('show', 'logreg-nope', '--config', configFile, '--json');
    expect(unknown.code).toBe(2);
    const message = unknown.json().error.message as string;
    expect(message).toContain('"logreg-nope" not found');
    for (const id of Object.values(ids)) expect(message).toContain(id);

    expect((await runModels('promote', '--config', configFile)).code).toBe(2);
    expect((await runModels('list', '--json')).json()).toMatchObject({ ok: false, error: { code: 'usage' } });
  });

  it('refits both recipes on the same training leads when the recorded holdouts differ', async () => {
    const copy = join(root, 'refit');
    cpSync(out, copy, { recursive: true });
    // As artifacts written before split parameters and holdout fingerprints were recorded.
    for (const id of Object.values(ids)) {
      const path = artifactPath(copy, id);
      const artifact = JSON.parse(readFileSync(path, 'utf8'));
      const { fraction, seed, holdoutFingerprint, ...evaluation } = artifact.evaluation;
      artifact.evaluation = evaluation;
      writeFileSync(path, JSON.stringify(artifact));
    }
    const result = await promoteModel(config(copy), ids.good, { force: true });
    const c = result.comparison!;
    expect(c.basis).toBe('refit-holdout');
    expect(c.holdout).toMatchObject({ strategy: 'time', splitFrom: 'config' });
    expect(c.holdout.compared).toBe(c.holdout.rows);
    // Refitting the recipe on the rebuilt split reproduces what training measured.
    expect(c.challenger.auc).toBeCloseTo(recordedAuc.good, 10);
    expect(c.champion.auc).toBeCloseTo(recordedAuc.weak, 10);
    expect(c.caveats.join('\n')).toMatch(/recipe on today's data/);
    const error = await rejection(promoteModel(config(copy), ids.overfit));
    expect(error.message).toContain(recordedAuc.overfit.toFixed(4));
  });

  it('stops with a model error when the data lacks a feature the challenger uses', async () => {
    const c = await memoryConnection();
    const variant = join(root, 'no-industry');
    mkdirSync(variant);
    await c.run(
      `copy (select * exclude (industry) from read_csv('${join(dataDir, 'leads.csv')}', all_varchar = true)) to '${join(variant, 'leads.csv')}' (header)`,
    );
    for (const table of ['events', 'outcomes', 'channel_costs']) cpSync(join(dataDir, `${table}.csv`), join(variant, `${table}.csv`));
    const error = await rejection(promoteModel(demoConfig(variant, out, { label }), ids.good, { force: true }));
    expect(error.code).toBe('model');
    expect(error.message).toMatch(/"industry" is missing/);
    expect(listModels(out).champion).toBe(ids.weak);
  });
});
