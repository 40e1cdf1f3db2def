import { defineCommand } from '../defineCommand.ts';
import { requireConfig } from '../options.ts';
import { trainModel } from '../../trainModel.ts';
import { formatIngest, formatMetrics } from '../format.ts';

export const trainCommand = defineCommand({
  name: 'train',
  description: 'fit a logistic-regression model, evaluate it on a holdout and save the artifact',
  examples: ['leadscore train --config data/examples/x-education.yaml --json'],
  config: 'required',
  async run(options, progress) {
    const config = requireConfig(options.config as string | undefined, 'train');
    const result = await trainModel(config, { progress });
    const model = result.models[0];
    return {
      json: { command: 'train', ...result },
      text: [
        `model ${model.id} (${model.kind}) saved to ${result.artifactPath}`,
        `  holdout (${result.evaluation.strategy}, ${result.evaluation.testRows} leads): ${formatMetrics(model.metrics)}`,
        formatIngest(result.ingest),
      ].join('\n'),
    };
  },
});
