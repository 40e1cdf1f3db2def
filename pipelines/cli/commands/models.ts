import { Command } from 'commander';
import { execute, type Io } from '../execute.ts';
import { requireConfig } from '../options.ts';
import { formatMetrics } from '../format.ts';
import { listModels, promoteModel, showModel, type ModelList, type ModelSummary, type PromoteResult } from '../../modelRegistry.ts';

interface CommonOptions {
  config?: string;
  json?: boolean;
  quiet?: boolean;
}

/** `leadscore models list|show|promote`. */
export function modelsCommand(setExit: (code: number) => void, io: Io): Command {
  // addCommand does not pass settings down: each subcommand must throw instead of exiting and print through io.
  const sub = (name: string) =>
    new Command(name)
      .option('--config <file>', 'config file (YAML or JSON)')
      .option('--json', 'print one JSON object on stdout')
      .option('--quiet', 'no progress on stderr')
      .exitOverride()
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const list = sub('list')
    .description('list the trained models, newest first, marking the champion and the latest')
    .addHelpText('after', '\nExample:\n  leadscore models list --config leadscore.yaml')
    .action(async (opts: CommonOptions) => {
      setExit(
        await execute(
          opts,
          async () => {
            const result = listModels(requireConfig(opts.config, 'models list').output.dir);
            return { json: { command: 'models list', ...result }, text: formatList(result) };
          },
          io,
        ),
      );
    });

  const show = sub('show')
    .description('show one model: parameters, holdout metrics, features, training set, versions')
    .argument('<model>', 'model id, "latest" or "champion"')
    .addHelpText('after', '\nExample:\n  leadscore models show champion --config leadscore.yaml --json')
    .action(async (ref: string, opts: CommonOptions) => {
      setExit(
        await execute(
          opts,
          async () => {
            const result = showModel(requireConfig(opts.config, 'models show').output.dir, ref);
            return { json: { command: 'models show', model: result }, text: formatSummary(result) };
          },
          io,
        ),
      );
    });

  const promote = sub('promote')
    .description("make a model the champion (the one score uses) if it beats the current champion's holdout AUC")
    .argument('<model>', 'model id, or "latest"')
    .option('--force', 'promote even when it compares worse than the champion')
    .addHelpText('after', '\nExample:\n  leadscore models promote latest --config leadscore.yaml')
    .action(async (ref: string, opts: CommonOptions & { force?: boolean }) => {
      setExit(
        await execute(
          opts,
          async (progress) => {
            const config = requireConfig(opts.config, 'models promote');
            const result = await promoteModel(config, ref, { force: opts.force, progress });
            return { json: { command: 'models promote', ...result }, text: formatPromotion(result) };
          },
          io,
        ),
      );
    });

  return new Command('models')
    .description('the model registry: list trained models, show one, promote one to champion')
    .addCommand(list)
    .addCommand(show)
    .addCommand(promote);
}

function auc(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(3);
}

/** Left-aligned columns, two spaces apart. */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((row) => row[j].length)));
  return rows.map((row) => row.map((cell, j) => cell.padEnd(widths[j])).join('  ').trimEnd()).join('\n');
}

function formatList(result: ModelList): string {
  if (result.models.length === 0 && result.unreadable.length === 0) {
    return `no trained model in ${result.registry}\n  run leadscore train --config <file> first`;
  }
  const rows = result.models.map((m) => [
    [m.champion && 'champion', m.latest && 'latest'].filter(Boolean).join(','),
    m.id,
    m.createdAt.replace('T', ' ').slice(0, 16),
    auc(m.holdout.auc),
    `${m.holdout.strategy} ${m.holdout.testRows}`,
    String(m.trainingRows),
    m.dataset,
  ]);
  const lines = [table([['', 'id', 'created (UTC)', 'auc', 'holdout', 'rows', 'dataset'], ...rows])];
  if (result.championFromLatest) lines.push('  no model was promoted yet: the latest model serves as champion');
  for (const bad of result.unreadable) lines.push(`  unreadable: ${bad.id}: ${bad.message}`);
  return lines.join('\n');
}

function formatSummary(m: ModelSummary): string {
  const roles = [m.champion && 'champion', m.latest && 'latest'].filter(Boolean).join(', ');
  const f = m.features;
  const metrics = Object.fromEntries(Object.entries(m.holdout.metrics).map(([k, v]) => [k, v ?? NaN]));
  const lines = [
    `model ${m.id} (${m.kind}${roles ? `, ${roles}` : ''}) trained ${m.createdAt} on ${m.dataset}`,
    `  ${m.path}`,
    `  params: ${JSON.stringify(m.params)}`,
    `  holdout (${m.holdout.strategy}, ${m.holdout.testRows} leads, trained on ${m.holdout.trainRows}): ${formatMetrics(metrics)}`,
    `  training set: ${m.trainingSet.rows} leads, ${m.trainingSet.positives} positive, fingerprint ${m.trainingSet.fingerprint}`,
    `  label rule: ${m.trainingSet.labelRule}`,
    `  snapshot rule: ${m.trainingSet.snapshotRule}`,
    `  features: ${f.leadColumns.length} lead columns (${f.leadColumns.map((c) => c.name).join(', ') || 'none'}), ` +
      `${f.eventTypes.length} event types × windows ${f.windowsDays.join('/')} days, ${f.encodedColumns} encoded columns`,
    `  versions: ${Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  ];
  if (m.leakage !== undefined) lines.push(`  leakage: ${JSON.stringify(m.leakage)}`);
  return lines.join('\n');
}

function formatPromotion(r: PromoteResult): string {
  if (!r.changed) return `model ${r.champion} already is the champion`;
  const lines = [`model ${r.champion} is now champion${r.forced ? ' (forced)' : ''}${r.previous ? `, replacing ${r.previous}` : ''}`];
  const c = r.comparison;
  if (c) {
    const basis = c.basis === 'recorded-holdout' ? 'holdout AUC recorded at training (same holdout)' : 'holdout AUC, both recipes refitted on the same training leads';
    lines.push(`  ${basis}: ${auc(c.challenger.auc)} vs champion's ${auc(c.champion.auc)}`);
    lines.push(`  holdout: ${c.holdout.strategy}, ${c.holdout.compared} of ${c.holdout.rows} leads compared, ${c.holdout.positives} positive`);
    if (c.champion.problem) lines.push(`  ${c.champion.problem}`);
    for (const caveat of c.caveats) lines.push(`  note: ${caveat}`);
  }
  return lines.join('\n');
}
