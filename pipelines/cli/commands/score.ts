import { z } from 'zod';
import { defineCommand } from '../defineCommand.ts';
import { parseOptions, positiveInt, requireConfig } from '../options.ts';
import { scoreLeads, type ScoreResult } from '../../scoreLeads.ts';
import { formatIngest, formatTemperatures } from '../format.ts';

const scoreOptions = z.object({
  model: z.string().min(1),
  learnBlend: z.boolean().optional(),
  capacity: positiveInt.optional(),
  output: z.array(z.string().min(1)).default([]),
  recycled: z.boolean().optional(),
});

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export const scoreCommand = defineCommand({
  name: 'score',
  description: 'score every open lead with a trained model (lost ones too, as recycled, with --recycled) and write the predictions to the warehouse',
  examples: [
    'leadscore score --config leadscore.yaml --model champion --json',
    'leadscore score --config leadscore.yaml --learn-blend --capacity 200 --recycled --output scores.parquet',
  ],
  config: 'required',
  configure: (command) =>
    command
      .option('--model <id>', 'model id, "latest" or "champion"', 'champion')
      .option('--learn-blend', "learn the blend of model and rules on the model's holdout (logistic stacking) and report the AUCs side by side")
      .option('--capacity <n>', 'leads sales can work per week: sets the MQL threshold on the blended score (default scoring.capacity_per_week)')
      .option('--output <file>', 'also write the predictions to this .csv, .parquet or .arrow file (repeatable)', collect)
      .option('--recycled', 'also score lost leads, with status recycled: they keep being nurtured (default scoring.include_lost)'),
  async run(raw, progress) {
    const config = requireConfig(raw.config as string | undefined, 'score');
    const options = parseOptions(scoreOptions, raw, 'score');
    const result = await scoreLeads(config, {
      progress,
      model: options.model,
      learnBlend: options.learnBlend,
      capacity: options.capacity,
      outputs: options.output,
      includeLost: options.recycled,
    });
    return { json: { command: 'score', ...result }, text: summary(result) };
  },
});

function summary(result: ScoreResult): string {
  const lines = [
    `${result.predictionsWritten} predictions by model ${result.modelId} written to ${result.warehouse} (table ${result.table}), scored as of ${result.scoredAt}`,
    `  ${result.leads.open} open leads, ${result.leads.recycled} lost leads scored as recycled`,
    `  ${formatTemperatures(result.temperatures)}; status: ${Object.entries(result.statuses).map(([s, n]) => `${n} ${s}`).join(', ')}`,
    `  blended_score = ${result.blend.formula}`,
  ];
  const learned = result.blend.learned;
  if (learned) {
    const a = learned.auc;
    lines.push(
      `  learned on the model's holdout (${learned.holdout.rows} leads, ${learned.holdout.positives} converted): ` +
        `the rules give ${(100 * learned.ruleShare).toFixed(0)}% of the blend's spread`,
      `  ROC AUC on that holdout: model ${a.model.toFixed(3)}, rules ${a.rules.toFixed(3)}, ` +
        `learned blend ${a.blend.toFixed(3)} (${learned.holdout.folds}-fold cross-fitted), configured blend (weight ${learned.configuredWeight}) ${a.configured.toFixed(3)}`,
    );
  }
  const capacity = result.capacity;
  if (capacity) {
    lines.push(
      `  capacity ${capacity.capacityPerWeek} leads a week → MQL threshold ${capacity.threshold.toFixed(2)} on the blended score: ` +
        `${capacity.leadsAbove} leads above it, ${capacity.expectedConversions.toFixed(1)} expected conversions among them`,
    );
    if (capacity.perWeek && capacity.window) {
      lines.push(
        `  per week (measured on the ${capacity.window.weeks} weeks to ${capacity.window.to.slice(0, 10)}: ${capacity.arrivalsPerWeek!.toFixed(0)} new leads a week, ` +
          `${capacity.qualifyingPerWeek!.toFixed(0)} qualifying): ${capacity.perWeek.mqls.toFixed(1)} MQLs, ${capacity.perWeek.expectedConversions.toFixed(1)} expected conversions`,
      );
    }
  }
  for (const warning of result.warnings) lines.push(`  warning: ${warning}`);
  for (const file of result.files) lines.push(`  also written to ${file.path} (${file.format}, ${file.rows} rows)`);
  lines.push(formatIngest(result.ingest));
  return lines.join('\n');
}
