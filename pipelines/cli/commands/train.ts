import { z } from 'zod';
import { defineCommand } from '../defineCommand.ts';
import { parseOptions, requireConfig } from '../options.ts';
import { trainModel } from '../../trainModel.ts';
import { formatIngest, formatMetrics } from '../format.ts';

const trainOptions = z.object({
  config: z.string().optional(),
  kind: z
    .string()
    .transform((s) => s.split(',').map((k) => k.trim()))
    .pipe(z.array(z.enum(['logreg', 'neural'])).min(1))
    .optional(),
  cv: z.coerce.number().int().min(2).optional(),
  strict: z.boolean().optional(),
});

export const trainCommand = defineCommand({
  name: 'train',
  description: 'check for leakage, fit and evaluate models on a holdout, calibrate, and save versioned artifacts',
  examples: [
    'leadscore train --config data/examples/x-education.yaml --json',
    'leadscore train --config leadscore.yaml --kind logreg,neural --cv 5 --strict',
  ],
  config: 'required',
  configure: (command) =>
    command
      .option('--kind <kinds>', 'model kinds, comma-separated: logreg, neural (default: the config\'s model.kinds)')
      .option('--cv <k>', 'also report mean and standard deviation of every metric over k stratified folds')
      .option('--strict', 'stop with exit code 2 when the leakage checks find anything'),
  async run(raw, progress) {
    const o = parseOptions(trainOptions, raw, 'train');
    const config = requireConfig(o.config, 'train');
    const result = await trainModel(config, { progress, kinds: o.kind, cv: o.cv, strict: o.strict });
    const lines = result.models.flatMap((model) => [
      `model ${model.id} (${model.kind}) saved to ${model.artifactPath}`,
      `  holdout (${result.evaluation.strategy}, ${result.evaluation.testRows} leads, ${model.calibration} calibration): ${formatMetrics(model.metrics)}`,
      ...(model.crossValidation
        ? [`  ${model.crossValidation.k}-fold CV: AUC ${model.crossValidation.mean.auc.toFixed(3)} ± ${model.crossValidation.std.auc.toFixed(3)}`]
        : []),
    ]);
    if (result.rules) lines.push(`  rule score (${result.rules.file}) on the same holdout: ${formatMetrics(result.rules.metrics)}`);
    if (result.leakage.length) lines.push(`  leakage findings: ${result.leakage.length} (see stderr or --json)`);
    return { json: { command: 'train', ...result }, text: [...lines, formatIngest(result.ingest)].join('\n') };
  },
});
